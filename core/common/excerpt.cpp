// SPDX-License-Identifier: MIT
#include "common/excerpt.h"

#include <algorithm>
#include <cstdio>

namespace dimscope {

namespace {

constexpr std::size_t kExcerptBytes = 40;

} // namespace

std::string sizeText(std::uint64_t bytes) {
    char buffer[32];
    if (bytes >= (std::uint64_t(1) << 30))
        std::snprintf(buffer, sizeof buffer, "%.1f GiB", double(bytes) / double(1 << 30));
    else if (bytes >= (1 << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", double(bytes) / double(1 << 20));
    else
        std::snprintf(buffer, sizeof buffer, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buffer;
}

std::string excerpt(std::string_view text) {
    std::size_t cut = std::min(text.size(), kExcerptBytes);
    // Back off to the start of a UTF-8 character, never cutting one in two.
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    std::string out = "'";
    for (std::size_t i = 0; i < cut; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out +=
            c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c); // keep messages one printable line
    }
    out += cut < text.size() ? "…' (" + sizeText(text.size()) + ")" : std::string("'");
    return out;
}

} // namespace dimscope
