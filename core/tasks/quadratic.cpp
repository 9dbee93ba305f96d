// SPDX-License-Identifier: MIT
// The two quadratics. quadratic: ½ Σ a_i θ_i² with a = (1, 10, 100) and θ₀ = 1, the
// ill-conditioned bowl of §2.2 on which per-coordinate steps matter. quadratic-2d: ½(θ−c)ᵀA(θ−c)
// with A = diag(1, 10), c = (1, −0.5) and θ₀ = (1, 1) (§2.5): its optimum lies outside the
// positive orthant, so the constraint θ ≥ 0 of multiplicative updates is active. Neither draws
// anything: their seed replicates coincide.
#include <algorithm>
#include <cmath>

#include "tasks/kinds.h"

namespace dimscope::tasks::detail {

namespace {

class Quadratic final : public Task {
public:
    Quadratic() {
        m_layout.add("theta", 1, 3);
        m_initial = Eigen::ArrayXf::Ones(3);
        m_a << 1.0f, 10.0f, 100.0f;
    }
    double lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t,
                           Eigen::ArrayXf &grad) override {
        grad = m_a * theta;
        return loss(theta);
    }
    Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t) override {
        Evaluation e;
        e.trainLoss = loss(theta);
        return e;
    }
    TaskPicture picture(const Eigen::ArrayXf &, std::int64_t) override { return {}; }

private:
    double loss(const Eigen::ArrayXf &theta) const {
        return 0.5 * (m_a.cast<double>() * theta.cast<double>().square()).sum();
    }
    Eigen::Array3f m_a;
};

constexpr double kA[2] = {1.0, 10.0};
constexpr double kC[2] = {1.0, -0.5};
constexpr double kStart[2] = {1.0, 1.0};
/// Points kept per reference path: every step up to this, evenly thinned beyond.
constexpr std::int64_t kPathPoints = 2000;
constexpr int kGrid = 80;

class Quadratic2d final : public Task {
public:
    explicit Quadratic2d(const TaskSettings &s) {
        m_layout.add("theta", 1, 2);
        m_initial = Eigen::ArrayXf::Constant(2, 1.0f);
        m_picture.optimum[0] = kC[0];
        m_picture.optimum[1] = kC[1];
        // A is diagonal, so the minimiser over θ ≥ 0 is c clamped coordinate by coordinate.
        m_picture.constrained[0] = std::max(kC[0], 0.0);
        m_picture.constrained[1] = std::max(kC[1], 0.0);
        for (const char *name : {"gd", "projected-gd", "egd", "reparam-gd"})
            m_picture.references.push_back(path(name, s.referenceLr, s.referenceSteps));
        grid();
    }
    double lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t,
                           Eigen::ArrayXf &grad) override {
        grad.resize(2);
        for (int i = 0; i < 2; ++i)
            grad(i) = float(kA[i] * (double(theta(i)) - kC[i]));
        return loss(theta(0), theta(1));
    }
    Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t) override {
        Evaluation e;
        e.trainLoss = loss(theta(0), theta(1));
        return e;
    }
    TaskPicture picture(const Eigen::ArrayXf &, std::int64_t) override {
        TaskPicture p;
        p.contour = m_picture;
        return p;
    }

private:
    static double loss(double x, double y) {
        return 0.5 * (kA[0] * (x - kC[0]) * (x - kC[0]) + kA[1] * (y - kC[1]) * (y - kC[1]));
    }

    /// One of §2.5's reference paths, in double: gd θ ← θ − ηg; projected-gd max(θ − ηg, 0); egd
    /// θ ⊙ exp(−ηg); reparam-gd θ ⊙ exp(−ηθ ⊙ g), exponents clamped to ±30 as the optimizers do.
    static ContourPicture::Path path(const std::string &name, double lr, std::int64_t steps) {
        ContourPicture::Path p;
        p.name = name;
        const std::int64_t every =
            std::max<std::int64_t>(1, (steps + kPathPoints - 1) / kPathPoints);
        double th[2] = {kStart[0], kStart[1]};
        for (std::int64_t t = 0; t <= steps; ++t) {
            if (t % every == 0 || t == steps) {
                p.x.push_back(th[0]);
                p.y.push_back(th[1]);
            }
            if (t == steps || !std::isfinite(th[0]) || !std::isfinite(th[1]))
                break;
            for (int i = 0; i < 2; ++i) {
                const double g = kA[i] * (th[i] - kC[i]);
                if (name == "gd")
                    th[i] -= lr * g;
                else if (name == "projected-gd")
                    th[i] = std::max(th[i] - lr * g, 0.0);
                else if (name == "egd")
                    th[i] *= std::exp(std::clamp(-lr * g, -30.0, 30.0));
                else
                    th[i] *= std::exp(std::clamp(-lr * th[i] * g, -30.0, 30.0));
            }
        }
        return p;
    }

    /// Contours over a box holding θ₀, c and every finite point of the reference paths.
    void grid() {
        double lo[2] = {std::min(kC[0], 0.0), std::min(kC[1], 0.0)};
        double hi[2] = {std::max(kStart[0], kC[0]), std::max(kStart[1], kC[1])};
        for (const auto &p : m_picture.references)
            for (std::size_t k = 0; k < p.x.size(); ++k) {
                const double v[2] = {p.x[k], p.y[k]};
                for (int i = 0; i < 2; ++i)
                    if (std::isfinite(v[i]) && std::abs(v[i]) < 10) {
                        lo[i] = std::min(lo[i], v[i]);
                        hi[i] = std::max(hi[i], v[i]);
                    }
            }
        for (int i = 0; i < 2; ++i) {
            const double margin = 0.1 * (hi[i] - lo[i]);
            lo[i] -= margin;
            hi[i] += margin;
        }
        for (int k = 0; k < kGrid; ++k) {
            m_picture.x.push_back(lo[0] + (hi[0] - lo[0]) * k / (kGrid - 1));
            m_picture.y.push_back(lo[1] + (hi[1] - lo[1]) * k / (kGrid - 1));
        }
        for (double y : m_picture.y)
            for (double x : m_picture.x)
                m_picture.loss.push_back(loss(x, y));
    }

    ContourPicture m_picture;
};

} // namespace

std::unique_ptr<Task> makeQuadratic(const TaskSettings &) { return std::make_unique<Quadratic>(); }

std::unique_ptr<Task> makeQuadratic2d(const TaskSettings &s) {
    return std::make_unique<Quadratic2d>(s);
}

} // namespace dimscope::tasks::detail
