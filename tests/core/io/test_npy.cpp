// SPDX-License-Identifier: MIT
// .npy and CSV/TSV loaders: round trips for every supported type and order, hand-made v2/v3 and
// big-endian headers, and a clear message (file, offset or line/column, what was expected) for
// every malformed case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include "io/delimited.h"
#include "io/npy.h"

using namespace dimscope;

namespace {

std::string tempPath(const std::string &name) {
    return ::testing::TempDir() + "dimscope_test_npy_" + name;
}

void writeBytes(const std::string &path, const std::string &bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A raw .npy with any header text (version `major`), followed by `data`.
std::string rawNpy(int major, const std::string &dict, const std::string &data) {
    std::string h = dict;
    const std::size_t pre = major == 1 ? 10 : 12;
    h.append((64 - (pre + h.size() + 1) % 64) % 64, ' ');
    h += '\n';
    std::string b = "\x93NUMPY";
    b += static_cast<char>(major);
    b += '\0';
    const std::size_t len = h.size();
    b += static_cast<char>(len & 0xff);
    b += static_cast<char>((len >> 8) & 0xff);
    if (major > 1) {
        b += '\0';
        b += '\0';
    }
    return b + h + data;
}

template <class T>
std::string bytesOf(std::initializer_list<T> values, bool bigEndian = false) {
    std::string s;
    for (T v : values) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        if (bigEndian)
            std::reverse(b, b + sizeof(T));
        s.append(b, sizeof(T));
    }
    return s;
}

std::string errorOf(const std::function<void()> &f) {
    try {
        f();
    } catch (const DataFileError &e) {
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST(Npy, RoundTripEveryTypeAndOrder) {
    for (NpyType type : {NpyType::Float32, NpyType::Float64, NpyType::Int32, NpyType::Int64}) {
        for (bool fortran : {false, true}) {
            NpyArray a;
            a.type = type;
            a.rows = 3;
            a.cols = 2;
            if (a.isInteger())
                a.integer = {1, -2, 3, 2147483647, 5, -6};
            else
                a.real = {1.5, -2.25, 3, 4e10, 0.125, -6};
            const std::string path = tempPath("roundtrip.npy");
            writeNpy(path, a, fortran);
            const NpyArray b = readNpy(path);
            EXPECT_EQ(b.type, type);
            EXPECT_EQ(b.rows, 3);
            EXPECT_EQ(b.cols, 2);
            EXPECT_EQ(b.integer, a.integer) << npyTypeName(type) << " fortran " << fortran;
            EXPECT_EQ(b.real, a.real) << npyTypeName(type) << " fortran " << fortran;
        }
    }
}

TEST(Npy, FortranOrderIsTransposedCorrectly) {
    // Column-major bytes 1 2 3 4 5 6 for shape (2, 3) mean rows [1 3 5] and [2 4 6].
    const std::string path = tempPath("fortran.npy");
    writeBytes(path, rawNpy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                            bytesOf<double>({1, 2, 3, 4, 5, 6})));
    const NpyArray a = readNpy(path);
    EXPECT_EQ(a.real, (std::vector<double>{1, 3, 5, 2, 4, 6}));
}

TEST(Npy, Version2And3HeadersAndBigEndian) {
    const std::string path = tempPath("v2.npy");
    writeBytes(path, rawNpy(2, "{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \">i4\"}",
                            bytesOf<std::int32_t>({7, -8}, true)));
    EXPECT_EQ(readNpy(path).integer, (std::vector<std::int64_t>{7, -8}));
    writeBytes(path, rawNpy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }",
                            bytesOf<float>({0.5f, 2.0f})));
    EXPECT_EQ(readNpy(path).real, (std::vector<double>{0.5, 2.0}));
}

TEST(Npy, WriterOutputIsStandard) {
    NpyArray a;
    a.type = NpyType::Float32;
    a.rows = 1;
    a.cols = 1;
    a.real = {1};
    const std::string path = tempPath("standard.npy");
    writeNpy(path, a);
    const std::string bytes = readBytes(path);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    EXPECT_EQ(bytes.size() % 64, 4u); // 64-aligned header, then 4 data bytes
    EXPECT_TRUE(contains(bytes, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }"));
}

TEST(Npy, EveryMalformedCaseNamesFileOffsetAndExpectation) {
    const std::string path = tempPath("bad.npy");
    const auto load = [&](const std::string &bytes) {
        writeBytes(path, bytes);
        return errorOf([&] { readNpy(path); });
    };
    const std::string good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
    const std::string data = bytesOf<double>({1, 2, 3, 4});

    std::string e = load("");
    EXPECT_TRUE(contains(e, path) && contains(e, "byte 0") && contains(e, "empty")) << e;
    e = load("PK\x03\x04 not numpy at all");
    EXPECT_TRUE(contains(e, "byte 0") && contains(e, "magic")) << e;
    e = load(rawNpy(1, good, data).substr(0, 9));
    EXPECT_TRUE(contains(e, "preamble")) << e;
    e = load(rawNpy(1, good, data).substr(0, 40));
    EXPECT_TRUE(contains(e, "ends inside the header")) << e;
    e = load(rawNpy(1, good, data.substr(0, 20)));
    EXPECT_TRUE(contains(e, "truncated") && contains(e, "expected 32 data bytes") &&
                contains(e, "byte 148") && contains(e, "from byte 128"))
        << e;
    e = load(rawNpy(1, good, data + "xx"));
    EXPECT_TRUE(contains(e, "unexpected bytes after the data")) << e;
    e = load(rawNpy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2), }", data));
    EXPECT_TRUE(contains(e, "unsupported dtype '<c16'") &&
                contains(e, "float32, float64, int32 or int64"))
        << e;
    e = load(rawNpy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }", "abcd"));
    EXPECT_TRUE(contains(e, "unsupported dtype '|u1'")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }", data));
    EXPECT_TRUE(contains(e, "3 dimension(s)") && contains(e, "2-D")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", data));
    EXPECT_TRUE(contains(e, "1 dimension(s)")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", ""));
    EXPECT_TRUE(contains(e, "empty")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2), }", data));
    EXPECT_TRUE(contains(e, "True or False")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'shape': (2, 2), }", data));
    EXPECT_TRUE(contains(e, "'fortran_order'")) << e;
    e = load(rawNpy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", data));
    EXPECT_TRUE(contains(e, "integer in 'shape'")) << e;
    std::string version9 = rawNpy(1, good, data);
    version9[6] = 9;
    e = load(version9);
    EXPECT_TRUE(contains(e, "byte 6") && contains(e, "version 9")) << e;
    e = load(rawNpy(1, good, bytesOf<double>({1, 2, std::numeric_limits<double>::quiet_NaN(), 4})));
    EXPECT_TRUE(contains(e, "NaN at row 2, column 1")) << e;
    e = load(rawNpy(1, good, bytesOf<double>({1, std::numeric_limits<double>::infinity(), 3, 4})));
    EXPECT_TRUE(contains(e, "infinite value at row 1, column 2")) << e;
    e = errorOf([] { readNpy("/nonexistent/dir/x.npy"); });
    EXPECT_TRUE(contains(e, "/nonexistent/dir/x.npy") && contains(e, "cannot open")) << e;
}

TEST(Delimited, HeaderCommaTabQuotesBlankLinesAndCrlf) {
    const DelimitedTable t =
        parseDelimited("\xEF\xBB\xBFx,y,z\r\n1,2,3\r\n\r\n\"4\", 5.5 ,-6e1\r\n", "a.csv", ',');
    EXPECT_EQ(t.rows, 2);
    EXPECT_EQ(t.cols, 3);
    EXPECT_EQ(t.header, (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_EQ(t.values, (std::vector<double>{1, 2, 3, 4, 5.5, -60}));
    const DelimitedTable noHeader = parseDelimited("1\t2\n3\t4\n", "a.tsv", '\t');
    EXPECT_TRUE(noHeader.header.empty());
    EXPECT_EQ(noHeader.values, (std::vector<double>{1, 2, 3, 4}));
}

TEST(Delimited, FileSeparatorFromExtensionOrContent) {
    const std::string tsv = tempPath("table.tsv");
    writeBytes(tsv, "a\tb\n1\t2\n");
    EXPECT_EQ(readDelimited(tsv, 1 << 20).values, (std::vector<double>{1, 2}));
    const std::string csvWithTabs = tempPath("table.csv");
    writeBytes(csvWithTabs, "1\t2\n3\t4\n");
    EXPECT_EQ(readDelimited(csvWithTabs, 1 << 20).cols, 2);
}

TEST(Delimited, BadInputNamesLineAndColumn) {
    const auto err = [](const std::string &text) {
        return errorOf([&] { parseDelimited(text, "pts.csv", ','); });
    };
    std::string e = err("1,2,3\n4,5\n");
    EXPECT_TRUE(contains(e, "pts.csv: line 2") &&
                contains(e, "2 comma-separated cells; expected 3"))
        << e;
    e = err("h1,h2\n1,2\n3,abc\n");
    EXPECT_TRUE(contains(e, "line 3, column 2") && contains(e, "'abc' is not a number")) << e;
    e = err("1,2\n3,nan\n");
    EXPECT_TRUE(contains(e, "line 2, column 2") && contains(e, "not finite")) << e;
    e = err("1,inf\n");
    EXPECT_TRUE(contains(e, "line 1, column 2") && contains(e, "not finite")) << e;
    e = err("1,,3\n");
    EXPECT_TRUE(contains(e, "line 1, column 2") && contains(e, "empty cell")) << e;
    e = err("");
    EXPECT_TRUE(contains(e, "empty")) << e;
    e = err("\n  \n");
    EXPECT_TRUE(contains(e, "empty")) << e;
    e = err("a,b\n");
    EXPECT_TRUE(contains(e, "only a header")) << e;
    e = err("1,x\n"); // first line partly numeric: not a header
    EXPECT_TRUE(contains(e, "line 1, column 2")) << e;
}
