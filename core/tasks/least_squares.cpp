// SPDX-License-Identifier: MIT
// Least squares on Gaussian data, L(w) = (1/2n)‖Xw − y‖² (MSE/2), linear models of one neuron
// (the layout's single 1 × d tensor "w").
//  - nnls (§2.4 check 2): X 30 × 20 and y i.i.d. N(0, 1), w₀ = 1: a non-negative least squares
//    problem once the optimizer keeps w ≥ 0 (egu), with no test set.
//  - sparse-regression (§2.4 check 3): d = 100 features x ~ N(0, I), n = 40 samples, w* with
//    non-zeros 1, −1, 0.5 (cycling, for more than three) on coordinates drawn from the seed,
//    noiseless y = Xw*, w₀ = 0; the test error is MSE/2 on 1000 fresh points.
#include <algorithm>
#include <numeric>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "tasks/kinds.h"

namespace dimscope::tasks::detail {

namespace {

constexpr int kNnlsColumns = 20;
constexpr int kSparseTestPoints = 1000;

Eigen::MatrixXf gaussian(Eigen::Index rows, Eigen::Index cols, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXf m(rows, cols);
    for (Eigen::Index c = 0; c < cols; ++c)
        for (Eigen::Index r = 0; r < rows; ++r)
            m(r, c) = float(normal(engine));
    return m;
}

/// (1/2n)‖Xw − y‖² in double, for losses reported to the user.
double halfMse(const Eigen::MatrixXf &x, const Eigen::VectorXf &y, const Eigen::ArrayXf &w) {
    const Eigen::VectorXd r = x.cast<double>() * w.cast<double>().matrix() - y.cast<double>();
    return 0.5 * r.squaredNorm() / double(x.rows());
}

class LeastSquares : public Task {
public:
    double lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t,
                           Eigen::ArrayXf &grad) override {
        m_residual.noalias() = m_x * theta.matrix();
        m_residual -= m_y;
        grad.resize(theta.size());
        grad.matrix().noalias() = m_x.transpose() * m_residual;
        grad /= float(m_x.rows());
        return 0.5 * m_residual.cast<double>().squaredNorm() / double(m_x.rows());
    }
    Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t) override {
        Evaluation e;
        e.trainLoss = halfMse(m_x, m_y, theta);
        if (hasTestSet())
            e.testLoss = halfMse(m_testX, m_testY, theta);
        return e;
    }
    TaskPicture picture(const Eigen::ArrayXf &theta, std::int64_t) override {
        TaskPicture p;
        p.weights.emplace();
        p.weights->learned.assign(theta.begin(), theta.end());
        p.weights->truth = m_truth;
        return p;
    }
    bool hasTestSet() const override { return m_testX.size() > 0; }

protected:
    Eigen::MatrixXf m_x, m_testX; ///< samples in rows: n × d
    Eigen::VectorXf m_y, m_testY, m_residual;
    std::vector<double> m_truth; ///< w*, or empty
};

class Nnls final : public LeastSquares {
public:
    Nnls(const TaskSettings &s, std::uint64_t seed) {
        boost::random::mt19937_64 engine(seed);
        const int rows = trainingPoints(s);
        m_x = gaussian(rows, kNnlsColumns, engine);
        m_y = gaussian(rows, 1, engine);
        m_layout.add("w", 1, kNnlsColumns);
        m_initial = Eigen::ArrayXf::Ones(kNnlsColumns);
    }
};

class SparseRegression final : public LeastSquares {
public:
    SparseRegression(const TaskSettings &s, std::uint64_t seed) {
        boost::random::mt19937_64 engine(seed);
        const int d = s.dimension, n = trainingPoints(s);
        // The relevant coordinates: the first k of a seeded shuffle.
        std::vector<int> order(std::size_t(d), 0);
        std::iota(order.begin(), order.end(), 0);
        for (int i = d - 1; i > 0; --i) {
            boost::random::uniform_int_distribution<int> pick(0, i);
            std::swap(order[std::size_t(i)], order[std::size_t(pick(engine))]);
        }
        const float values[3] = {1.0f, -1.0f, 0.5f};
        Eigen::VectorXf truth = Eigen::VectorXf::Zero(d);
        for (int k = 0; k < std::min(s.relevant, d); ++k)
            truth(order[std::size_t(k)]) = values[k % 3];
        m_truth.assign(truth.data(), truth.data() + d);
        m_x = gaussian(n, d, engine);
        m_y = m_x * truth;
        m_testX = gaussian(kSparseTestPoints, d, engine);
        m_testY = m_testX * truth;
        m_layout.add("w", 1, d);
        m_initial = Eigen::ArrayXf::Zero(d);
    }
};

} // namespace

std::unique_ptr<Task> makeNnls(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<Nnls>(s, seed);
}

std::unique_ptr<Task> makeSparseRegression(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<SparseRegression>(s, seed);
}

} // namespace dimscope::tasks::detail
