// SPDX-License-Identifier: MIT
#include "nets/mlp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include <Eigen/Cholesky>
#include <boost/random/normal_distribution.hpp>

namespace dimscope::mlp {

namespace {

constexpr double kLeakySlope = 0.01;

double sigmoid(double z) {
    // Two branches so that exp never overflows.
    if (z >= 0)
        return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

/// tanh through Eigen's vectorised exp, about 8× std::tanh here. The absolute error is ≤ 4e-16
/// (relative error grows only for |z| ≲ 1e-3, where tanh ≈ z is tiny anyway); ±inf arguments of
/// exp give exactly ±1.
Eigen::ArrayXXd fastTanh(const Eigen::ArrayXXd &z) { return 1.0 - 2.0 / ((2.0 * z).exp() + 1.0); }

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

const double kInvSqrt2 = 0.70710678118654752440;
const double kInvSqrt2Pi = 0.39894228040143267794;

} // namespace

Eigen::ArrayXXd activate(Activation a, const Eigen::ArrayXXd &z) {
    switch (a) {
    case Activation::Tanh: return fastTanh(z);
    case Activation::Relu: return z.max(0.0);
    case Activation::LeakyRelu:
        return z.unaryExpr([](double v) { return v > 0 ? v : kLeakySlope * v; });
    case Activation::Sigmoid: return z.unaryExpr([](double v) { return sigmoid(v); });
    case Activation::Softplus: return z.unaryExpr([](double v) { return softplus(v); });
    case Activation::Gelu:
        return z.unaryExpr([](double v) { return 0.5 * v * (1.0 + std::erf(v * kInvSqrt2)); });
    case Activation::Identity: return z;
    }
    return z;
}

Eigen::ArrayXXd derivative(Activation a, const Eigen::ArrayXXd &z) {
    switch (a) {
    case Activation::Tanh: return 1.0 - fastTanh(z).square();
    case Activation::Relu: return (z > 0.0).cast<double>();
    case Activation::LeakyRelu:
        return z.unaryExpr([](double v) { return v > 0 ? 1.0 : kLeakySlope; });
    case Activation::Sigmoid:
        return z.unaryExpr([](double v) {
            const double s = sigmoid(v);
            return s * (1.0 - s);
        });
    case Activation::Softplus: return z.unaryExpr([](double v) { return sigmoid(v); });
    case Activation::Gelu:
        return z.unaryExpr([](double v) {
            return 0.5 * (1.0 + std::erf(v * kInvSqrt2)) + v * kInvSqrt2Pi * std::exp(-0.5 * v * v);
        });
    case Activation::Identity: return Eigen::ArrayXXd::Ones(z.rows(), z.cols());
    }
    return z;
}

std::vector<int> Network::widths() const {
    std::vector<int> w;
    if (layers.empty())
        return w;
    w.push_back(inputDim());
    for (const auto &layer : layers)
        w.push_back(layer.outputDim());
    return w;
}

std::int64_t Network::parameterCount() const {
    std::int64_t n = 0;
    for (const auto &layer : layers)
        n += layer.weight.size() + layer.bias.size();
    return n;
}

std::optional<std::string> Network::check() const {
    if (layers.empty())
        return std::string("the network has no layers");
    for (std::size_t k = 0; k < layers.size(); ++k) {
        const Layer &layer = layers[k];
        const std::string name = "layer " + std::to_string(k + 1);
        if (layer.weight.size() == 0)
            return name + ": the weight matrix is empty";
        if (k > 0 && layer.inputDim() != layers[k - 1].outputDim())
            return name + ": the weight has " + std::to_string(layer.inputDim()) +
                   " columns (inputs) but the previous layer has " +
                   std::to_string(layers[k - 1].outputDim()) + " outputs";
        if (layer.bias.size() != layer.weight.rows())
            return name + ": the bias has " + std::to_string(layer.bias.size()) +
                   " entries but the weight has " + std::to_string(layer.weight.rows()) +
                   " rows (outputs)";
        if (layer.residual && layer.inputDim() != layer.outputDim())
            return name + ": a residual layer needs as many outputs as inputs";
        if (!layer.weight.allFinite() || !layer.bias.allFinite() ||
            !std::isfinite(layer.branchScale))
            return name + ": a weight or bias is not finite";
    }
    return std::nullopt;
}

Network randomNetwork(const InitSpec &spec, boost::random::mt19937_64 &engine) {
    if (spec.widths.size() < 2)
        throw std::invalid_argument("randomNetwork: need at least two widths");
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    Network net;
    const std::size_t depth = spec.widths.size() - 1;
    for (std::size_t k = 0; k < depth; ++k) {
        const int in = spec.widths[k], out = spec.widths[k + 1];
        Layer layer;
        layer.weight.resize(out, in);
        // Skips go around hidden layers only, as in a ResNet's body: the first layer reads x and
        // the last writes the output, so a skip there would add x to h¹ or h^{L-1} to the output.
        const bool hidden = k > 0 && k + 1 < depth;
        const bool residual = spec.residual && hidden && in == out;
        const double scale =
            spec.gain * (residual ? spec.branchGain : 1.0) / std::sqrt(static_cast<double>(in));
        for (int r = 0; r < out; ++r)
            for (int c = 0; c < in; ++c)
                layer.weight(r, c) = scale * normal(engine);
        layer.bias.resize(out);
        for (int r = 0; r < out; ++r)
            layer.bias(r) = spec.biasStd * normal(engine);
        layer.activation = k + 1 == depth ? spec.outputActivation : spec.activation;
        layer.residual = residual;
        net.layers.push_back(std::move(layer));
    }
    return net;
}

ForwardPass forward(const Network &net, const Eigen::MatrixXd &x) {
    ForwardPass pass;
    pass.h.reserve(net.layers.size() + 1);
    pass.slope.reserve(net.layers.size());
    pass.h.push_back(x);
    for (const Layer &layer : net.layers) {
        // z is built in place and becomes h[k+1]: one GEMM into fresh storage, no copies.
        Eigen::MatrixXd z(layer.outputDim(), x.cols());
        z.noalias() = layer.weight * pass.h.back();
        z.colwise() += layer.bias;
        Eigen::MatrixXd s(z.rows(), z.cols());
        // tanh and sigmoid: the slope from the value, saving a second transcendental per entry.
        if (layer.activation == Activation::Tanh) {
            z.array() = 1.0 - 2.0 / ((2.0 * z.array()).exp() + 1.0);
            s.array() = 1.0 - z.array().square();
        } else if (layer.activation == Activation::Sigmoid) {
            z.array() = activate(layer.activation, z.array());
            s.array() = z.array() * (1.0 - z.array());
        } else {
            s.array() = derivative(layer.activation, z.array());
            z.array() = activate(layer.activation, z.array());
        }
        if (layer.residual) {
            z = pass.h.back() + layer.branchScale * z;
            s *= layer.branchScale;
        }
        pass.h.push_back(std::move(z));
        pass.slope.push_back(std::move(s));
    }
    return pass;
}

std::optional<std::string> checkObjective(const Objective &o, int outputDim, int samples) {
    switch (o.kind) {
    case Objective::Kind::Projection:
        if (o.u.size() != outputDim)
            return "the projection vector u has " + std::to_string(o.u.size()) +
                   " entries; the net has " + std::to_string(outputDim) + " outputs";
        return std::nullopt;
    case Objective::Kind::Sum: return std::nullopt;
    case Objective::Kind::Index:
        if (o.index < 0 || o.index >= outputDim)
            return "output index " + std::to_string(o.index) + " is out of range; the net has " +
                   std::to_string(outputDim) + " outputs (0-based)";
        return std::nullopt;
    case Objective::Kind::Mse:
        if (o.targets.rows() != outputDim || o.targets.cols() != samples)
            return std::string("the MSE targets must be outputs × samples");
        return std::nullopt;
    case Objective::Kind::CrossEntropy:
        if (static_cast<int>(o.classes.size()) != samples)
            return std::string("cross-entropy needs one class per sample");
        for (int c : o.classes)
            if (c < 0 || c >= outputDim)
                return "class " + std::to_string(c) + " is out of range";
        return std::nullopt;
    }
    return std::string("unknown objective");
}

Eigen::VectorXd objectiveValue(const Objective &o, const Eigen::MatrixXd &out) {
    const Eigen::Index n = out.cols();
    switch (o.kind) {
    case Objective::Kind::Projection: return (o.u.transpose() * out).transpose();
    case Objective::Kind::Sum: return out.colwise().sum().transpose();
    case Objective::Kind::Index: return out.row(o.index).transpose();
    case Objective::Kind::Mse: return 0.5 * (out - o.targets).colwise().squaredNorm().transpose();
    case Objective::Kind::CrossEntropy: {
        Eigen::VectorXd f(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double m = out.col(i).maxCoeff();
            f(i) = m + std::log((out.col(i).array() - m).exp().sum()) -
                   out(o.classes[std::size_t(i)], i);
        }
        return f;
    }
    }
    return Eigen::VectorXd::Zero(n);
}

Eigen::MatrixXd objectiveGradient(const Objective &o, const Eigen::MatrixXd &out) {
    const Eigen::Index d = out.rows(), n = out.cols();
    switch (o.kind) {
    case Objective::Kind::Projection: return o.u.replicate(1, n);
    case Objective::Kind::Sum: return Eigen::MatrixXd::Ones(d, n);
    case Objective::Kind::Index: {
        Eigen::MatrixXd g = Eigen::MatrixXd::Zero(d, n);
        g.row(o.index).setOnes();
        return g;
    }
    case Objective::Kind::Mse: return out - o.targets;
    case Objective::Kind::CrossEntropy: {
        Eigen::MatrixXd g(d, n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double m = out.col(i).maxCoeff();
            Eigen::VectorXd e = (out.col(i).array() - m).exp().matrix();
            g.col(i) = e / e.sum();
            g(o.classes[std::size_t(i)], i) -= 1.0;
        }
        return g;
    }
    }
    return Eigen::MatrixXd::Zero(d, n);
}

BackwardPass backward(const Network &net, const ForwardPass &pass,
                      const Eigen::MatrixXd &outputGrad) {
    BackwardPass back;
    back.delta.resize(net.layers.size());
    Eigen::MatrixXd a = outputGrad; // ∂f/∂h[k+1]
    for (std::size_t k = net.layers.size(); k-- > 0;) {
        const Layer &layer = net.layers[k];
        back.delta[k] = a.cwiseProduct(pass.slope[k]);
        if (layer.residual)
            a += layer.weight.transpose() * back.delta[k];
        else
            a = layer.weight.transpose() * back.delta[k];
    }
    back.gradInput = std::move(a);
    return back;
}

GradientNorms gradientNorms(const Network &net, const ForwardPass &pass, const BackwardPass &back,
                            bool includeBiases) {
    GradientNorms g;
    const int n = pass.samples();
    g.gradXSq = back.gradInput.colwise().squaredNorm().transpose();
    g.gradThetaSq = Eigen::VectorXd::Zero(n);
    const double one = includeBiases ? 1.0 : 0.0;
    for (std::size_t k = 0; k < net.layers.size(); ++k)
        g.gradThetaSq.array() += back.delta[k].colwise().squaredNorm().transpose().array() *
                                 (pass.h[k].colwise().squaredNorm().transpose().array() + one);
    return g;
}

namespace {

/// What the fused norms need beyond the net: its weights in T and, for a plain narrowing first
/// layer, a way to get ‖W_0ᵀδ‖² without the d_0-wide product. Depends on the weights only, so
/// FloatNormsPlan computes it once for many batches.
template <class T>
struct NormsPlan {
    using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    enum class FirstLayer { Plain, Factor, Gram };

    const Network *net = nullptr;
    std::vector<Mat> converted; ///< the weights in T; empty for double, which uses the net's
    FirstLayer first = FirstLayer::Plain;
    /// Factor: W_0W_0ᵀ = LLᵀ packed as Eigen's LLT stores it (L below the diagonal).
    /// Gram: W_0W_0ᵀ itself, when it is singular.
    Mat firstLayer;

    const Mat &weight(std::size_t k) const {
        if constexpr (std::is_same_v<T, double>)
            return net->layers[k].weight;
        else
            return converted[k];
    }
};

/// ‖Wᵀδ‖² = δᵀ(WWᵀ)δ = ‖Lᵀδ‖² with WWᵀ = LLᵀ (Cholesky): the triangular product costs d_1²/2 per
/// sample instead of d_1·d_0. The factor is taken in double (d_1³/3 flops), so single precision
/// loses nothing there; a singular WWᵀ keeps the plain quadratic form.
template <class T>
NormsPlan<T> planFor(const Network &net) {
    using Mat = typename NormsPlan<T>::Mat;
    NormsPlan<T> plan;
    plan.net = &net;
    if constexpr (!std::is_same_v<T, double>)
        for (const Layer &layer : net.layers)
            plan.converted.push_back(layer.weight.template cast<T>());
    const Layer &first = net.layers.front();
    if (first.residual || first.outputDim() >= first.inputDim())
        return plan;
    const Mat &w = plan.weight(0);
    Mat gram = Mat::Zero(w.rows(), w.rows());
    gram.template selfadjointView<Eigen::Lower>().rankUpdate(w);
    const Eigen::LLT<Eigen::MatrixXd, Eigen::Lower> llt(gram.template cast<double>());
    if (llt.info() == Eigen::Success) {
        plan.first = NormsPlan<T>::FirstLayer::Factor;
        plan.firstLayer = llt.matrixLLT().template cast<T>();
    } else {
        plan.first = NormsPlan<T>::FirstLayer::Gram;
        gram.template triangularView<Eigen::StrictlyUpper>() = gram.transpose();
        plan.firstLayer = std::move(gram);
    }
    return plan;
}

template <class T>
GradientNorms fusedNorms(const NormsPlan<T> &plan, const Objective &objective,
                         const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> &x,
                         bool includeBiases) {
    using Mat = typename NormsPlan<T>::Mat;
    using FirstLayer = typename NormsPlan<T>::FirstLayer;
    const Network &net = *plan.net;
    const std::size_t depth = net.layers.size();
    const Eigen::Index n = x.cols();
    std::vector<Mat> slope(depth);
    Mat h;
    std::vector<Eigen::ArrayXd> hSq(depth);
    for (std::size_t k = 0; k < depth; ++k) {
        const Layer &layer = net.layers[k];
        const Mat *in = k == 0 ? &x : &h;
        hSq[k] = in->colwise().squaredNorm().transpose().template cast<double>().array();
        Mat z(layer.outputDim(), n);
        z.noalias() = plan.weight(k) * *in;
        z.colwise() += layer.bias.template cast<T>();
        slope[k].resize(z.rows(), n);
        auto s = slope[k].array();
        if (layer.activation == Activation::Tanh) {
            if constexpr (std::is_same_v<T, float>)
                z.array() =
                    z.array().tanh(); // Eigen's vectorised rational approximation (float only)
            else
                z.array() = T(1) - T(2) / ((T(2) * z.array()).exp() + T(1));
            s = T(1) - z.array().square();
        } else {
            const Eigen::ArrayXXd zd = z.template cast<double>().array();
            s = derivative(layer.activation, zd).template cast<T>();
            z = activate(layer.activation, zd).matrix().template cast<T>();
        }
        if (layer.residual) {
            z = *in + T(layer.branchScale) * z;
            s *= T(layer.branchScale);
        }
        h = std::move(z);
    }
    Mat a = objectiveGradient(objective, h.template cast<double>()).template cast<T>();
    GradientNorms g;
    g.gradThetaSq = Eigen::VectorXd::Zero(n);
    const double one = includeBiases ? 1.0 : 0.0;
    Mat delta, next;
    for (std::size_t k = depth; k-- > 0;) {
        const Layer &layer = net.layers[k];
        delta = a.cwiseProduct(slope[k]);
        g.gradThetaSq.array() +=
            delta.colwise().squaredNorm().transpose().template cast<double>().array() *
            (hSq[k] + one);
        if (k == 0 && plan.first == FirstLayer::Factor) {
            next.noalias() =
                plan.firstLayer.template triangularView<Eigen::Lower>().transpose() * delta;
            g.gradXSq = next.colwise().squaredNorm().transpose().template cast<double>();
            return g;
        }
        if (k == 0 && plan.first == FirstLayer::Gram) {
            next.noalias() = plan.firstLayer * delta;
            g.gradXSq = delta.cwiseProduct(next)
                            .colwise()
                            .sum()
                            .transpose()
                            .template cast<double>()
                            .cwiseMax(0.0);
            return g;
        }
        next.noalias() = plan.weight(k).transpose() * delta;
        if (layer.residual)
            next += a;
        std::swap(a, next);
    }
    g.gradXSq = a.colwise().squaredNorm().transpose().template cast<double>();
    return g;
}

} // namespace

GradientNorms gradientNorms(const Network &net, const Objective &objective,
                            const Eigen::MatrixXd &x, bool includeBiases, Precision precision) {
    if (precision == Precision::Single)
        return fusedNorms<float>(planFor<float>(net), objective, x.cast<float>(), includeBiases);
    return fusedNorms(planFor<double>(net), objective, x, includeBiases);
}

GradientNorms gradientNorms(const Network &net, const Objective &objective,
                            const Eigen::MatrixXf &x, bool includeBiases) {
    return fusedNorms(planFor<float>(net), objective, x, includeBiases);
}

struct FloatNormsPlan::Impl {
    NormsPlan<float> plan;
};

FloatNormsPlan::FloatNormsPlan(const Network &net)
    : m_impl(std::make_unique<Impl>(Impl{planFor<float>(net)})) {}
FloatNormsPlan::~FloatNormsPlan() = default;
FloatNormsPlan::FloatNormsPlan(FloatNormsPlan &&) noexcept = default;
FloatNormsPlan &FloatNormsPlan::operator=(FloatNormsPlan &&) noexcept = default;

GradientNorms FloatNormsPlan::operator()(const Objective &objective, const Eigen::MatrixXf &x,
                                         bool includeBiases) const {
    if (!m_impl)
        throw std::logic_error("FloatNormsPlan: used after being moved from");
    return fusedNorms(m_impl->plan, objective, x, includeBiases);
}

Eigen::MatrixXd jvp(const Network &net, const ForwardPass &pass, int from, int to,
                    const Eigen::MatrixXd &v, int first) {
    Eigen::MatrixXd cur = v;
    const Eigen::Index n = v.cols();
    for (int k = from; k < to; ++k) {
        const Layer &layer = net.layers[std::size_t(k)];
        Eigen::MatrixXd next =
            (layer.weight * cur).cwiseProduct(pass.slope[std::size_t(k)].middleCols(first, n));
        if (layer.residual)
            next += cur;
        cur = std::move(next);
    }
    return cur;
}

Eigen::MatrixXd vjp(const Network &net, const ForwardPass &pass, int from, int to,
                    const Eigen::MatrixXd &v, int first) {
    Eigen::MatrixXd cur = v;
    const Eigen::Index n = v.cols();
    for (int k = to; k-- > from;) {
        const Layer &layer = net.layers[std::size_t(k)];
        Eigen::MatrixXd prev = layer.weight.transpose() *
                               cur.cwiseProduct(pass.slope[std::size_t(k)].middleCols(first, n));
        if (layer.residual)
            prev += cur;
        cur = std::move(prev);
    }
    return cur;
}

std::vector<Eigen::MatrixXd> jacobians(const Network &net, const ForwardPass &pass, int sample) {
    std::vector<Eigen::MatrixXd> j;
    j.push_back(Eigen::MatrixXd::Identity(net.inputDim(), net.inputDim()));
    for (std::size_t k = 0; k < net.layers.size(); ++k) {
        const Layer &layer = net.layers[k];
        Eigen::MatrixXd next = pass.slope[k].col(sample).asDiagonal() * (layer.weight * j.back());
        if (layer.residual)
            next += j.back();
        j.push_back(std::move(next));
    }
    return j;
}

Eigen::VectorXd flattenParameters(const Network &net) {
    Eigen::VectorXd theta(net.parameterCount());
    Eigen::Index pos = 0;
    for (const Layer &layer : net.layers) {
        for (Eigen::Index r = 0; r < layer.weight.rows(); ++r)
            for (Eigen::Index c = 0; c < layer.weight.cols(); ++c)
                theta(pos++) = layer.weight(r, c);
        theta.segment(pos, layer.bias.size()) = layer.bias;
        pos += layer.bias.size();
    }
    return theta;
}

void assignParameters(Network &net, const Eigen::VectorXd &theta) {
    if (theta.size() != net.parameterCount())
        throw std::invalid_argument("assignParameters: wrong parameter count");
    Eigen::Index pos = 0;
    for (Layer &layer : net.layers) {
        for (Eigen::Index r = 0; r < layer.weight.rows(); ++r)
            for (Eigen::Index c = 0; c < layer.weight.cols(); ++c)
                layer.weight(r, c) = theta(pos++);
        layer.bias = theta.segment(pos, layer.bias.size());
        pos += layer.bias.size();
    }
}

Eigen::VectorXd parameterGradient(const ForwardPass &pass, const BackwardPass &back, int sample) {
    Eigen::Index count = 0;
    for (std::size_t k = 0; k < back.delta.size(); ++k)
        count += back.delta[k].rows() * (pass.h[k].rows() + 1);
    Eigen::VectorXd g(count);
    Eigen::Index pos = 0;
    for (std::size_t k = 0; k < back.delta.size(); ++k) {
        const auto d = back.delta[k].col(sample);
        const auto h = pass.h[k].col(sample);
        for (Eigen::Index r = 0; r < d.size(); ++r)
            for (Eigen::Index c = 0; c < h.size(); ++c)
                g(pos++) = d(r) * h(c);
        g.segment(pos, d.size()) = d;
        pos += d.size();
    }
    return g;
}

} // namespace dimscope::mlp
