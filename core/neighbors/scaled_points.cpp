// SPDX-License-Identifier: MIT
#include "neighbors/scaled_points.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "common/memory.h"
#include "common/parallel.h"

namespace dimscope::hubness {

namespace {

/// x·2^e for every entry, exactly (a power-of-two scale): one vectorised product where 2^e is a
/// normal double, std::ldexp where 2^e itself would overflow or be subnormal. Both round a result
/// that falls into the subnormals the same way (correctly), so which one runs never shows.
void scaleByPowerOfTwo(Eigen::Ref<Eigen::MatrixXd> m, int e) {
    if (e == 0)
        return;
    if (e > -1022 && e < 1023)
        m *= std::ldexp(1.0, e);
    else
        m = m.unaryExpr([e](double v) { return std::ldexp(v, e); });
}

/// 2^e ≥ largest as e (largest = f·2^e with f in [0.5, 1)); 0 when largest is 0.
int exponentAbove(double largest) {
    if (!(largest > 0))
        return 0;
    int e = 0;
    std::frexp(largest, &e);
    return e;
}

/// Rows first … first + count of points (n × d, column-major) into columns of out (d × n), times
/// 2^e, in 64 × 64 tiles: Eigen's plain transposed copy strides through memory a column of the
/// output at a time and took 60 ms for 20000 × 512. When `sum` is given, it gets the sum of the
/// copied columns, tile by tile while they are in cache (a fixed order: the same bits whatever
/// the thread count).
void transposeRows(const Eigen::Ref<const Eigen::MatrixXd> &points, Eigen::MatrixXd &out,
                   Eigen::Index first, Eigen::Index count, int e, Eigen::VectorXd *sum) {
    constexpr Eigen::Index kTile = 64;
    const Eigen::Index d = points.cols();
    if (sum)
        sum->setZero(d);
    for (Eigen::Index r0 = first; r0 < first + count; r0 += kTile)
        for (Eigen::Index c0 = 0; c0 < d; c0 += kTile) {
            const Eigen::Index rows = std::min(kTile, first + count - r0),
                               cols = std::min(kTile, d - c0);
            auto tile = out.block(c0, r0, cols, rows);
            tile = points.block(r0, c0, rows, cols).transpose();
            scaleByPowerOfTwo(tile, e);
            if (sum)
                sum->segment(c0, cols) += tile.rowwise().sum();
        }
}

} // namespace

int largestExponent(const Eigen::Ref<const Eigen::MatrixXd> &values) {
    return exponentAbove(values.size() ? values.cwiseAbs().maxCoeff() : 0.0);
}

ScaledPoints scaledForSearch(const Eigen::Ref<const Eigen::MatrixXd> &points, Metric metric,
                             int threads) {
    ScaledPoints s;
    const Eigen::Index n = points.rows(), d = points.cols();
    s.byPoint.resize(d, n);
    adviseHugePages(s.byPoint.data(),
                    static_cast<std::uint64_t>(s.byPoint.size()) * sizeof(double));
    if (n == 0)
        return s;
    // Chunks of a fixed number of points, so that the mean's partial sums, and with them every
    // bit of the result, do not depend on the thread count.
    constexpr Eigen::Index kChunk = 4096;
    const Eigen::Index chunks = (n + kChunk - 1) / kChunk;
    const auto eachChunk =
        [&](const std::function<void(Eigen::Index, Eigen::Ref<Eigen::MatrixXd>, Eigen::Index)>
                &work) {
            forEachChunk(chunks, threads, [&](std::int64_t c) {
                const Eigen::Index first = c * kChunk, count = std::min(kChunk, n - first);
                work(first, s.byPoint.middleCols(first, count), c);
            });
        };
    if (metric == Metric::Cosine) {
        // Each point on its own scale first, so that its norm can neither overflow (1e200) nor
        // underflow (1e-200, which used to read as "the zero vector").
        eachChunk([&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block, Eigen::Index) {
            transposeRows(points, s.byPoint, first, block.cols(), 0, nullptr);
            for (Eigen::Index i = 0; i < block.cols(); ++i) {
                auto column = block.col(i);
                const int e = largestExponent(column);
                if (e != 0)
                    column = column.unaryExpr([e](double v) { return std::ldexp(v, -e); });
                const double norm = column.norm();
                if (norm > 0)
                    column /= norm;
            }
        });
        return s;
    }
    // Into [-1, 1] first, so that the mean cannot overflow; then centred (translation does not
    // change distances, and it keeps ‖a‖² + ‖b‖² − 2a·b from cancelling on data far from the
    // origin); then into [-1, 1] again, so that the spread uses the whole range. One pass over the
    // data and three over the copy, the last two a column at a time while it is in cache: seven
    // passes took 0.08 s at 20000 × 512, as long as the exact search's selection.
    std::vector<double> largest(static_cast<std::size_t>(chunks), 0.0);
    const auto largestOfAll = [&] { return *std::max_element(largest.begin(), largest.end()); };
    forEachChunk(chunks, threads, [&](std::int64_t c) {
        const Eigen::Index first = c * kChunk, count = std::min(kChunk, n - first);
        largest[static_cast<std::size_t>(c)] =
            points.middleRows(first, count).cwiseAbs().maxCoeff();
    });
    const int e1 = exponentAbove(largestOfAll());
    std::vector<Eigen::VectorXd> sums(static_cast<std::size_t>(chunks));
    eachChunk([&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block, Eigen::Index c) {
        transposeRows(points, s.byPoint, first, block.cols(), -e1,
                      &sums[static_cast<std::size_t>(c)]);
    });
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
    for (const auto &sum : sums) // in chunk order
        mean += sum;
    mean /= static_cast<double>(n);
    eachChunk([&](Eigen::Index, Eigen::Ref<Eigen::MatrixXd> block, Eigen::Index c) {
        double m = 0;
        for (Eigen::Index i = 0; i < block.cols(); ++i) {
            auto column = block.col(i);
            column -= mean;
            m = std::max(m, column.cwiseAbs().maxCoeff());
        }
        largest[static_cast<std::size_t>(c)] = m;
    });
    const int e2 = exponentAbove(largestOfAll());
    eachChunk([&](Eigen::Index, Eigen::Ref<Eigen::MatrixXd> block, Eigen::Index) {
        scaleByPowerOfTwo(block, -e2);
    });
    s.exponent = e1 + e2;
    return s;
}

double scaledDistance(const Eigen::MatrixXd &byPoint, std::int64_t a, std::int64_t b, Metric metric,
                      double p) {
    const auto x = byPoint.col(a), y = byPoint.col(b);
    switch (metric) {
    case Metric::Euclidean: {
        // The plain sum of squares, unless it is so small that some squares may have underflowed
        // (differences below ~1e-154): then the scaled sum. Above 2^-900 a lost square is at most
        // 2^-174 of the sum. stableNorm everywhere made this a third of the exact search's
        // refinement time.
        const double sum = (x - y).squaredNorm();
        return sum > 0x1p-900 ? std::sqrt(sum) : (x - y).stableNorm();
    }
    case Metric::Cosine: return std::max(0.0, 1.0 - x.dot(y));
    case Metric::Manhattan: return (x - y).cwiseAbs().sum();
    case Metric::Lp: {
        const Eigen::VectorXd diff = (x - y).cwiseAbs();
        const double m = diff.maxCoeff();
        if (!(m > 0))
            return 0.0;
        return m * std::pow((diff / m).array().pow(p).sum(), 1.0 / p);
    }
    }
    return 0.0;
}

} // namespace dimscope::hubness
