// SPDX-License-Identifier: MIT
// Eigen's SVDs and QR as the tests' reference answers, compiled once for every test that uses
// them: each SVD instantiation cost a test's compile 20–40 s, in each build that compiles it.
#pragma once

#include <Eigen/Core>

namespace dimscope::reference {

/// Singular values of m, largest first, by Eigen's two-sided Jacobi SVD (relative error ~1e-13).
Eigen::VectorXd jacobiSingularValues(const Eigen::MatrixXd &m);

/// The same by divide and conquer (BDCSVD): as accurate here, and fast on large matrices.
Eigen::VectorXd bdcSingularValues(const Eigen::MatrixXd &m);

/// m = u · diag(s) · vᵀ with thin u and v, s largest first (Jacobi SVD).
struct ThinSvd {
    Eigen::MatrixXd u;
    Eigen::VectorXd s;
    Eigen::MatrixXd v;
};
ThinSvd jacobiThinSvd(const Eigen::MatrixXd &m);

/// The orthogonal factor Q (rows × rows) of m's Householder QR.
Eigen::MatrixXd householderQ(const Eigen::MatrixXd &m);

} // namespace dimscope::reference
