// SPDX-License-Identifier: MIT
#include "reference_svd.h"

#include <Eigen/QR>
#include <Eigen/SVD>

namespace dimscope::reference {

Eigen::VectorXd jacobiSingularValues(const Eigen::MatrixXd &m) {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues();
}

Eigen::VectorXd bdcSingularValues(const Eigen::MatrixXd &m) {
    return Eigen::BDCSVD<Eigen::MatrixXd>(m).singularValues();
}

ThinSvd jacobiThinSvd(const Eigen::MatrixXd &m) {
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(m, Eigen::ComputeThinU | Eigen::ComputeThinV);
    return {svd.matrixU(), svd.singularValues(), svd.matrixV()};
}

Eigen::MatrixXd householderQ(const Eigen::MatrixXd &m) {
    return Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
}

} // namespace dimscope::reference
