// SPDX-License-Identifier: MIT
#pragma once
// What every harness shares. The readers under test read users' files by path (they refuse FIFOs,
// folders and devices, and hash the bytes they read), so each input is written to a file in a
// private folder first and read from there, through the same code a user's file goes through.
//
// The property checked beyond "no crash, no sanitizer report": a reader that refuses its input
// does so with an exception derived from std::exception whose message is short, since every
// message quotes at most an excerpt of the bad input. Anything else traps, so libFuzzer saves it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace dimscope::fuzz {

/// Messages quote a short excerpt of the input and name the file; none needs more than this.
inline constexpr std::size_t kLongestMessage = 2000;

/// A folder of this process's own under $TMPDIR (or /tmp), made on first use.
inline const std::string &scratchFolder() {
    static const std::string folder = [] {
        const char *tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/dimscope-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data()))
            std::abort();
        return pattern;
    }();
    return folder;
}

/// Writes `bytes` to `name` in the scratch folder, replacing what was there; returns its path.
inline std::string writeInput(const std::string &name, std::string_view bytes) {
    const std::string path = scratchFolder() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        std::abort();
    return path;
}

/// Runs `read`; a std::exception with a short message is a refusal, as a user would see it.
template <class Read>
void refusesCleanly(Read &&read) {
    try {
        read();
    } catch (const std::exception &e) {
        if (std::string_view(e.what()).size() > kLongestMessage) {
            std::fprintf(stderr, "message of %zu characters\n", std::string_view(e.what()).size());
            std::abort();
        }
    }
}

inline std::string_view bytesOf(const std::uint8_t *data, std::size_t size) {
    return {reinterpret_cast<const char *>(data), size};
}

} // namespace dimscope::fuzz
