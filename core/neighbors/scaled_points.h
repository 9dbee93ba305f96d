// SPDX-License-Identifier: MIT
#pragma once
// Points brought into a range where neither float nor double arithmetic can overflow or
// underflow, for the neighbour searches. Neighbour order does not change under one global shift
// and scale of the data (nor, for cosine, under a scale of each point), so the searches rank these
// copies and give distances back in the data's units. Without this, coordinates near 1e19 overflow
// the float squares of the euclidean search, 1e39 overflows float itself (NaN distances: a crash
// in the exact search) and 1e-25 underflows the squares to 0 (ties everywhere): wrong neighbour
// lists with exit 0 (issue 13, defects 1 and 2).
//
// Every scale is a power of two, so scaling is exact: data that differ by a power-of-two factor
// give bit-identical neighbour lists.

#include <cstdint>

#include <Eigen/Core>

#include "neighbors/knn.h"

namespace dimscope::hubness {

struct ScaledPoints {
    /// d × n, a column per point. Euclidean, manhattan, lp: centred on the mean, every
    /// |coordinate| ≤ 1. Cosine: every column a unit vector.
    Eigen::MatrixXd byPoint;
    /// Data-unit distance = ldexp(distance of the columns, exponent); 0 for cosine (unitless).
    int exponent = 0;
};

/// The power of two 2^e ≥ the largest |value| of `values`, as e (0 when every value is 0). Values
/// must be finite.
int largestExponent(const Eigen::Ref<const Eigen::MatrixXd> &values);

/// The scaled copy of `points` (n × d, a row per point, finite; for cosine no row may be zero),
/// made on `threads` threads (0 = all cores); the same bits whatever the thread count.
ScaledPoints scaledForSearch(const Eigen::Ref<const Eigen::MatrixXd> &points, Metric metric,
                             int threads = 1);

/// Distance between columns a and b of `byPoint` (a ScaledPoints copy) in `metric`, in the
/// columns' units, computed so that nothing overflows or underflows: euclidean as the root of the
/// sum of squares (Eigen's stableNorm where that sum is near double's underflow), lp as
/// m·(Σ(|x−y|/m)^p)^(1/p) with m the largest |x−y|, cosine as 1 − x·y of unit vectors.
double scaledDistance(const Eigen::MatrixXd &byPoint, std::int64_t a, std::int64_t b, Metric metric,
                      double p);

} // namespace dimscope::hubness
