// SPDX-License-Identifier: MIT
// SHA-256 against the FIPS 180-2 examples (appendix B) and sha256sum, whole and in pieces.
#include <gtest/gtest.h>

#include <string>

#include "io/sha256.h"

using dimscope::Sha256;
using dimscope::sha256Hex;

TEST(Sha256, FipsExamples) {
    EXPECT_EQ(sha256Hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // B.1
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"); // B.2
    EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"); // B.3
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, PiecesOfEverySizeGiveTheWholeDigest) {
    // Lengths around the 55/56/64-byte padding boundaries, fed in pieces of every size.
    for (std::size_t length : {0u, 1u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 1000u}) {
        std::string message;
        for (std::size_t i = 0; i < length; ++i)
            message += static_cast<char>((i * 31 + 7) & 0xff);
        const std::string whole = sha256Hex(message);
        for (std::size_t piece : {1u, 3u, 63u, 64u, 65u}) {
            Sha256 hash;
            for (std::size_t at = 0; at < message.size(); at += piece)
                hash.update(std::string_view(message).substr(at, piece));
            EXPECT_EQ(hash.hex(), whole) << "length " << length << ", pieces of " << piece;
        }
    }
    // sha256sum of "The quick brown fox jumps over the lazy dog" (no newline).
    EXPECT_EQ(sha256Hex("The quick brown fox jumps over the lazy dog"),
              "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}
