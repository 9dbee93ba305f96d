// SPDX-License-Identifier: MIT
#pragma once
// Short excerpts of what a user typed or a file held, for messages: every message that quotes a
// user's input quotes it through excerpt(), so a 200 MB cell or a 5000-item list makes a short
// message, on one line.

#include <cstdint>
#include <string>
#include <string_view>

namespace dimscope {

/// At most about 40 bytes of `text` in single quotes, cut on a UTF-8 boundary, control characters
/// shown as '?', with the full length when cut: 'abc', 'aaaa…' (200.0 MiB).
std::string excerpt(std::string_view text);

/// "812 bytes", "3.4 MiB", "1.0 GiB".
std::string sizeText(std::uint64_t bytes);

} // namespace dimscope
