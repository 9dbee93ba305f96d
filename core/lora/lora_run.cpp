// SPDX-License-Identifier: MIT
#include "lora/lora_run.h"

#include <cmath>
#include <limits>

#include <Eigen/SVD>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "numerics/constants.h"

namespace dimscope::lora {

namespace {

/// A loss past this has left the problem's scale for good: the run is called diverged.
constexpr double kDivergedLoss = 1e100;

Matrix draw(int rows, int cols, double sd, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<double> normal(0.0, sd);
    Matrix out(rows, cols);
    for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i)
            out(i, j) = normal(engine);
    return out;
}

bool hasFactors(Method m) {
    return m == Method::Lora || m == Method::LoraSymmetric || m == Method::Additive;
}

} // namespace

std::vector<double> singularValues(const Matrix &m) {
    const Eigen::JacobiSVD<Matrix> svd(m);
    const auto &s = svd.singularValues();
    return {s.data(), s.data() + s.size()};
}

MethodRun runMethod(const Regression &task, const RunSettings &settings,
                    const std::function<bool()> &stop,
                    const std::function<void(std::int64_t)> &onStep) {
    const int n = int(task.target.rows()), m = int(task.target.cols()), r = settings.rank;
    const double eta = settings.lr;
    MethodRun run;
    run.method = settings.method;

    boost::random::mt19937_64 initEngine(settings.initSeed), drawEngine(settings.drawSeed);
    Matrix a, b, offset = Matrix::Zero(n, m), p, q;
    switch (settings.method) {
    case Method::Full:
    case Method::Projection: break;
    case Method::Lora:
        a = draw(n, r, 1.0 / std::sqrt(double(n)), initEngine);
        b = Matrix::Zero(r, m);
        break;
    case Method::LoraSymmetric:
        a = draw(n, r, 1.0 / std::sqrt(double(n)), initEngine);
        b = draw(r, m, 1.0 / std::sqrt(double(m)), initEngine);
        offset = -a * b; // W = W₀ − A₀B₀ + AB: the initial function is W₀'s
        break;
    case Method::Additive:
        a = Matrix::Zero(n, r);
        b = Matrix::Zero(r, m);
        p = additiveRowTiling(r, m);
        q = additiveColumnTiling(n, r);
        break;
    }
    const Matrix xOffset = task.x * offset;
    double projectionLr = eta;
    if (settings.projectionScale == ProjectionScale::Half)
        projectionLr = eta / (2.0 * r);
    else if (settings.projectionScale == ProjectionScale::NPlusM)
        projectionLr = eta / (double(r) * (n + m));

    Matrix delta = Matrix::Zero(n, m); // W − W₀
    const auto currentDelta = [&]() -> Matrix {
        switch (settings.method) {
        case Method::Lora:
        case Method::LoraSymmetric: return offset + a * b;
        case Method::Additive: return a * p + q * b;
        default: return delta;
        }
    };

    for (std::int64_t t = 0; t <= settings.steps; ++t) {
        if (stop && stop()) {
            run.cancelled = true;
            return run;
        }
        const bool last = t == settings.steps;
        const bool logged = last || t % settings.logEvery == 0;
        Matrix u, v;
        if (settings.method == Method::Projection) {
            u = draw(n, r, 1.0, drawEngine);
            v = draw(r, m, 1.0, drawEngine);
        }
        if (logged) {
            delta = currentDelta();
            const double loss = lossOfDelta(task, delta);
            run.steps.push_back(t);
            run.loss.push_back(loss);
            const Matrix g = gradientOfDelta(task, delta);
            Matrix update;
            switch (settings.method) {
            case Method::Full: update = g; break;
            case Method::Lora:
            case Method::LoraSymmetric: update = loraFirstOrderUpdate(g, a, b); break;
            case Method::Projection:
                update = g * v.transpose() * v + u * (u.transpose() * g);
                break;
            case Method::Additive: update = g * p.transpose() * p + q * (q.transpose() * g); break;
            }
            run.cosine.push_back(frobeniusCosine(update, g));
            if (hasFactors(settings.method)) {
                run.normA.push_back(a.norm());
                run.normB.push_back(b.norm());
                run.balance.push_back(settings.method == Method::Additive
                                          ? kNaN
                                          : (a.transpose() * a - b * b.transpose()).norm());
            } else {
                run.normA.push_back(kNaN);
                run.normB.push_back(kNaN);
                run.balance.push_back(kNaN);
            }
            if (settings.spectrum) {
                if (delta.allFinite())
                    run.spectrum.push_back(singularValues(delta));
                else
                    run.spectrum.emplace_back(std::size_t(std::min(n, m)), kNaN);
            }
            if (!(loss < kDivergedLoss)) {
                run.divergedAt = t;
                break;
            }
        }
        if (last)
            break;
        switch (settings.method) {
        case Method::Full: delta -= eta * gradientOfDelta(task, delta); break;
        case Method::Projection: {
            const Matrix g = gradientOfDelta(task, delta);
            delta -= projectionLr * (g * v.transpose() * v + u * (u.transpose() * g));
            break;
        }
        case Method::Lora:
        case Method::LoraSymmetric: {
            const FactorGradients grads = factorGradientsForm2(task, xOffset, a, b);
            a -= eta * grads.a;
            b -= eta * grads.b;
            break;
        }
        case Method::Additive: {
            const Matrix g = gradientOfDelta(task, a * p + q * b);
            const Matrix da = g * p.transpose(), db = q.transpose() * g;
            a -= eta * da;
            b -= eta * db;
            break;
        }
        }
        if (onStep)
            onStep(t + 1);
    }
    run.delta = currentDelta();
    run.singularValues = run.delta.allFinite()
                             ? singularValues(run.delta)
                             : std::vector<double>(std::size_t(std::min(n, m)), kNaN);
    return run;
}

} // namespace dimscope::lora
