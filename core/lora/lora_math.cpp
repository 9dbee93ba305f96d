// SPDX-License-Identifier: MIT
#include "lora/lora_math.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

namespace dimscope::lora {

namespace {

Matrix gaussian(int rows, int cols, double sd, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<double> normal(0.0, sd);
    Matrix out(rows, cols);
    // Column by column, row by row: the order the draws are documented in.
    for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i)
            out(i, j) = normal(engine);
    return out;
}

} // namespace

Regression makeRegression(int n, int m, int batch, int targetRank, double scale,
                          std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    Regression task;
    task.x = gaussian(batch, n, 1.0, engine);
    task.w0 = gaussian(n, m, 1.0 / std::sqrt(double(n)), engine);
    const Matrix u = gaussian(n, targetRank, 1.0, engine);
    const Matrix v = gaussian(targetRank, m, 1.0, engine);
    task.target = u * v;
    task.target *= scale / task.target.norm();
    task.y = task.x * (task.w0 + task.target);
    task.gram = task.x.transpose() * task.x / double(batch);
    task.xTarget = task.x * task.target;
    return task;
}

double lossOfDelta(const Regression &task, const Matrix &delta) {
    const Matrix d = delta - task.target;
    return 0.5 * (d.array() * (task.gram * d).array()).sum();
}

Matrix gradientOfDelta(const Regression &task, const Matrix &delta) {
    return task.gram * (delta - task.target);
}

FactorGradients factorGradientsForm1(const Regression &task, const Matrix &offset, const Matrix &a,
                                     const Matrix &b) {
    const double batch = double(task.x.rows());
    const Matrix w = task.w0 + offset + a * b;
    const Matrix g = task.x.transpose() * (task.x * w - task.y) / batch;
    return {g * b.transpose(), a.transpose() * g};
}

FactorGradients factorGradientsForm2(const Regression &task, const Matrix &xOffset, const Matrix &a,
                                     const Matrix &b) {
    const double batch = double(task.x.rows());
    const Matrix z = task.x * a; // b × r
    // XW₀ − Y = −XΔ*: the frozen part of the residual, without an n × m product.
    const Matrix residual = (xOffset + z * b - task.xTarget) / batch; // ∂L/∂Y, b × m
    return {task.x.transpose() * (residual * b.transpose()), z.transpose() * residual};
}

Matrix loraFirstOrderUpdate(const Matrix &g, const Matrix &a, const Matrix &b) {
    return g * b.transpose() * b + a * (a.transpose() * g);
}

Matrix additiveRowTiling(int r, int m) {
    Matrix p = Matrix::Zero(r, m);
    const int width = m / r;
    for (int i = 0; i < r; ++i)
        p.block(i, i * width, 1, width).setOnes();
    return p;
}

Matrix additiveColumnTiling(int n, int r) {
    Matrix q = Matrix::Zero(n, r);
    const int height = n / r;
    for (int j = 0; j < r; ++j)
        q.block(j * height, j, height, 1).setOnes();
    return q;
}

double frobeniusCosine(const Matrix &p, const Matrix &q) {
    const double np = p.norm(), nq = q.norm();
    if (np == 0 || nq == 0)
        return 0.0;
    return (p.array() * q.array()).sum() / (np * nq);
}

double bestRankLoss(const Regression &task, int rank) {
    // L(Δ) = ½‖Lᵀ(Δ − Δ*)‖²_F with S = LLᵀ; Lᵀ is invertible, so rank(LᵀΔ) = rank(Δ) and the
    // best rank-r LᵀΔ is the truncated SVD of LᵀΔ* (Eckart–Young).
    const Eigen::LLT<Matrix> cholesky(task.gram);
    const Matrix weighted = Matrix(cholesky.matrixL()).transpose() * task.target;
    const Eigen::JacobiSVD<Matrix> svd(weighted);
    const auto &s = svd.singularValues();
    double tail = 0;
    for (Eigen::Index i = rank; i < s.size(); ++i)
        tail += s(i) * s(i);
    return 0.5 * tail;
}

double bestAdditiveLoss(const Regression &task, int rank) {
    const int n = int(task.target.rows()), m = int(task.target.cols());
    const Matrix p = additiveRowTiling(rank, m), q = additiveColumnTiling(n, rank);
    // One column per parameter: the ΔW that parameter's unit step makes, flattened.
    const int count = n * rank + rank * m;
    Matrix basis(n * m, count);
    int c = 0;
    for (int j = 0; j < rank; ++j)
        for (int i = 0; i < n; ++i, ++c) { // A(i, j) moves row i by P's row j
            Matrix d = Matrix::Zero(n, m);
            d.row(i) = p.row(j);
            basis.col(c) = Eigen::Map<const Eigen::VectorXd>(d.data(), n * m);
        }
    for (int j = 0; j < m; ++j)
        for (int i = 0; i < rank; ++i, ++c) { // B(i, j) moves column j by Q's column i
            Matrix d = Matrix::Zero(n, m);
            d.col(j) = q.col(i);
            basis.col(c) = Eigen::Map<const Eigen::VectorXd>(d.data(), n * m);
        }
    // Weighted least squares min ½‖Lᵀ(Φθ − Δ*)‖²: the metric is I ⊗ S on column-major vec.
    Matrix weightedBasis(n * m, count);
    for (int k = 0; k < count; ++k) {
        const Eigen::Map<const Matrix> d(basis.col(k).data(), n, m);
        const Matrix sd = task.gram * d;
        weightedBasis.col(k) = Eigen::Map<const Eigen::VectorXd>(sd.data(), n * m);
    }
    const Matrix normal = basis.transpose() * weightedBasis;
    const Matrix st = task.gram * task.target;
    const Eigen::VectorXd rhs =
        basis.transpose() * Eigen::Map<const Eigen::VectorXd>(st.data(), n * m);
    // AP and QB share the all-ones direction: the normal matrix is singular, so a
    // rank-revealing solve.
    const Eigen::VectorXd theta = normal.completeOrthogonalDecomposition().solve(rhs);
    const Eigen::VectorXd flat = basis * theta;
    return lossOfDelta(task, Eigen::Map<const Matrix>(flat.data(), n, m));
}

} // namespace dimscope::lora
