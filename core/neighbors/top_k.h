// SPDX-License-Identifier: MIT
#pragma once
// The candidate lists of the exact neighbour search (block_search.h): for every row, the `kept`
// smallest (value, index) pairs offered so far, under the total order (value, then index) that
// makes the k nearest one well-defined set whatever order the offers come in.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "common/memory.h"

namespace dimscope::hubness {

/// (d, i) < (d', i'): the total order that makes the k nearest one well-defined set.
inline bool before(float da, std::int32_t ia, float db, std::int32_t ib) {
    return da < db || (da == db && ia < ib);
}

/// The candidate lists for all rows, and the current worst value per row as a cheap filter (most
/// candidates fail it). Threads share it on pairs of blocks that share no rows (pair_schedule.h). A
/// row's list is one 64-byte-aligned record: `stride` values, then `stride` indices. An offer
/// mostly finds the record out of cache (a row is offered to a few times per block pair, and the
/// rows number n), and one record costs one or two cache misses where separate arrays cost more.
/// Lists start full of (∞, −1) placeholders, which every candidate beats, so no count is kept.
///
/// With AVX-512 and at most 16 kept (k ≤ 12), a list is sorted and an offer inserts with a few
/// vector instructions and no branch. Otherwise it is a bounded max-heap, whose sift mispredicts
/// a branch at about every level: with it, offers were most of the scan's time (0.13 s of the
/// 20000 × 512 search, 0.10 s sorted).
struct TopK {
    static constexpr std::int32_t kEmpty = -1;
    static constexpr int kLanes = 16;
    static constexpr float kInf = std::numeric_limits<float>::infinity();
    enum class Layout { Fastest, Heap };

    int kept;
    std::int64_t stride; // entries per record: kept rounded up to 16 (whole cache lines)
    bool sorted;
    std::unique_ptr<unsigned char[]> arena; // the records, n × stride × (float + int32) bytes
    unsigned char *records;
    std::vector<float> threshold;

    /// Lists for rows 0 … n − 1, each keeping `kept` ≥ 1. Layout::Heap forces the heap (tests).
    TopK(std::int64_t n, int kept, Layout layout = Layout::Fastest)
        : kept(kept), stride((kept + kLanes - 1) / kLanes * kLanes),
          sorted(kSortedInsertAvailable && kept <= kLanes && layout == Layout::Fastest),
          arena(new unsigned char[static_cast<std::size_t>(n * stride * kEntryBytes + 64)]),
          records(arena.get() + (64 - reinterpret_cast<std::uintptr_t>(arena.get()) % 64) % 64),
          threshold(static_cast<std::size_t>(n), kInf) {
        adviseHugePages(records, static_cast<std::uint64_t>(n * stride * kEntryBytes));
        for (std::int64_t row = 0; row < n; ++row) {
            std::fill(valuesOf(row), valuesOf(row) + stride, kInf);
            std::fill(indicesOf(row), indicesOf(row) + stride, kEmpty);
        }
    }

    TopK(const TopK &) = delete; // `records` points into the arena
    TopK &operator=(const TopK &) = delete;
    TopK(TopK &&) = default; // a moved arena keeps its address
    TopK &operator=(TopK &&) = default;

#if defined(__AVX512F__)
    static constexpr bool kSortedInsertAvailable = true;
#else
    static constexpr bool kSortedInsertAvailable = false;
#endif
    static constexpr std::int64_t kEntryBytes = sizeof(float) + sizeof(std::int32_t);

    float *valuesOf(std::int64_t row) const {
        return reinterpret_cast<float *>(records + row * stride * kEntryBytes);
    }
    std::int32_t *indicesOf(std::int64_t row) const {
        return reinterpret_cast<std::int32_t *>(records + row * stride * kEntryBytes +
                                                stride * static_cast<std::int64_t>(sizeof(float)));
    }

    /// Keeps (v, j) if it is among the `kept` smallest of the row so far. j ≥ 0, v finite.
    void offer(std::int64_t row, float v, std::int32_t j) {
        if (sorted)
            insertSorted(row, v, j);
        else
            siftIntoHeap(row, v, j);
    }

    /// The list a max-heap under `before`, its worst entry first.
    void siftIntoHeap(std::int64_t row, float v, std::int32_t j) {
        float *value = valuesOf(row);
        std::int32_t *index = indicesOf(row);
        if (!before(v, j, value[0], index[0]))
            return;
        int pos = 0;
        for (;;) {
            const int l = 2 * pos + 1;
            if (l >= kept)
                break;
            const int r = l + 1;
            const int big = (r < kept && before(value[l], index[l], value[r], index[r])) ? r : l;
            if (!before(v, j, value[big], index[big]))
                break;
            value[pos] = value[big];
            index[pos] = index[big];
            pos = big;
        }
        value[pos] = v;
        index[pos] = j;
        threshold[static_cast<std::size_t>(row)] = value[0];
    }

    /// The list ascending under `before`; lanes from `kept` on hold what was pushed out.
    void insertSorted(std::int64_t row, float v, std::int32_t j) {
#if defined(__AVX512F__)
        float *value = valuesOf(row);
        std::int32_t *index = indicesOf(row);
        if (!before(v, j, value[kept - 1], index[kept - 1]))
            return;
        const __m512 values = _mm512_load_ps(value);
        const __m512i indices = _mm512_load_si512(index);
        const __m512 vv = _mm512_set1_ps(v);
        const __m512i vj = _mm512_set1_epi32(j);
        // The entries before (v, j): a prefix, since the list is sorted.
        const __mmask16 ahead = static_cast<__mmask16>(
            _mm512_cmp_ps_mask(values, vv, _CMP_LT_OQ) |
            (_mm512_cmp_ps_mask(values, vv, _CMP_EQ_OQ) & _mm512_cmplt_epi32_mask(indices, vj)));
        const auto slot = static_cast<__mmask16>(ahead + 1); // the lowest lane not ahead
        const auto behind = static_cast<__mmask16>(~(ahead | slot));
        const __m512i previousLane =
            _mm512_set_epi32(14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0);
        __m512 newValues = _mm512_mask_permutexvar_ps(values, behind, previousLane, values);
        __m512i newIndices = _mm512_mask_permutexvar_epi32(indices, behind, previousLane, indices);
        newValues = _mm512_mask_mov_ps(newValues, slot, vv);
        newIndices = _mm512_mask_mov_epi32(newIndices, slot, vj);
        _mm512_store_ps(value, newValues);
        _mm512_store_si512(index, newIndices);
        threshold[static_cast<std::size_t>(row)] =
            _mm512_cvtss_f32(_mm512_permutexvar_ps(_mm512_set1_epi32(kept - 1), newValues));
#else
        siftIntoHeap(row, v, j);
#endif
    }
};

} // namespace dimscope::hubness
