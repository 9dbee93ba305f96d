// SPDX-License-Identifier: MIT
#include "hubness/neighbor_file.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "io/user_file.h"

namespace dimscope::hubness {

namespace {

/// One index as stored: int32 or int64, in the file's byte order. Byte swaps rather than a
/// reversed buffer: GCC 12 at -O3 saw std::reverse over a 4-or-8-byte array as overflowing it.
std::int64_t entryAt(const unsigned char *p, bool wide, bool swap) {
    if (wide) {
        std::uint64_t u;
        std::memcpy(&u, p, 8);
        return static_cast<std::int64_t>(swap ? __builtin_bswap64(u) : u);
    }
    std::uint32_t u;
    std::memcpy(&u, p, 4);
    return static_cast<std::int32_t>(swap ? __builtin_bswap32(u) : u);
}

std::string where(const std::string &path, std::int64_t row, std::int64_t column) {
    return path + ": row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1) +
           ": ";
}

[[noreturn]] void tooFew(const std::string &path, std::int64_t have, int k) {
    throw DataFileError(path + ": holds " + std::to_string(have) +
                        " neighbours per point; k = " + std::to_string(k) +
                        " needs at least that many (choose k ≤ " + std::to_string(have) + ")");
}

} // namespace

NeighborScan scanNeighbors(const std::string &path, const NeighborScanOptions &options) {
    MappedUserFile file(path, "a .npy file");
    const NpyLayout layout = readNpyHeader(
        path, file.size(), [&](void *buffer, std::size_t count) { file.read(buffer, count); });
    if (layout.type != NpyType::Int32 && layout.type != NpyType::Int64)
        throw DataFileError(path + ": the array holds " + npyTypeName(layout.type) +
                            " values; expected int32 or int64 neighbour indices");
    const std::int64_t n = layout.rows, cols = layout.cols;
    // One row or one column is the same sequence of values in either order.
    if (layout.fortran && n > 1 && cols > 1)
        throw DataFileError(path +
                            ": the array is stored in Fortran (column-major) order; expected "
                            "C order, rows contiguous (numpy.save(path, "
                            "numpy.ascontiguousarray(I)))");
    if (n < 2)
        throw DataFileError(path + ": " + std::to_string(n) +
                            " row(s); expected one row per point, at least 2");
    if (n > std::numeric_limits<std::int32_t>::max())
        throw DataFileError(path + ": too many rows for a neighbour file");
    if (options.k > cols)
        tooFew(path, cols, options.k);

    NeighborScan s;
    s.n = n;
    s.columns = cols;
    s.type = layout.type;
    s.counts.assign(static_cast<std::size_t>(n), 0);
    const std::uint64_t listBytes =
        static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(cols) * sizeof(std::int32_t);
    bool keep = listBytes <= options.keepListsUpTo;
    if (!keep)
        s.listsDropped = "the lists would take " + sizeText(listBytes) + ", more than the " +
                         sizeText(options.keepListsUpTo) + " kept in memory";
    if (keep)
        s.graph.indices.reserve(static_cast<std::size_t>(n * cols));
    const std::int64_t want = options.k > 0 ? options.k : cols;

    const bool wide = layout.type == NpyType::Int64;
    const std::size_t item = wide ? 8 : 4;
    const std::size_t rowBytes = static_cast<std::size_t>(cols) * item;
    const std::int64_t rowsPerChunk =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(options.chunkBytes / rowBytes));
    std::vector<unsigned char> chunk(static_cast<std::size_t>(
        std::min<std::int64_t>(rowsPerChunk, n) * static_cast<std::int64_t>(rowBytes)));
    std::vector<std::int64_t> row(static_cast<std::size_t>(cols));
    std::vector<std::int64_t> sorted;
    sorted.reserve(row.size());

    std::int64_t withSelf = 0, firstWithSelf = -1, firstWithout = -1;
    std::int64_t shortByTwo = 0; // rows short of want − 1: short of k when k = 0 and self drops
    for (std::int64_t first = 0; first < n; first += rowsPerChunk) {
        if (options.stop && options.stop()) {
            s.cancelled = true;
            return s;
        }
        const std::int64_t rows = std::min(rowsPerChunk, n - first);
        file.read(chunk.data(), static_cast<std::size_t>(rows) * rowBytes);
        for (std::int64_t r = 0; r < rows; ++r) {
            const std::int64_t i = first + r;
            const unsigned char *p = chunk.data() + static_cast<std::size_t>(r) * rowBytes;
            std::int64_t valid = 0, firstMissing = -1;
            for (std::int64_t c = 0; c < cols; ++c) {
                const std::int64_t v =
                    entryAt(p + static_cast<std::size_t>(c) * item, wide, layout.swap);
                row[static_cast<std::size_t>(c)] = v;
                if (v == -1) {
                    if (firstMissing < 0)
                        firstMissing = c;
                    continue;
                }
                if (v < 0 || v >= n)
                    throw DataFileError(where(path, i, c) + "index " + std::to_string(v) +
                                        " is out of range; expected 0…" + std::to_string(n - 1) +
                                        " (0-based row numbers of the " + std::to_string(n) +
                                        " points) or -1 for a missing neighbour");
                if (firstMissing >= 0)
                    throw DataFileError(where(path, i, c) + "index " + std::to_string(v) +
                                        " follows a missing neighbour (-1) in column " +
                                        std::to_string(firstMissing + 1) +
                                        "; expected -1 only at the end of a row, as faiss writes "
                                        "them");
                ++valid;
            }
            s.missing += cols - valid;
            // Distinct indices: a sorted copy of the row's few entries, then neighbours compared.
            sorted.assign(row.begin(), row.begin() + valid);
            std::sort(sorted.begin(), sorted.end());
            const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
            if (twice != sorted.end()) {
                const auto at =
                    std::find(std::find(row.begin(), row.end(), *twice) + 1, row.end(), *twice);
                throw DataFileError(where(path, i, at - row.begin()) + "index " +
                                    std::to_string(*twice) +
                                    " appears twice in the row; expected distinct neighbours");
            }
            bool self = false;
            std::int64_t counted = 0;
            for (std::int64_t c = 0; c < valid; ++c) {
                const std::int64_t v = row[static_cast<std::size_t>(c)];
                if (v == i) {
                    self = true;
                    continue;
                }
                if (counted < want) {
                    ++s.counts[static_cast<std::size_t>(v)];
                    ++counted;
                }
            }
            if (counted < want)
                ++s.shortRows;
            if (counted < want - 1)
                ++shortByTwo;
            if (self) {
                ++withSelf;
                if (firstWithSelf < 0)
                    firstWithSelf = i;
            } else if (valid > 0 && firstWithout < 0) {
                firstWithout = i;
            }
            if (keep) {
                if (valid < cols) {
                    keep = false;
                    s.listsDropped = "row " + std::to_string(i + 1) +
                                     " has missing neighbours (-1); the lists need k in every row";
                    s.graph.indices = std::vector<std::int32_t>();
                } else {
                    for (std::int64_t c = 0; c < cols; ++c)
                        s.graph.indices.push_back(
                            static_cast<std::int32_t>(row[static_cast<std::size_t>(c)]));
                }
            }
        }
        if (options.progress)
            options.progress(static_cast<double>(first + rows) / static_cast<double>(n));
    }
    s.read = file.record();

    // As loadNeighbors always did: the self entry goes when every row has it (rows with no entry
    // at all aside), and a file that mixes both is refused.
    s.selfDropped = withSelf > 0;
    if (withSelf > 0 && firstWithout >= 0)
        throw DataFileError(
            path + ": row " + std::to_string(firstWithSelf + 1) +
            " lists the point itself but row " + std::to_string(firstWithout + 1) +
            " does not; expected self excluded everywhere (or included in every row)");
    s.k = static_cast<int>(s.selfDropped ? cols - 1 : cols);
    if (s.k < 1)
        throw DataFileError(path + ": no neighbours left once each point's own index is removed");
    if (options.k > s.k)
        tooFew(path, s.k, options.k);
    if (options.k == 0 && s.selfDropped)
        s.shortRows = shortByTwo;
    if (keep) {
        if (s.selfDropped) { // in place: the write position never passes the read position
            std::size_t out = 0;
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t c = 0; c < cols; ++c) {
                    const std::int32_t v = s.graph.indices[static_cast<std::size_t>(i * cols + c)];
                    if (v != i)
                        s.graph.indices[out++] = v;
                }
            s.graph.indices.resize(out);
        }
        s.graph.n = n;
        s.graph.k = s.k;
    }
    return s;
}

} // namespace dimscope::hubness
