// SPDX-License-Identifier: MIT
#include "loss_scaling/deep_net.h"

#include <cmath>
#include <limits>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "common/parallel.h"

namespace dimscope::loss_scaling {

namespace {

template <class Derived>
void storeInFormat(const std::optional<NumberFormat> &format, Eigen::DenseBase<Derived> &values) {
    if (!format)
        return;
    const double largest = limitsOf(*format).largest;
    for (Eigen::Index j = 0; j < values.cols(); ++j)
        for (Eigen::Index i = 0; i < values.rows(); ++i) {
            const float x = values(i, j);
            const double r = roundedMagnitude(*format, x);
            const double v = r > largest ? std::numeric_limits<double>::infinity() : r;
            values(i, j) = static_cast<float>(x < 0 ? -v : v);
        }
}

} // namespace

ParamLayout layoutOf(const DeepNetShape &s) {
    ParamLayout layout;
    int in = s.input;
    for (int k = 0; k <= s.depth; ++k) {
        const int out = k < s.depth ? s.width : 1;
        const int w = layout.add("W" + std::to_string(k + 1), out, in);
        const int b = layout.add("b" + std::to_string(k + 1), out, 1, true);
        layout.tensors[std::size_t(w)].bias = b;
        in = out;
    }
    return layout;
}

Eigen::ArrayXf initialParameters(const DeepNetShape &shape, std::uint64_t seed) {
    const ParamLayout layout = layoutOf(shape);
    Eigen::ArrayXf theta = Eigen::ArrayXf::Zero(layout.size());
    boost::random::mt19937_64 engine(streamSeed(seed, 0));
    boost::random::normal_distribution<double> normal;
    for (const TensorBlock &t : layout.tensors) {
        if (t.isBias)
            continue;
        const double sd = shape.gain / std::sqrt(double(t.cols));
        for (Eigen::Index i = 0; i < t.size(); ++i)
            theta[t.offset + i] = static_cast<float>(sd * normal(engine));
    }
    return theta;
}

DeepNetData regressionData(const DeepNetShape &shape, std::uint64_t seed) {
    boost::random::mt19937_64 engine(streamSeed(seed, 1));
    boost::random::normal_distribution<double> normal;
    DeepNetData d;
    d.x.resize(shape.input, shape.samples);
    d.y.resize(shape.samples);
    for (int n = 0; n < shape.samples; ++n) {
        for (int i = 0; i < shape.input; ++i)
            d.x(i, n) = static_cast<float>(normal(engine));
        d.y[n] = std::sin(d.x(0, n)) + (shape.input > 1 ? 0.5f * d.x(1, n) : 0.0f);
    }
    return d;
}

double lossAndScaledGradient(const DeepNetShape &shape, const Eigen::ArrayXf &theta,
                             const DeepNetData &data, float scale,
                             const std::optional<NumberFormat> &format, Eigen::ArrayXf &grad) {
    const ParamLayout layout = layoutOf(shape);
    const int layers = shape.depth + 1;
    const auto weight = [&](int k) {
        const TensorBlock &t = layout.tensors[std::size_t(2 * k)];
        return Eigen::Map<const Eigen::MatrixXf>(theta.data() + t.offset, t.rows, t.cols);
    };
    const auto bias = [&](int k) {
        const TensorBlock &t = layout.tensors[std::size_t(2 * k + 1)];
        return Eigen::Map<const Eigen::VectorXf>(theta.data() + t.offset, t.rows);
    };
    std::vector<Eigen::MatrixXf> h(std::size_t(layers + 1));
    h[0] = data.x;
    for (int k = 0; k < layers; ++k) {
        Eigen::MatrixXf z = weight(k) * h[std::size_t(k)];
        z.colwise() += bias(k);
        h[std::size_t(k + 1)] = k + 1 < layers ? Eigen::MatrixXf(z.array().tanh()) : z;
    }
    const float n = static_cast<float>(data.x.cols());
    const Eigen::RowVectorXf residual = h.back().row(0) - data.y;
    const double loss = 0.5 * residual.cast<double>().squaredNorm() / n;

    grad.resize(layout.size());
    Eigen::MatrixXf delta = residual * (scale / n); // ∂(S·loss)/∂z of the output layer
    storeInFormat(format, delta);
    for (int k = layers - 1; k >= 0; --k) {
        const TensorBlock &w = layout.tensors[std::size_t(2 * k)];
        const TensorBlock &b = layout.tensors[std::size_t(2 * k + 1)];
        Eigen::Map<Eigen::MatrixXf> gw(grad.data() + w.offset, w.rows, w.cols);
        Eigen::Map<Eigen::VectorXf> gb(grad.data() + b.offset, b.rows);
        gw.noalias() = delta * h[std::size_t(k)].transpose();
        gb = delta.rowwise().sum();
        storeInFormat(format, gw);
        storeInFormat(format, gb);
        if (k == 0)
            break;
        Eigen::MatrixXf back = weight(k).transpose() * delta;
        const Eigen::MatrixXf &a = h[std::size_t(k)];
        delta = back.array() * (1.0f - a.array().square());
        storeInFormat(format, delta);
    }
    return loss;
}

} // namespace dimscope::loss_scaling
