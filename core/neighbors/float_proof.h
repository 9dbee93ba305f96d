// SPDX-License-Identifier: MIT
#pragma once
// What makes the float search exact (knn.cpp): a bound on the float error of each value it ranks
// by, which proves, row by row, that the k nearest are among the candidates it kept; and the
// second search, in double, for a row it cannot prove (points far from the data's centre next to
// their neighbours' distances, where ‖a‖² + ‖b‖² − 2a·b cancels; more exact ties than it keeps).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "neighbors/knn.h"
#include "neighbors/scaled_points.h"

namespace dimscope::hubness {

/// A bound on |v − D| for the float search's value v of points a and b and their exact value D
/// (u = 2⁻²⁴, γ_d = du/(1 − du), R = √n_a + √n_b with n the float squared norms):
/// - euclidean, v = fl(n_a + n_b) − 2·ĉ by fused multiply-add, D = ‖a − b‖²: the norms and the
///   d-term dot product ĉ err by at most γ_d(‖a‖ + ‖b‖)², rounding the coordinates to float
///   moves D by at most 2u(‖a‖ + ‖b‖)², the sum and the fma add u(n_a + n_b) + u|v|; and
///   (‖a‖ + ‖b‖)² ≤ R²/(1 − γ_d). Together (γ_d + 3u)R²/(1 − γ_d) + u|v|.
/// - cosine, v = 1 − ĉ of unit vectors, D = 1 − cos: (γ_d + 3u)/(1 − γ_d) + u|v|.
/// Both 1 % more, for the second-order terms and for the double refinement's own rounding
/// (~1e-13 relative), plus what float's subnormals lose absolutely (coordinates below 1e-38 of
/// the data's range). These are worst cases: on clustered data of d = 512, where R² is 20 times
/// D, they leave some points unproven whose float order was right.
/// Unbounded for the direct metrics (their pow is not bounded this way).
class FloatError {
public:
    FloatError(Metric metric, std::int64_t d, const std::vector<float> &norms) {
        const double du = static_cast<double>(d) * kUnit;
        const double gamma = du / (1 - du);
        m_bounded = (metric == Metric::Euclidean || metric == Metric::Cosine) && du < 0.25;
        m_perRootSquare = (gamma + 3 * kUnit) / (1 - gamma);
        // A float norm against the exact one: within a factor √((1 ± γ_d)), and (1 ± u) for
        // the coordinates' rounding.
        m_normSlack = 1.001 * (1 + kUnit) * std::sqrt((1 + gamma) / (1 - gamma));
        // Subnormal coordinates and products lose up to 2⁻¹⁵⁰ each, absolutely: 3d products,
        // 2d coordinates, and room to spare.
        m_underflow = static_cast<double>(8 * d + 16) * 0x1p-149;
        m_roots.reserve(norms.size());
        for (const float norm : norms)
            m_roots.push_back(std::sqrt(static_cast<double>(norm)));
        if (!m_roots.empty())
            m_largestRoot = *std::max_element(m_roots.begin(), m_roots.end());
    }
    bool bounded() const { return m_bounded; }
    /// For the pair (i, j).
    double operator()(std::int64_t i, std::int64_t j, float v) const {
        return bound(rootSquare(root(i) + root(j)), v);
    }
    /// For i and any point b with D ≤ reach: then ‖b‖ ≤ ‖a‖ + √reach (a little more for the
    /// float norms), or the largest norm when that is smaller. If v less this bound exceeds reach,
    /// no such b has value v: one far outlier does not leave every point unproven.
    double anyPartnerOf(std::int64_t i, float v, double reach) const {
        const double partner =
            std::min(m_largestRoot, m_normSlack * (root(i) + std::sqrt(std::max(reach, 0.0))));
        return bound(rootSquare(root(i) + partner), v);
    }

    /// A float value above which no point b with D ≤ reach can be: v − anyPartnerOf(i, v, reach)
    /// > reach for every v beyond it (the bound grows with |v| by 1.01·2⁻²⁴·|v|).
    double cutoff(std::int64_t i, double reach) const {
        if (!m_bounded)
            return std::numeric_limits<double>::infinity();
        return (reach + anyPartnerOf(i, 0.0f, reach)) / (1 - 1.01 * kUnit) * (1 + 1e-12);
    }

private:
    static constexpr double kUnit = 0x1p-24;
    double root(std::int64_t i) const {
        return m_roots.empty() ? 0.0 : m_roots[static_cast<std::size_t>(i)];
    }
    /// R², or 1 for cosine (no norms: its error does not grow with them).
    double rootSquare(double rootSum) const { return m_roots.empty() ? 1.0 : rootSum * rootSum; }
    double bound(double rSquare, float v) const {
        if (!m_bounded)
            return std::numeric_limits<double>::infinity();
        return 1.01 * (m_perRootSquare * rSquare + kUnit * std::fabs(v)) + m_underflow;
    }
    std::vector<double> m_roots; // ‖point‖ (euclidean)
    bool m_bounded = false;
    double m_perRootSquare = 0, m_largestRoot = 0, m_underflow = 0, m_normSlack = 1;
};

/// The second search, for rows whose kept candidates were not proven to hold their k nearest:
/// every point whose float value, less its error, is within the row's reach (the largest exact
/// value its first k candidates can have) gets a double distance, and the k smallest of those
/// are the row's answer. A true neighbour always passes that test, so the answer is exact. The
/// float values come from one GEMM per batch of rows and chunk of points.
///
/// Identical points have identical distances to every point, so of a group of identical rows one
/// is searched, for its k + 1 nearest with itself counted among the points, and each row of the
/// group gets that list less itself. Exact duplicates in groups larger than the kept candidates are
/// never proven (their float values tie): 20 000 points in groups of 20 were each searched again.
struct UnprovenSearch {
    const ScaledPoints &scaled;
    const Eigen::MatrixXf &byPoint;  // d × n, the search's floats
    const std::vector<float> &norms; // squared, euclidean; empty for cosine
    const FloatError &floatError;
    Metric metric;
    double p;
    int k;

    /// Overwrites the graph rows of `rows` (identity order: the exact search), given each row's
    /// reach (indexed by row). `progress` (0…1) is called on the calling thread only. False when
    /// stopped.
    bool run(const std::vector<std::int64_t> &rows, const std::vector<double> &reachOf, int threads,
             const std::function<bool()> &stop, const std::function<void(double)> &progress,
             KnnGraph &g) const;

    /// Memory one thread of run() takes at most, for n points of d coordinates, k neighbours.
    static std::uint64_t bytesPerThread(std::uint64_t n, std::uint64_t d, std::uint64_t k) {
        const std::uint64_t rows = std::min(static_cast<std::uint64_t>(kRows), n);
        const std::uint64_t points = std::min(static_cast<std::uint64_t>(kPoints), n);
        return (d * rows + rows * points) * sizeof(float) +
               rows * (k + 1) * 16; // queries, products, heaps
    }

private:
    // Rows per batch (each packed chunk of points serves them all), points per chunk.
    static constexpr std::int64_t kRows = 256, kPoints = 2048;
    using Candidates = std::vector<std::pair<double, std::int32_t>>; // a max-heap of k + 1
    /// Rows of identical points: members[start[q] … start[q + 1]) share representative q.
    struct Groups {
        std::vector<std::int64_t> representatives, start, members;
    };
    Groups identicalRows(const std::vector<std::int64_t> &rows) const;
    bool searchBatch(const Groups &groups, std::int64_t first, std::int64_t size,
                     const std::vector<double> &reachOf, const std::function<bool()> &stop,
                     KnnGraph &g) const;
    void consider(std::int64_t i, std::int64_t j, float v, double reach, Candidates &heap) const;
    void write(const Groups &groups, std::int64_t q, Candidates &heap, KnnGraph &g) const;
};

} // namespace dimscope::hubness
