// SPDX-License-Identifier: MIT
#pragma once
// One training run of one update rule on the matrix regression (lora_math.h): full-batch steps,
// logging the loss, the spectrum of W − W₀, the cosine between the rule's first-order update of W
// and the full gradient G, and the factors' norms and balance AᵀA − BBᵀ.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/enum_names.h"
#include "lora/lora_math.h"

namespace dimscope::lora {

/// full: W ← W − ηG. lora: W = W₀ + AB, A₀ ~ N(0, 1/n), B₀ = 0, gradients by form (2).
/// lora-symmetric: W = W₀ − A₀B₀ + AB with B₀ ~ N(0, 1/m) too. projection: fresh u (n × r),
/// v (r × m) ~ N(0, 1) every step, W ← W − η'(Gvᵀv + uuᵀG). additive: W = W₀ + AP + QB.
enum class Method { Full, Lora, LoraSymmetric, Projection, Additive };
inline const std::vector<std::string> &namesOf(Method) {
    static const std::vector<std::string> names = {"full", "lora", "lora-symmetric", "projection",
                                                   "additive"};
    return names;
}

/// The projection's η': E[Gvᵀv + uuᵀG] = 2rG, so `half` (η/(2r)) matches SGD in expectation;
/// ‖u‖² ≈ n makes that unstable, and `n-plus-m` (η/(r(n+m))) is the stable choice; `none` (η)
/// shows the divergence.
enum class ProjectionScale { NPlusM, Half, None };
inline const std::vector<std::string> &namesOf(ProjectionScale) {
    static const std::vector<std::string> names = {"n-plus-m", "half", "none"};
    return names;
}

struct RunSettings {
    Method method = Method::Lora;
    int rank = 1;
    double lr = 0.1;
    std::int64_t steps = 2000;
    std::int64_t logEvery = 10;
    ProjectionScale projectionScale = ProjectionScale::NPlusM;
    bool spectrum = true;       ///< the singular values of W − W₀ at every logged step
    std::uint64_t initSeed = 1; ///< A₀, B₀
    std::uint64_t drawSeed = 2; ///< the projection's u, v
};

struct MethodRun {
    Method method = Method::Lora;
    std::vector<std::int64_t> steps; ///< logged steps: 0, k, 2k, …, the last
    std::vector<double> loss;
    std::vector<std::vector<double>> spectrum; ///< [point][i], σ of W − W₀, descending
    std::vector<double> cosine;                ///< cos∠(the rule's first-order update of W, G)
    std::vector<double> normA, normB, balance; ///< ‖A‖_F, ‖B‖_F, ‖AᵀA − BBᵀ‖_F; NaN without factors
    std::int64_t divergedAt = -1; ///< the first logged step whose loss was not finite (or ≥ 1e100)
    Matrix delta;                 ///< W − W₀ at the end
    std::vector<double> singularValues; ///< of delta, descending
    bool cancelled = false;
};

/// Runs `settings` on `task`. `stop` is polled every step; `onStep` (may be empty) after each.
MethodRun runMethod(const Regression &task, const RunSettings &settings,
                    const std::function<bool()> &stop,
                    const std::function<void(std::int64_t)> &onStep = {});

/// The singular values of m, descending.
std::vector<double> singularValues(const Matrix &m);

} // namespace dimscope::lora
