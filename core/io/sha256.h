// SPDX-License-Identifier: MIT
#pragma once
// SHA-256 (FIPS 180-4), for the digests of the user's files that a figure's sidecar records. The
// readers hash the bytes as they read them, so a digest is always of the bytes a run used, never
// of a file read a second time (which may have changed, or may not be the file that was read).
// Plain and portable: ~200–400 MB/s, small beside parsing a file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dimscope {

class Sha256 {
public:
    Sha256();
    /// Adds `size` bytes to the message.
    void update(const void *data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    /// The digest as 64 lower-case hexadecimal digits, as sha256sum prints it. Ends the message:
    /// call once.
    std::string hex();

private:
    void compress(const unsigned char *block);

    std::array<std::uint32_t, 8> m_state;
    std::array<unsigned char, 64> m_block{};
    std::size_t m_used = 0;    ///< bytes waiting in m_block
    std::uint64_t m_total = 0; ///< bytes of the message so far
};

/// SHA-256 of `bytes` as 64 lower-case hexadecimal digits.
std::string sha256Hex(std::string_view bytes);

} // namespace dimscope
