// SPDX-License-Identifier: MIT
// .npy headers that promise more than a file can hold: a shape whose byte count wraps past 2^64
// was read as 0 bytes and then died in "vector::_M_default_append" (issue 13, defect 9); now the
// message names the shape. A header length in the gigabytes is refused, not allocated.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "io/npy.h"

using namespace dimscope;

namespace {

/// A version-`major` file with this header dictionary and these data bytes.
std::string npy(int major, const std::string &dict, const std::string &data = {}) {
    std::string header = dict;
    const std::size_t pre = major == 1 ? 10 : 12;
    header.append((64 - (pre + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string b = "\x93NUMPY";
    b += static_cast<char>(major);
    b += '\0';
    for (int i = 0; i < (major == 1 ? 2 : 4); ++i)
        b += static_cast<char>((header.size() >> (8 * i)) & 0xff);
    return b + header + data;
}

std::string errorOf(const std::string &bytes) {
    const std::string path = "/tmp/dimscope_npy_limits_" + std::to_string(::getpid()) + ".npy";
    std::ofstream(path, std::ios::binary) << bytes;
    std::string message = "(read without error)";
    try {
        readNpy(path);
    } catch (const std::exception &e) {
        message = e.what();
    }
    std::remove(path.c_str());
    return message;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(NpyLimits, AByteCountThatWrapsPast2To64NamesTheShape) {
    // 2^61 float64 values are 2^64 bytes: 0 once wrapped, so a file of the header alone passed.
    std::string e = errorOf(
        npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952, 1), }"));
    EXPECT_TRUE(contains(e, "the shape (2305843009213693952, 1) of float64 values needs more than "
                            "2^64 bytes"))
        << e;
    e = errorOf(npy(
        1, "{'descr': '<f4', 'fortran_order': True, 'shape': (4611686018427387904, 4), }", "abcd"));
    EXPECT_TRUE(contains(e, "(4611686018427387904, 4) of float32 values needs more than 2^64"))
        << e;
    // rows × cols itself past 2^64.
    e = errorOf(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (9000000000000000000, "
                       "9000000000000000000), }"));
    EXPECT_TRUE(contains(e, "needs more than 2^64 bytes")) << e;
}

TEST(NpyLimits, AShapeLargerThanTheFileSaysBoth) {
    const std::string e =
        errorOf(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000), }",
                    std::string(16, '\0')));
    EXPECT_TRUE(contains(e, "truncated") && contains(e, "shape (1000000, 1000)") &&
                contains(e, "8000000000 data bytes"))
        << e;
}

TEST(NpyLimits, AHugeHeaderLengthIsRefusedBeforeItIsRead) {
    // Version 2 has a 4-byte header length: 4 GiB from a damaged file.
    std::string bytes = "\x93NUMPY";
    bytes += '\x02';
    bytes += '\0';
    bytes += std::string("\xf0\xff\xff\xff", 4);
    bytes += std::string(100, ' ');
    const std::string e = errorOf(bytes);
    EXPECT_TRUE(contains(e, "byte 8") && contains(e, "a header of 4294967280 bytes")) << e;
}
