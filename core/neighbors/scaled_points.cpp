// SPDX-License-Identifier: MIT
#include "neighbors/scaled_points.h"

#include <algorithm>
#include <cmath>

namespace dimscope::hubness {

namespace {

/// x·2^e for every entry: exact (a power-of-two scale), and unlike a product with 2^e it stays
/// right where 2^e itself would overflow or be subnormal.
void scaleByPowerOfTwo(Eigen::MatrixXd &m, int e) {
    if (e != 0)
        m = m.unaryExpr([e](double v) { return std::ldexp(v, e); });
}

} // namespace

int largestExponent(const Eigen::Ref<const Eigen::MatrixXd> &values) {
    const double largest = values.size() ? values.cwiseAbs().maxCoeff() : 0.0;
    if (!(largest > 0))
        return 0;
    int e = 0;
    std::frexp(largest, &e); // largest = f·2^e with f in [0.5, 1): 2^e ≥ largest
    return e;
}

ScaledPoints scaledForSearch(const Eigen::Ref<const Eigen::MatrixXd> &points, Metric metric) {
    ScaledPoints s;
    s.byPoint = points.transpose();
    if (metric == Metric::Cosine) {
        // Each point on its own scale first, so that its norm can neither overflow (1e200) nor
        // underflow (1e-200, which used to read as "the zero vector").
        for (Eigen::Index i = 0; i < s.byPoint.cols(); ++i) {
            auto column = s.byPoint.col(i);
            const int e = largestExponent(column);
            if (e != 0)
                column = column.unaryExpr([e](double v) { return std::ldexp(v, -e); });
            const double norm = column.norm();
            if (norm > 0)
                column /= norm;
        }
        return s;
    }
    // Into [-1, 1] first, so that the mean cannot overflow; then centred (translation does not
    // change distances, and it keeps ‖a‖² + ‖b‖² − 2a·b from cancelling on data far from the
    // origin); then into [-1, 1] again, so that the spread uses the whole range.
    const int e1 = largestExponent(s.byPoint);
    scaleByPowerOfTwo(s.byPoint, -e1);
    const Eigen::VectorXd mean = s.byPoint.rowwise().mean();
    s.byPoint.colwise() -= mean;
    const int e2 = largestExponent(s.byPoint);
    scaleByPowerOfTwo(s.byPoint, -e2);
    s.exponent = e1 + e2;
    return s;
}

double scaledDistance(const Eigen::MatrixXd &byPoint, std::int64_t a, std::int64_t b, Metric metric,
                      double p) {
    const auto x = byPoint.col(a), y = byPoint.col(b);
    switch (metric) {
    case Metric::Euclidean: return (x - y).stableNorm();
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
