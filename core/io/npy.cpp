// SPDX-License-Identifier: MIT
#include "io/npy.h"

#include "io/atomic_file.h"
#include "io/user_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace dimscope {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
/// NumPy writes headers of a few hundred bytes and its own reader refuses those over 10000 by
/// default; a 4 GiB header length from a damaged file is refused instead of allocated.
constexpr std::uint64_t kMaxHeaderBytes = 65536;

/// As NumPy prints a shape: (8,), (3, 4, 5), ().
std::string shapeText(const std::vector<std::int64_t> &shape) {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + (shape.size() == 1 ? ",)" : ")");
}

[[noreturn]] void fail(const std::string &path, std::uint64_t offset, const std::string &what) {
    throw DataFileError(path + ": byte " + std::to_string(offset) + ": " + what);
}

bool hostIsLittleEndian() {
    const std::uint16_t probe = 1;
    unsigned char first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

std::size_t itemSize(NpyType t) { return (t == NpyType::Float32 || t == NpyType::Int32) ? 4 : 8; }

/// The few pieces of the header dictionary we need: {'descr': '<f8', 'fortran_order': False,
/// 'shape': (3, 4), }. A tiny parser over the Python literal, with offsets for messages.
struct Header {
    std::string descr;
    bool fortran = false;
    std::vector<std::int64_t> shape;
};

class HeaderParser {
public:
    HeaderParser(const std::string &path, const std::string &text, std::uint64_t base)
        : m_path(path), m_text(text), m_base(base) {}

    Header parse() {
        Header h;
        bool haveDescr = false, haveOrder = false, haveShape = false;
        skipSpace();
        expect('{', "'{' opening the header dictionary");
        for (;;) {
            skipSpace();
            if (peek() == '}')
                break;
            const std::string key = quotedString("a quoted key");
            skipSpace();
            expect(':', "':' after key '" + key + "'");
            skipSpace();
            if (key == "descr") {
                h.descr = quotedString("a quoted dtype string such as '<f8' for 'descr'");
                haveDescr = true;
            } else if (key == "fortran_order") {
                h.fortran = boolean();
                haveOrder = true;
            } else if (key == "shape") {
                h.shape = tuple();
                haveShape = true;
            } else {
                failHere("an unknown header key '" + key +
                         "'; expected descr, fortran_order or shape");
            }
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            skipSpace();
            if (peek() != '}')
                failHere("',' or '}' in the header dictionary");
        }
        if (!haveDescr || !haveOrder || !haveShape)
            failHere("a header with all of 'descr', 'fortran_order' and 'shape'");
        return h;
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void skipSpace() {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    [[noreturn]] void failHere(const std::string &expected) const {
        fail(m_path, m_base + m_pos, "malformed .npy header: expected " + expected);
    }
    void expect(char c, const std::string &what) {
        if (peek() != c)
            failHere(what);
        ++m_pos;
    }
    std::string quotedString(const std::string &what) {
        const char q = peek();
        if (q != '\'' && q != '"')
            failHere(what);
        const std::size_t end = m_text.find(q, m_pos + 1);
        if (end == std::string::npos)
            failHere("a closing quote");
        std::string s = m_text.substr(m_pos + 1, end - m_pos - 1);
        m_pos = end + 1;
        return s;
    }
    bool boolean() {
        if (m_text.compare(m_pos, 4, "True") == 0) {
            m_pos += 4;
            return true;
        }
        if (m_text.compare(m_pos, 5, "False") == 0) {
            m_pos += 5;
            return false;
        }
        failHere("True or False for 'fortran_order'");
    }
    std::vector<std::int64_t> tuple() {
        expect('(', "a tuple such as (1000, 64) for 'shape'");
        std::vector<std::int64_t> dims;
        for (;;) {
            skipSpace();
            if (peek() == ')') {
                ++m_pos;
                return dims;
            }
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                failHere("a non-negative integer in 'shape'");
            std::int64_t v = 0;
            while (std::isdigit(static_cast<unsigned char>(peek()))) {
                if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
                    failHere("a dimension that fits in 64 bits");
                v = v * 10 + (peek() - '0');
                ++m_pos;
            }
            if (peek() == 'L') // written by Python 2
                ++m_pos;
            dims.push_back(v);
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            else if (peek() != ')')
                failHere("',' or ')' in 'shape'");
        }
    }

    const std::string &m_path;
    const std::string &m_text;
    std::uint64_t m_base;
    std::size_t m_pos = 0;
};

struct Dtype {
    NpyType type;
    bool swap; ///< file byte order differs from the host's
};

Dtype parseDescr(const std::string &path, std::uint64_t offset, const std::string &descr) {
    const auto unsupported = [&] {
        fail(path, offset,
             "unsupported dtype '" + descr +
                 "'; expected float32, float64, int32 or int64 ('<f4', '<f8', '<i4', '<i8')");
    };
    if (descr.size() != 3)
        unsupported();
    const char order = descr[0];
    bool little = hostIsLittleEndian();
    if (order == '<')
        little = true;
    else if (order == '>')
        little = false;
    else if (order != '=' && order != '|')
        unsupported();
    const std::string code = descr.substr(1);
    NpyType type = NpyType::Float32; // set below, or unsupported() throws
    if (code == "f4")
        type = NpyType::Float32;
    else if (code == "f8")
        type = NpyType::Float64;
    else if (code == "i4")
        type = NpyType::Int32;
    else if (code == "i8")
        type = NpyType::Int64;
    else
        unsupported();
    return {type, little != hostIsLittleEndian()};
}

template <class T>
T load(const unsigned char *p, bool swap) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, p, sizeof(T));
    if (swap)
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
            std::swap(b[i], b[sizeof(T) - 1 - i]);
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

std::uint32_t littleUint(const unsigned char *p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

} // namespace

const char *npyTypeName(NpyType type) {
    switch (type) {
    case NpyType::Float32: return "float32";
    case NpyType::Float64: return "float64";
    case NpyType::Int32: return "int32";
    case NpyType::Int64: return "int64";
    }
    return "?";
}

NpyLayout readNpyHeader(const std::string &path, std::uint64_t fileSize,
                        const std::function<void(void *, std::size_t)> &next,
                        std::uint64_t maxBytes, bool allowVector, const std::string &expected) {
    if (fileSize == 0)
        fail(path, 0, "the file is empty; expected a .npy file starting with \\x93NUMPY");

    // Front to back, so that every byte is hashed once: magic, version, header length, header,
    // data.
    unsigned char pre[12] = {};
    const std::uint64_t preRead = std::min<std::uint64_t>(fileSize, 10);
    next(pre, static_cast<std::size_t>(preRead));
    if (preRead < kMagicSize || std::memcmp(pre, kMagic, kMagicSize) != 0)
        fail(path, 0, "not a .npy file; expected the magic string \\x93NUMPY");
    if (preRead < 10)
        fail(path, preRead,
             "the file ends inside the preamble; expected version and header length");
    const int major = pre[6];
    if (major < 1 || major > 3)
        fail(path, 6,
             "unsupported .npy format version " + std::to_string(major) + "." +
                 std::to_string(pre[7]) + "; expected 1.0, 2.0 or 3.0");
    const int lenBytes = major == 1 ? 2 : 4;
    const std::uint64_t headerStart = 8 + static_cast<std::uint64_t>(lenBytes);
    if (fileSize < headerStart)
        fail(path, fileSize, "the file ends inside the header length field");
    if (headerStart > 10)
        next(pre + 10, static_cast<std::size_t>(headerStart - 10));
    const std::uint64_t headerLen = littleUint(pre + 8, lenBytes);
    if (headerLen > kMaxHeaderBytes)
        fail(path, 8,
             "a header of " + std::to_string(headerLen) + " bytes; expected at most " +
                 std::to_string(kMaxHeaderBytes) + " (NumPy writes a few hundred)");
    if (headerStart + headerLen > fileSize)
        fail(path, fileSize,
             "the file ends inside the header; expected " + std::to_string(headerLen) +
                 " header bytes from byte " + std::to_string(headerStart));
    std::string headerText(static_cast<std::size_t>(headerLen), '\0');
    next(headerText.data(), headerText.size());

    Header h = HeaderParser(path, headerText, headerStart).parse();
    const Dtype dtype = parseDescr(path, headerStart, h.descr);
    if (allowVector && h.shape.size() == 1)
        h.shape.push_back(1); // (n,) → n × 1: the same values in the same order
    if (h.shape.size() != 2) {
        if (expected.empty())
            fail(path, headerStart,
                 "the array has " + std::to_string(h.shape.size()) + " dimension(s), shape " +
                     shapeText(h.shape) +
                     "; expected a 2-D array (rows = points, columns = coordinates)");
        fail(path, headerStart,
             "the array has " + std::to_string(h.shape.size()) + " dimension(s), shape " +
                 shapeText(h.shape) + "; expected " + expected);
    }

    NpyLayout a;
    a.type = dtype.type;
    a.swap = dtype.swap;
    a.fortran = h.fortran;
    a.rows = h.shape[0];
    a.cols = h.shape[1];
    const std::uint64_t dataStart = headerStart + headerLen;
    const std::uint64_t item = itemSize(a.type);
    // rows · cols · item may wrap past 2^64 (a shape of (2^62, 8), say): checked, never wrapped.
    std::uint64_t count = 0, dataBytes = 0;
    if (__builtin_mul_overflow(static_cast<std::uint64_t>(a.rows),
                               static_cast<std::uint64_t>(a.cols), &count) ||
        __builtin_mul_overflow(count, item, &dataBytes))
        fail(path, headerStart,
             "the shape " + shapeText(h.shape) + " of " + npyTypeName(a.type) +
                 " values needs more than 2^64 bytes; the file holds " + std::to_string(fileSize) +
                 " bytes");
    if (count == 0)
        fail(path, headerStart,
             "the array is empty (shape " + std::to_string(a.rows) + "×" + std::to_string(a.cols) +
                 "); expected at least one value");
    if (maxBytes > 0 && dataBytes > maxBytes)
        fail(path, dataStart,
             "the shape " + shapeText(h.shape) + " needs " + std::to_string(dataBytes) +
                 " bytes of data, more than the " + std::to_string(maxBytes) + " allowed");
    if (fileSize < dataStart + dataBytes || dataStart + dataBytes < dataStart)
        fail(path, fileSize,
             "the file is truncated; expected " + std::to_string(dataBytes) +
                 " data bytes from byte " + std::to_string(dataStart) + " to byte " +
                 std::to_string(dataStart + dataBytes) + " (shape " + shapeText(h.shape) +
                 "), but it ends at byte " + std::to_string(fileSize));
    if (fileSize > dataStart + dataBytes)
        fail(path, dataStart + dataBytes,
             std::to_string(fileSize - dataStart - dataBytes) +
                 " unexpected bytes after the data; expected the file to end here");
    a.dataOffset = dataStart;
    a.dataBytes = dataBytes;
    return a;
}

NpyArray readNpy(const std::string &path, std::uint64_t maxBytes, bool allowVector,
                 const std::string &expected, FileRead *read) {
    UserFile in(path, "a .npy file"); // refuses folders, FIFOs and devices before reading
    const NpyLayout layout = readNpyHeader(
        path, in.size(), [&](void *buffer, std::size_t count) { in.read(buffer, count); }, maxBytes,
        allowVector, expected);
    NpyArray a;
    a.type = layout.type;
    a.rows = layout.rows;
    a.cols = layout.cols;
    const std::uint64_t dataStart = layout.dataOffset, dataBytes = layout.dataBytes;
    const std::uint64_t item = layout.itemBytes();
    const Dtype dtype{layout.type, layout.swap};

    std::vector<unsigned char> raw(static_cast<std::size_t>(dataBytes));
    in.read(raw.data(), raw.size());
    if (read)
        *read = in.record();

    const auto rows = static_cast<std::size_t>(a.rows), cols = static_cast<std::size_t>(a.cols);
    // Element e of the file is (r, c) with e = r·cols + c (C order) or e = c·rows + r (Fortran).
    const auto target = [&](std::size_t e) {
        return layout.fortran ? (e % rows) * cols + e / rows : e;
    };
    if (a.isInteger()) {
        a.integer.resize(rows * cols);
        for (std::size_t e = 0; e < rows * cols; ++e)
            a.integer[target(e)] = a.type == NpyType::Int32
                                       ? load<std::int32_t>(&raw[e * item], dtype.swap)
                                       : load<std::int64_t>(&raw[e * item], dtype.swap);
    } else {
        a.real.resize(rows * cols);
        for (std::size_t e = 0; e < rows * cols; ++e) {
            const double v = a.type == NpyType::Float32 ? load<float>(&raw[e * item], dtype.swap)
                                                        : load<double>(&raw[e * item], dtype.swap);
            if (!std::isfinite(v)) {
                const std::size_t t = target(e);
                fail(path, dataStart + e * item,
                     std::string(std::isnan(v) ? "NaN" : "an infinite value") + " at row " +
                         std::to_string(t / cols + 1) + ", column " + std::to_string(t % cols + 1) +
                         "; expected finite numbers");
            }
            a.real[target(e)] = v;
        }
    }
    return a;
}

void writeNpy(const std::string &path, const NpyArray &a, bool fortranOrder) {
    const char *descr = a.type == NpyType::Float32   ? "<f4"
                        : a.type == NpyType::Float64 ? "<f8"
                        : a.type == NpyType::Int32   ? "<i4"
                                                     : "<i8";
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': (" +
                       std::to_string(a.rows) + ", " + std::to_string(a.cols) + "), }";
    // Pad with spaces so that the data starts on a 64-byte boundary, newline-terminated.
    std::size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    const auto rows = static_cast<std::size_t>(a.rows), cols = static_cast<std::size_t>(a.cols);
    const std::size_t n = rows * cols;
    if ((a.isInteger() ? a.integer.size() : a.real.size()) != n)
        throw DataFileError(path +
                            ": the array holds a different number of values than rows × cols");
    std::string bytes;
    bytes.append(kMagic, kMagicSize);
    bytes += '\x01';
    bytes += '\x00';
    bytes += static_cast<char>(dict.size() & 0xff);
    bytes += static_cast<char>((dict.size() >> 8) & 0xff);
    bytes += dict;
    const auto append = [&](auto v) {
        unsigned char b[sizeof v];
        std::memcpy(b, &v, sizeof v);
        if (!hostIsLittleEndian())
            for (std::size_t i = 0; i < sizeof v / 2; ++i)
                std::swap(b[i], b[sizeof v - 1 - i]);
        bytes.append(reinterpret_cast<const char *>(b), sizeof v);
    };
    for (std::size_t e = 0; e < n; ++e) {
        const std::size_t s = fortranOrder ? (e % rows) * cols + e / rows : e;
        switch (a.type) {
        case NpyType::Float32: append(static_cast<float>(a.real[s])); break;
        case NpyType::Float64: append(a.real[s]); break;
        case NpyType::Int32: append(static_cast<std::int32_t>(a.integer[s])); break;
        case NpyType::Int64: append(a.integer[s]); break;
        }
    }
    if (const auto error = writeFileAtomically(path, bytes))
        throw DataFileError(*error);
}

} // namespace dimscope
