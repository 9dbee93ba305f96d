// SPDX-License-Identifier: MIT
#pragma once
// Neighbour files of any size (issue 14): an N×k int32/int64 .npy of neighbour indices as faiss
// writes them (-1 where a search found fewer than k), read through a memory map in one pass, front
// to back, in chunks of rows. The pass checks every row, counts the k-occurrence N_k (4 bytes a
// point), hashes the bytes it reads for provenance, and releases the pages behind it, so the
// memory a run needs is the counts plus a chunk, whatever the file's size. The lists themselves are
// kept only when asked (the views' reverse-neighbour highlighting needs them).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/run_control.h" // FileRead
#include "io/npy.h"             // NpyType, DataFileError
#include "neighbors/knn.h"      // KnnGraph

namespace dimscope::hubness {

struct NeighborScanOptions {
    /// Neighbours counted per point: the first k of each row once the point's own index is removed
    /// (0 = all). A file with fewer columns than k is refused.
    int k = 0;
    /// Also return the lists as a KnnGraph when they take at most this many bytes (n · columns · 4;
    /// 0 = never). Dropped, with a reason, when a row has missing entries (-1): a KnnGraph has
    /// exactly k neighbours a row.
    std::uint64_t keepListsUpTo = 0;
    /// Bytes of rows per chunk: between two chunks the run may be cancelled, progress is
    /// published and the pages read are released. Tests use small chunks.
    std::size_t chunkBytes = std::size_t(32) << 20;
    std::function<bool()> stop;           ///< polled every chunk
    std::function<void(double)> progress; ///< fraction of the rows read, every chunk
};

/// What one pass over a neighbour file learned.
struct NeighborScan {
    std::int64_t n = 0;       ///< rows = points
    std::int64_t columns = 0; ///< entries per row in the file
    int k = 0;                ///< neighbours per row once the self column is removed
    NpyType type = NpyType::Int64;
    /// Every row lists the point itself (a self-search): that entry is not a neighbour and was
    /// skipped. Either every row does or none does (rows with no entry at all aside).
    bool selfDropped = false;
    /// N_k: how often each point is among the first options.k neighbours of the others.
    std::vector<std::uint32_t> counts;
    std::int64_t missing = 0;   ///< -1 entries in the whole file
    std::int64_t shortRows = 0; ///< rows with fewer than options.k neighbours (-1 at their end)
    /// The lists (self removed) when options.keepListsUpTo allows and no entry is missing; else
    /// empty (n = 0) and listsDropped says why.
    KnnGraph graph;
    std::string listsDropped;
    FileRead read; ///< the bytes read and their SHA-256
    bool cancelled = false;
};

/// One pass over the neighbour file at `path`: int32 or int64 (either byte order), C order
/// (Fortran order is refused: rows must be contiguous to stream them), at least 2 rows and at most
/// 2³¹ − 1. Each entry is a 0-based row number 0…N−1 or -1 for "missing"; -1 may only end a row
/// (faiss fills the tail of a row it could not complete), indices must be distinct within a row.
/// Anything else throws DataFileError naming the file, row and column (1-based). Returns with
/// cancelled = true when options.stop says so between chunks.
NeighborScan scanNeighbors(const std::string &path, const NeighborScanOptions &options = {});

} // namespace dimscope::hubness
