// SPDX-License-Identifier: MIT
#include "nets/float_mlp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/random/uniform_real_distribution.hpp>

namespace dimscope::mlp {

namespace {

using Eigen::MatrixXf;

/// Products of at most this many multiply-adds (outer products and matrix-vector products of the
/// Occam net: 64 × 1 by 1 × 12) use Eigen's coefficient-based kernel instead of an sgemm call,
/// whose overhead is larger than the arithmetic there. Anything larger goes to OpenBLAS, even the
/// Occam net's 64 × 64 by 64 × 12: measured 8.0 µs per step against 11 µs with Eigen's kernel.
constexpr Eigen::Index kLazyProductLimit = 2048;

/// c = op(a) op(b), rows × cols, for column-major a, b and c without padding; op transposes where
/// `ta`/`tb` say 'T'. Large products call sgemm with β = 0: Eigen's own BLAS binding zeroes c and
/// then accumulates into it (β = 1), one more pass over c.
template <class A, class B>
void product(char ta, char tb, const A &a, const B &b, float *c, Eigen::Index rows,
             Eigen::Index cols) {
    const Eigen::Index depth = ta == 'N' ? a.cols() : a.rows();
    if (rows * cols * depth <= kLazyProductLimit) {
        Eigen::Map<MatrixXf> out(c, rows, cols);
        if (ta == 'N' && tb == 'N')
            out.noalias() = a.lazyProduct(b);
        else if (ta == 'N')
            out.noalias() = a.lazyProduct(b.transpose());
        else
            out.noalias() = a.transpose().lazyProduct(b);
        return;
    }
    const int m = int(rows), n = int(cols), k = int(depth), lda = int(a.rows()),
              ldb = int(b.rows());
    const float one = 1.0f, zero = 0.0f;
    sgemm_(&ta, &tb, &m, &n, &k, &one, a.data(), &lda, b.data(), &ldb, &zero, c, &m);
}

/// Where layer k's weight and bias begin in the flat vector (layout() without its names, so that
/// a training step builds no strings).
struct LayerAt {
    Eigen::Index weight = 0, bias = 0, rows = 0, cols = 0;
};

LayerAt layerAt(const FloatMlp &net, int k) {
    LayerAt at;
    for (int j = 0; j <= k; ++j) {
        at.weight = j == 0 ? 0 : at.bias + at.rows;
        at.rows = net.widths[std::size_t(j) + 1];
        at.cols = net.widths[std::size_t(j)];
        at.bias = at.weight + at.rows * at.cols;
    }
    return at;
}

Eigen::Map<const MatrixXf> weightOf(const LayerAt &at, const float *theta) {
    return Eigen::Map<const MatrixXf>(theta + at.weight, at.rows, at.cols);
}

Eigen::Map<const Eigen::VectorXf> biasOf(const LayerAt &at, const float *theta) {
    return Eigen::Map<const Eigen::VectorXf>(theta + at.bias, at.rows);
}

/// z ← g(z + b). The activation is a pass of its own over the contiguous z: fused with the
/// broadcast bias, Eigen falls back to its scalar tanh, which made tanh a quarter of a training
/// step (perf, the Occam net).
void addBiasAndActivate(MatrixXf &z, const Eigen::Map<const Eigen::VectorXf> &b, Activation a) {
    z.colwise() += b;
    switch (a) {
    case Activation::Tanh: z.array() = z.array().tanh(); return;
    case Activation::Relu: z.array() = z.array().max(0.0f); return;
    default: return;
    }
}

/// δ ← δ ⊙ g'(z), with g' read from the activation's value h = g(z) (tanh' = 1 − h²; relu' = 1
/// where h > 0, 0 at and below 0, the double engine's convention).
void multiplyBySlope(MatrixXf &delta, const MatrixXf &h, Activation a) {
    switch (a) {
    case Activation::Tanh: delta.array() *= 1.0f - h.array().square(); return;
    case Activation::Relu: delta.array() = (h.array() > 0.0f).select(delta.array(), 0.0f); return;
    default: return;
    }
}

/// ∂L/∂f for the batch, into `out` (d_L × N); returns the mean loss.
double outputGradient(const MatrixXf &f, const FloatTargets &t, MatrixXf &out, FloatWorkspace &ws) {
    const Eigen::Index n = f.cols();
    const float invN = 1.0f / static_cast<float>(n);
    if (t.loss == Loss::Mse) {
        out = f - *t.values;
        double sum = 0;
        for (Eigen::Index i = 0; i < n; ++i)
            sum += out.col(i).squaredNorm();
        out *= invN;
        return 0.5 * sum / static_cast<double>(n);
    }
    ws.columnMax = f.colwise().maxCoeff();
    out.array() = (f.rowwise() - ws.columnMax).array().exp();
    ws.columnSum = out.colwise().sum();
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const int c = t.classes[i];
        sum += std::log(static_cast<double>(ws.columnSum(i))) + ws.columnMax(i) - f(c, i);
        out.col(i) *= invN / ws.columnSum(i);
        out(c, i) -= invN;
    }
    return sum / static_cast<double>(n);
}

void prepare(const FloatMlp &net, FloatWorkspace &ws, Eigen::Index n) {
    const auto depth = static_cast<std::size_t>(net.depth());
    ws.h.resize(depth + 1);
    ws.delta.resize(depth);
    for (std::size_t k = 0; k < depth; ++k) {
        ws.h[k + 1].resize(net.widths[k + 1], n); // no-ops when the sizes are unchanged
        ws.delta[k].resize(net.widths[k + 1], n);
    }
}

} // namespace

ParamLayout FloatMlp::layout() const {
    ParamLayout layout;
    for (int k = 0; k < depth(); ++k) {
        const auto in = widths[std::size_t(k)], out = widths[std::size_t(k) + 1];
        const int w = layout.add("W" + std::to_string(k + 1), out, in);
        layout.tensors[std::size_t(w)].bias = layout.add("b" + std::to_string(k + 1), out, 1, true);
    }
    return layout;
}

std::optional<std::string> FloatMlp::check() const {
    if (widths.size() < 2)
        return std::string("a net needs at least an input and an output width");
    for (int w : widths)
        if (w < 1 || w > 65536)
            return "width " + std::to_string(w) + " is not in 1…65536";
    const auto supported = [](Activation a) {
        return a == Activation::Tanh || a == Activation::Relu || a == Activation::Identity;
    };
    if (!supported(hidden) || !supported(output))
        return std::string("the float engine supports tanh, relu and identity activations");
    return std::nullopt;
}

Eigen::ArrayXf defaultInitialisation(const FloatMlp &net, boost::random::mt19937_64 &engine) {
    const ParamLayout layout = net.layout();
    Eigen::ArrayXf theta(layout.size());
    for (int k = 0; k < net.depth(); ++k) {
        const float bound = 1.0f / std::sqrt(static_cast<float>(net.widths[std::size_t(k)]));
        boost::random::uniform_real_distribution<float> uniform(-bound, bound);
        for (const auto &t :
             {layout.tensors[2 * std::size_t(k)], layout.tensors[2 * std::size_t(k) + 1]})
            for (Eigen::Index i = 0; i < t.size(); ++i)
                theta(t.offset + i) = uniform(engine);
    }
    return theta;
}

const MatrixXf &forward(const FloatMlp &net, const float *theta, const MatrixXf &x,
                        FloatWorkspace &ws) {
    prepare(net, ws, x.cols());
    const int depth = net.depth();
    for (int k = 0; k < depth; ++k) {
        const LayerAt at = layerAt(net, k);
        const MatrixXf &in = k == 0 ? x : ws.h[std::size_t(k)];
        MatrixXf &z = ws.h[std::size_t(k) + 1];
        product('N', 'N', weightOf(at, theta), in, z.data(), at.rows, in.cols());
        addBiasAndActivate(z, biasOf(at, theta), k + 1 == depth ? net.output : net.hidden);
    }
    return ws.h.back();
}

double lossOf(const MatrixXf &f, const FloatTargets &t) {
    const Eigen::Index n = f.cols();
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (t.loss == Loss::Mse) {
            sum += 0.5 * (f.col(i) - t.values->col(i)).cast<double>().squaredNorm();
        } else {
            const Eigen::VectorXd c = f.col(i).cast<double>();
            const double m = c.maxCoeff();
            sum += m + std::log((c.array() - m).exp().sum()) - c(t.classes[i]);
        }
    }
    return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

double accuracyOf(const MatrixXf &f, const int *classes) {
    const Eigen::Index n = f.cols();
    Eigen::Index right = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        Eigen::Index best = 0;
        f.col(i).maxCoeff(&best);
        right += best == classes[i];
    }
    return n > 0 ? static_cast<double>(right) / static_cast<double>(n) : 0.0;
}

double lossAndGradient(const FloatMlp &net, const float *theta, const MatrixXf &x,
                       const FloatTargets &targets, float *grad, FloatWorkspace &ws) {
    const MatrixXf &f = forward(net, theta, x, ws);
    const int depth = net.depth();
    const double loss = outputGradient(f, targets, ws.delta.back(), ws);
    for (int k = depth; k-- > 0;) {
        const auto kk = std::size_t(k);
        const LayerAt at = layerAt(net, k);
        MatrixXf &delta = ws.delta[kk];
        multiplyBySlope(delta, ws.h[kk + 1], k + 1 == depth ? net.output : net.hidden);
        const MatrixXf &in = k == 0 ? x : ws.h[kk];
        product('N', 'T', delta, in, grad + at.weight, at.rows, at.cols);
        Eigen::Map<Eigen::VectorXf>(grad + at.bias, at.rows) = delta.rowwise().sum();
        if (k > 0)
            product('T', 'N', weightOf(at, theta), delta, ws.delta[kk - 1].data(), at.cols,
                    delta.cols());
    }
    return loss;
}

void forwardWithInputSlope(const FloatMlp &net, const float *theta, const MatrixXf &x,
                           MatrixXf &value, MatrixXf &slope) {
    if (net.inputDim() != 1)
        throw std::invalid_argument("forwardWithInputSlope: the net must have one input");
    value = x;
    slope = MatrixXf::Ones(1, x.cols());
    const int depth = net.depth();
    for (int k = 0; k < depth; ++k) {
        const LayerAt at = layerAt(net, k);
        const auto weight = weightOf(at, theta);
        MatrixXf z = weight * value;
        MatrixXf t = weight * slope;
        addBiasAndActivate(z, biasOf(at, theta), k + 1 == depth ? net.output : net.hidden);
        multiplyBySlope(t, z, k + 1 == depth ? net.output : net.hidden);
        value = std::move(z);
        slope = std::move(t);
    }
}

Network toNetwork(const FloatMlp &net, const float *theta) {
    Network out;
    for (int k = 0; k < net.depth(); ++k) {
        const LayerAt at = layerAt(net, k);
        Layer layer;
        layer.weight = weightOf(at, theta).cast<double>();
        layer.bias = biasOf(at, theta).cast<double>();
        layer.activation = k + 1 == net.depth() ? net.output : net.hidden;
        out.layers.push_back(std::move(layer));
    }
    return out;
}

} // namespace dimscope::mlp
