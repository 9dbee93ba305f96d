// SPDX-License-Identifier: MIT
#include "multitask/two_head_net.h"

#include <cmath>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "numerics/constants.h"

namespace dimscope::multitask {

namespace {

using Matrix = Eigen::MatrixXd;
using MapM = Eigen::Map<const Matrix>;
using MapMut = Eigen::Map<Matrix>;

/// Offsets of each block in the flat vector.
struct Layout {
    Eigen::Index w1, b1, w2, b2, w3, b3, end;
    explicit Layout(Eigen::Index w)
        : w1(0), b1(w), w2(2 * w), b2(2 * w + w * w), w3(3 * w + w * w), b3(5 * w + w * w),
          end(5 * w + w * w + 2) {}
};

} // namespace

TwoHeadData makeData(int points, double scale2) {
    TwoHeadData d;
    d.x.resize(points);
    d.y.resize(2, points);
    for (int j = 0; j < points; ++j) {
        const double x = -kPi + 2 * kPi * j / (points - 1);
        d.x(j) = x;
        d.y(0, j) = std::sin(x);
        d.y(1, j) = scale2 * std::cos(2 * x);
    }
    return d;
}

TwoHeadNet::TwoHeadNet(int width) : m_width(width), m_size(Layout(width).end) {}

Eigen::VectorXd TwoHeadNet::initialParameters(std::uint64_t seed) const {
    const Layout l(m_width);
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(m_size);
    const auto fill = [&](Eigen::Index from, Eigen::Index count, double sd) {
        for (Eigen::Index i = 0; i < count; ++i)
            theta(from + i) = sd * normal(engine);
    };
    fill(l.w1, m_width, 1.0);
    fill(l.w2, Eigen::Index(m_width) * m_width, 1.0 / std::sqrt(double(m_width)));
    fill(l.w3, 2 * Eigen::Index(m_width), 1.0 / std::sqrt(double(m_width)));
    return theta;
}

TwoHeadNet::Evaluation TwoHeadNet::evaluate(const Eigen::VectorXd &theta,
                                            const TwoHeadData &data) const {
    const Layout l(m_width);
    const Eigen::Index w = m_width, n = data.x.size();
    const MapM w1(theta.data() + l.w1, w, 1), w2(theta.data() + l.w2, w, w),
        w3(theta.data() + l.w3, 2, w);
    const Eigen::Map<const Eigen::VectorXd> b1(theta.data() + l.b1, w), b2(theta.data() + l.b2, w),
        b3(theta.data() + l.b3, 2);
    const Matrix h1 = ((w1 * data.x).colwise() + b1).array().tanh().matrix();
    const Matrix h2 = ((w2 * h1).colwise() + b2).array().tanh().matrix();
    const Matrix out = (w3 * h2).colwise() + b3;
    const Matrix error = out - data.y;

    Evaluation e;
    e.gradient = Matrix::Zero(m_size, 2);
    for (int task = 0; task < 2; ++task) {
        e.loss(task) = error.row(task).squaredNorm() / double(n);
        // ∂Lᵢ/∂out: only head i's row, 2(out − y)/N.
        const Eigen::RowVectorXd d3 = 2.0 * error.row(task) / double(n);
        double *g = e.gradient.col(task).data();
        MapMut(g + l.w3, 2, w).row(task) = d3 * h2.transpose();
        g[l.b3 + task] = d3.sum();
        const Matrix d2 =
            ((w3.row(task).transpose() * d3).array() * (1 - h2.array().square())).matrix(); // w × N
        MapMut(g + l.w2, w, w) = d2 * h1.transpose();
        Eigen::Map<Eigen::VectorXd>(g + l.b2, w) = d2.rowwise().sum();
        const Matrix d1 = ((w2.transpose() * d2).array() * (1 - h1.array().square())).matrix();
        MapMut(g + l.w1, w, 1) = d1 * data.x.transpose();
        Eigen::Map<Eigen::VectorXd>(g + l.b1, w) = d1.rowwise().sum();
    }
    return e;
}

} // namespace dimscope::multitask
