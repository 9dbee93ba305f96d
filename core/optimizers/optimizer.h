// SPDX-License-Identifier: MIT
#pragma once
// One interface for every optimizer of the training lab (gradients.md §2, §8): plain SGD,
// momentum and Adam; exponentiated gradient for non-negative parameters (EGU) and for signed ones
// (EG±, unnormalised or normalised to a total weight U per tensor or per neuron); the exact
// reparametrised GD of §2.1; Su's meta-learned per-coordinate learning rate (§2.2); and EGDD as
// tensorflow/lingvo's egdd.py implements it (§2.3).
//
// The parameters are one flat vector (nets/param_layout.h), float for training; each optimizer
// updates it with whole-vector Eigen array expressions and keeps its state beside it. Every
// optimizer exposes that state for plotting: the per-coordinate effective step, its state vectors
// (momentum, gains, …), EGDD's scale per tensor, and the weights exponentiated updates underflowed
// to exactly 0 — which are counted, never hidden. An optimizer serves one training run on one
// thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/enum_names.h"
#include "nets/param_layout.h"

namespace dimscope::optim {

enum class OptimizerKind { Sgd, Momentum, Adam, Egu, EgPm, ReparamGd, MetaLr, Egdd };

inline const std::vector<std::string> &namesOf(OptimizerKind) {
    static const std::vector<std::string> names = {"sgd",   "momentum",   "adam",    "egu",
                                                   "eg-pm", "reparam-gd", "meta-lr", "egdd"};
    return names;
}

/// Over which set normalised EG± rescales θ⁺ + θ⁻ to the total weight U.
enum class EgNormalisation {
    Tensor, ///< each tensor sums to U
    Neuron, ///< each neuron's incoming weights and its bias sum to U (egpm.py's default)
};

inline const std::vector<std::string> &namesOf(EgNormalisation) {
    static const std::vector<std::string> names = {"tensor", "neuron"};
    return names;
}

/// How Su's meta-lr turns consecutive gradients into a gain update (§2.2).
enum class MetaLrVariant {
    Raw,  ///< ν ← ν ⊙ exp(γ g_{t−1} ⊙ g_t), as in the post
    Sign, ///< ν ← ν ⊙ exp(γ sign(g_{t−1} ⊙ g_t)): scale-free
};

inline const std::vector<std::string> &namesOf(MetaLrVariant) {
    static const std::vector<std::string> names = {"raw", "sign"};
    return names;
}

/// Every optimizer's settings; each reads its own. Defaults are the references' (§2.3 for EGDD,
/// PyTorch for Adam).
struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::Sgd;
    double lr = 0.1;       ///< η, > 0
    double momentum = 0.9; ///< μ of momentum and EGDD, 0…<1
    // Adam
    double beta1 = 0.9;    ///< decay of the first moment, 0…<1
    double beta2 = 0.999;  ///< decay of the second moment, 0…<1
    double epsilon = 1e-8; ///< added to √v̂, > 0
    // Exponentiated updates
    /// Largest |exponent| of one multiplicative step (egu, eg-pm, reparam-gd), > 0: exp(±30)
    /// keeps one step finite in float; a clamped step is still a step in the right direction
    /// (§2.1).
    double exponentClamp = 30.0;
    double initScale = 1e-3; ///< EG±: θ± start at this plus max(±θ₀, 0), > 0
    /// Normalised EG± when > 0: θ⁺ + θ⁻ sums to U over each normalisation set after every step,
    /// and the exponent is η·U·g (KW97's convention, §2.4 check 3). 0: unnormalised.
    double totalWeight = 0.0;
    EgNormalisation normalisation = EgNormalisation::Neuron;
    // Su's meta-lr
    MetaLrVariant metaVariant = MetaLrVariant::Sign;
    double gamma = 0.05; ///< γ, the gains' learning rate, ≥ 0
    double nuMin = 1e-4; ///< lower clip of the gains ν (ν₀ = 1), > 0
    double nuMax = 1e4;  ///< upper clip, > nuMin
    // EGDD (lingvo egdd.py's defaults; η and μ are lr and momentum)
    double egddBeta = 0.9;     ///< β, decay of the gradient EMA ḡ, 0…<1
    double gainLr = 0.01;      ///< γ_p, ≥ 0
    double scaleLr = 0.001;    ///< γ_s, ≥ 0
    double initialGain = 1.0;  ///< p₀, in [gainMin, gainMax]
    double gainMin = 1e-2;     ///< clip of the gains p, > 0
    double gainMax = 1e2;      ///< ≥ gainMin
    double initialScale = 1.0; ///< s₀, in [scaleMin, scaleMax]
    double scaleMin = 0.1;     ///< clip of the scale s of each tensor, > 0
    double scaleMax = 10.0;    ///< ≥ scaleMin
    bool useSigns = true;      ///< gains from sign(g) ⊙ sign(ḡ) instead of g ⊙ ĝ
    bool useDirections = true; ///< scale from the cosine of g and m instead of ⟨g, m⟩
};

/// State vectors an optimizer may hold, for plots and checks.
enum class StateVector {
    Momentum,     ///< momentum buffer (momentum: Σ μ^k g; EGDD: m, with η and the gains inside)
    FirstMoment,  ///< Adam's m
    SecondMoment, ///< Adam's v
    Gain,         ///< meta-lr's ν, EGDD's p
    GradientEma,  ///< EGDD's ḡ
    PreviousGradient, ///< meta-lr's g_{t−1}
    Plus,             ///< EG±'s θ⁺
    Minus,            ///< EG±'s θ⁻
};

/// The interface, for parameters in float (training) or double (reference checks that the float
/// range cannot reach, e.g. §2.4 check 5, whose θ falls below float's least subnormal).
template <class T>
class BasicOptimizer {
public:
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

    virtual ~BasicOptimizer() = default;

    /// One update of theta (the flat parameters) from the gradient of the loss at theta.
    virtual void step(Array &theta, const Array &grad) = 0;

    /// The per-coordinate effective step e_i: to first order a small gradient g on coordinate i
    /// alone moves θ_i by −e_i·g in the next step (η for SGD and momentum, η/(√v̂+ε) for Adam,
    /// η·θ_i for EGU, η'(θ⁺+θ⁻)_i for EG± (η' = η, or η·U normalised), η·θ_i² for reparam-gd,
    /// η·ν_i for meta-lr, s·η·p_i for EGDD). Momentum's later echoes of that gradient are not
    /// counted.
    virtual T effectiveStep(Eigen::Index i) const = 0;

    /// A state vector, or nullptr when this optimizer has none of that kind.
    virtual const Array *state(StateVector) const { return nullptr; }

    /// EGDD's scale s, one per tensor (layout order); empty for the others.
    virtual std::vector<T> scales() const { return {}; }

    /// Weights an exponentiated update has driven to exactly 0 (θ for egu and reparam-gd, θ⁺ and
    /// θ⁻ for eg-pm). 0 is absorbing for a multiplicative update, so this never falls. 0 for the
    /// others.
    virtual std::int64_t underflowCount() const { return 0; }

    /// Steps taken.
    std::int64_t steps() const { return m_steps; }

protected:
    std::int64_t m_steps = 0;
};

using Optimizer = BasicOptimizer<float>;
using DoubleOptimizer = BasicOptimizer<double>;

/// The optimizer `settings.kind` for parameters laid out as `layout`, starting from theta, which
/// it may change: EG± replaces θ by θ⁺ − θ⁻ of its own start. Throws std::invalid_argument when
/// the start cannot be used (egu and reparam-gd need θ₀ > 0 everywhere). T is float or double.
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeOptimizer(const OptimizerSettings &settings,
                                                 const ParamLayout &layout,
                                                 Eigen::Array<T, Eigen::Dynamic, 1> &theta);

extern template std::unique_ptr<BasicOptimizer<float>>
makeOptimizer(const OptimizerSettings &, const ParamLayout &, Eigen::ArrayXf &);
extern template std::unique_ptr<BasicOptimizer<double>>
makeOptimizer(const OptimizerSettings &, const ParamLayout &, Eigen::ArrayXd &);

/// True for optimizers that keep every parameter positive (egu, reparam-gd): they need a task
/// whose parameters start positive.
bool needsPositiveParameters(OptimizerKind kind);

} // namespace dimscope::optim
