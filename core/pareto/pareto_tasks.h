// SPDX-License-Identifier: MIT
#pragma once
// The Pareto lab's tasks and weighting methods (posts 8870, 8896, 8907; gradients.md §3):
// quadratics Lᵢ(θ) = sᵢ·½(θ − cᵢ)ᵀ diag(aᵢ)(θ − cᵢ) + kᵢ in the plane, the nine ways to turn their
// gradients into one update direction u = Σ wᵢgᵢ, and the paths θ ← θ − ηu they draw.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/enum_names.h"

namespace dimscope::pareto {

using Point = Eigen::Vector2d;

enum class Method {
    Equal,      ///< wᵢ = 1/n
    InitLoss,   ///< wᵢ = 1/Lᵢ(θ₀)
    Realtime,   ///< wᵢ = 1/sg(Lᵢ): the gradient of Σ log Lᵢ, the geometric mean's direction
    GenMean,    ///< the generalised mean's weights (1/n) Lᵢ^{γ−1} L(γ)^{1−γ}
    Normalized, ///< wᵢ = 1/‖gᵢ‖
    Mgda,       ///< the min-norm point of the hull, Frank–Wolfe with the closed-form line search
    Averaging,  ///< Su's averaging iteration (Frank–Wolfe with γ = 1/(k+1))
    Softmax,    ///< α = softmax(β), gradient descent in β (warm-started along the path)
    MainAux,    ///< task 1 the main task, λ ≥ 0 of the others by least squares
};
inline const std::vector<std::string> &namesOf(Method) {
    static const std::vector<std::string> names = {"equal",     "init-loss",  "realtime",
                                                   "genmean",   "normalized", "mgda",
                                                   "averaging", "softmax",    "main-aux"};
    return names;
}
/// Methods whose weights read only gradients: adding a constant to a loss leaves them unchanged.
bool isGradientBased(Method method);

struct Quadratic {
    Point centre = Point::Zero();
    Point curvature = Point::Ones(); ///< the diagonal of the Hessian before the scale
    double scale = 1.0;
    double offset = 0.0;

    double loss(const Point &theta) const;
    Point gradient(const Point &theta) const;
    /// The level set Lᵢ = level (an ellipse), `points` points, closed; empty below the minimum.
    std::vector<Point> levelSet(double level, int points) const;
};

struct MethodSettings {
    double gamma = 0.5; ///< the generalised mean's γ
    int solverIterations = 100;
    double softmaxLr = 1.0; ///< relative: the β step is softmaxLr / max ‖gᵢ‖²
};

/// What a method carries along a path: the initial losses, the softmax's β.
struct MethodState {
    Eigen::VectorXd initialLoss;
    Eigen::VectorXd beta;
};

struct Direction {
    Point u = Point::Zero();
    Eigen::VectorXd weights; ///< u = Σ wᵢgᵢ
};

/// The weights of `method` from the task losses and the Gram matrix of their gradients (any
/// number of parameters: the multi-task training uses it on whole networks).
Eigen::VectorXd taskWeights(Method method, const Eigen::VectorXd &losses,
                            const Eigen::MatrixXd &gram, const MethodSettings &settings,
                            MethodState &state);
/// The update direction of `method` at θ. `state` must have been made by startState.
Direction direction(Method method, const std::vector<Quadratic> &tasks, const Point &theta,
                    const MethodSettings &settings, MethodState &state);
MethodState startState(const std::vector<Quadratic> &tasks, const Point &theta0);

struct Path {
    Method method = Method::Equal;
    std::vector<Point> points;            ///< θ₀, θ₁, …
    std::vector<Eigen::VectorXd> weights; ///< the weights of each step (one fewer than points)
    int divergedAt = -1; ///< the step after which θ left |θ| < 1e6 (the path stops there)
};

Path trajectory(Method method, const std::vector<Quadratic> &tasks, const Point &theta0, double lr,
                int steps, const MethodSettings &settings);

/// The Pareto set of two tasks in closed form: θ(w) = (wH₁ + (1−w)H₂)⁻¹(wH₁c₁ + (1−w)H₂c₂),
/// w from 0 to 1 (H the scaled Hessians), `points` points.
std::vector<Point> paretoCurve(const Quadratic &a, const Quadratic &b, int points);
/// The minimiser of Σ wᵢLᵢ for weights w (any number of tasks).
Point weightedMinimiser(const std::vector<Quadratic> &tasks, const Eigen::VectorXd &w);

} // namespace dimscope::pareto
