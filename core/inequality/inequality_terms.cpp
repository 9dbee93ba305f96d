// SPDX-License-Identifier: MIT
#include "inequality/inequality_terms.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include <Eigen/Eigenvalues>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

namespace dimscope::inequality {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Doubles a chunk of explicit Jacobians or Lanczos vectors may hold (64 MB).
constexpr Eigen::Index kChunkBudget = Eigen::Index(1) << 23;

/// Multiply-adds one batched Lanczos step of the J_k norms may take (~0.1 s): a step is where a
/// stop is noticed, so wide chains get narrower sample chunks (32 samples at width 4096).
constexpr double kStepBudget = double(Eigen::Index(1) << 30);

/// spectralNormLanczos stops when the residual bound of its top Ritz value θ of m mᵀ is below this
/// × θ.
constexpr double kWeightResidualTolerance = 1e-13;

/// Thrown where the loops below poll the caller's shouldStop and it returns true. evaluateBatch and
/// spectralNormLanczos catch it, so it never leaves this file.
struct Stopped {};

void poll(const std::function<bool()> &shouldStop) {
    if (shouldStop && shouldStop())
        throw Stopped{};
}

double normOfIdentity(int d, Norm norm) {
    switch (norm) {
    case Norm::Spectral: return 1.0;
    case Norm::Frobenius: return std::sqrt(double(d));
    case Norm::MaxAbs: return 1.0;
    case Norm::Rms: return 1.0 / std::sqrt(double(d));
    }
    return 1.0;
}

/// Largest eigenvalue of the n×n tridiagonal with diagonal alpha(i) and off-diagonal beta(i)
/// (between i and i + 1), by bisection on Sturm counts (O(n) per step, vs O(n²) for a full QR).
/// `lower` is a known lower bound: by Cauchy interlacing, the top eigenvalue of any leading block
/// (an earlier Ritz value).
template <class Alpha, class Beta>
double topEigenvalue(const Alpha &alpha, const Beta &beta, Eigen::Index n, double lower) {
    double lo = lower, hi = -std::numeric_limits<double>::infinity(), scale = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double left = i > 0 ? std::abs(beta(i - 1)) : 0.0;
        const double right = i + 1 < n ? std::abs(beta(i)) : 0.0;
        const double a = alpha(i);
        hi = std::max(hi, a + left + right);
        lo = std::min(lo, a - left - right); // lower is only a hint; keep the bracket valid
        scale = std::max(scale, std::abs(a) + left + right);
    }
    lo = std::max(lo, std::min(lower, hi));
    const double pivmin = std::max(scale, 1e-300) * 1e-300;
    // Every eigenvalue is below x iff all n pivots of T − xI are negative.
    const auto allBelow = [&](double x) {
        double d = alpha(0) - x;
        if (d >= 0)
            return false;
        for (Eigen::Index i = 1; i < n; ++i) {
            const double b = beta(i - 1);
            d = alpha(i) - x - b * b / (std::abs(d) < pivmin ? -pivmin : d);
            if (d >= 0)
                return false;
        }
        return true;
    };
    while (hi - lo > 4 * std::numeric_limits<double>::epsilon() * scale) {
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        (allBelow(mid) ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

/// |last entry| of the unit eigenvector of the same tridiagonal for its eigenvalue theta (from
/// topEigenvalue): two steps of inverse iteration with a row-pivoted LU of T − θI (LAPACK's dgttrf
/// and dgtts2), a zero pivot replaced by a tiny one as usual in inverse iteration. O(n).
template <class Alpha, class Beta>
double lastEigenvectorEntry(const Alpha &alpha, const Beta &beta, Eigen::Index n, double theta) {
    if (n == 1)
        return 1.0;
    const auto size = std::size_t(n);
    std::vector<double> d(size), dl(size - 1), du(size - 1), du2(size - 1, 0.0), x(size);
    std::vector<bool> swapped(size - 1, false);
    double scale = 0;
    for (std::size_t i = 0; i < size; ++i) {
        d[i] = alpha(Eigen::Index(i)) - theta;
        scale = std::max(scale, std::abs(alpha(Eigen::Index(i))));
        if (i + 1 < size) {
            dl[i] = du[i] = beta(Eigen::Index(i));
            scale = std::max(scale, std::abs(dl[i]));
        }
    }
    const double tiny = std::max(scale, 1e-300) * std::numeric_limits<double>::epsilon();
    for (std::size_t i = 0; i + 1 < size; ++i) {
        if (std::abs(d[i]) >= std::abs(dl[i])) {
            if (d[i] != 0) { // d[i] = 0 here means dl[i] = 0: nothing to eliminate
                dl[i] /= d[i];
                d[i + 1] -= dl[i] * du[i];
            }
        } else { // swap rows i and i + 1
            const double f = d[i] / dl[i];
            d[i] = dl[i];
            dl[i] = f;
            const double t = du[i];
            du[i] = d[i + 1];
            d[i + 1] = t - f * d[i + 1];
            if (i + 2 < size) {
                du2[i] = du[i + 1];
                du[i + 1] = -f * du[i + 1];
            }
            swapped[i] = true;
        }
    }
    for (double &p : d)
        if (std::abs(p) < tiny)
            p = p < 0 ? -tiny : tiny;
    // A fixed start with no special structure (a vector of ones can be orthogonal to the
    // eigenvector).
    for (std::size_t i = 0; i < size; ++i)
        x[i] = 1.0 + 0.5 * std::sin(double(i) + 1.0);
    for (int step = 0; step < 2; ++step) {
        for (std::size_t i = 0; i + 1 < size; ++i) {
            const double t = swapped[i] ? x[i] - dl[i] * x[i + 1] : x[i + 1] - dl[i] * x[i];
            if (swapped[i])
                x[i] = x[i + 1];
            x[i + 1] = t;
        }
        x[size - 1] /= d[size - 1];
        x[size - 2] = (x[size - 2] - du[size - 2] * x[size - 1]) / d[size - 2];
        for (std::size_t i = size - 2; i-- > 0;)
            x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / d[i];
        double norm = 0;
        for (double v : x)
            norm = std::max(norm, std::abs(v));
        for (double &v : x)
            v /= norm;
    }
    double sq = 0;
    for (double v : x)
        sq += v * v;
    return std::abs(x[size - 1]) / std::sqrt(sq);
}

/// ‖m‖₂ by Lanczos on m mᵀ with full reorthogonalisation (see spectralNormLanczos). The vectors
/// live on the row side; m mᵀv = Σ_j m_j (m_jᵀ v) over blocks m_j of columns (contiguous,
/// column-major), each small enough to stay in cache for its second product, so a step reads m from
/// memory once. Throws Stopped when shouldStop says so (polled every step).
double lanczosSpectralNorm(const MatrixXd &m, const std::function<bool()> &shouldStop) {
    const Eigen::Index rows = m.rows(), cols = m.cols();
    if (rows == 0 || cols == 0)
        return 0.0;
    const Eigen::Index block = std::clamp<Eigen::Index>(Eigen::Index(16384) / rows, 4, 256);
    VectorXd tmp(block);
    const auto apply = [&](const auto &v, VectorXd &out) {
        out.setZero();
        for (Eigen::Index j = 0; j < cols; j += block) {
            const Eigen::Index c = std::min(block, cols - j);
            tmp.head(c).noalias() = m.middleCols(j, c).transpose() * v;
            out.noalias() += m.middleCols(j, c) * tmp.head(c);
        }
    };
    // The Krylov space of m mᵀ has at most rank + 1 ≤ cols + 1 dimensions (and rows).
    const Eigen::Index maxSteps = std::min(rows, cols + 1);
    // A fixed pseudo-random start: deterministic, and almost surely not orthogonal to the top
    // vector.
    boost::random::mt19937_64 engine(0x5eed);
    boost::random::normal_distribution<double> normal;
    MatrixXd basis(rows, std::min<Eigen::Index>(maxSteps + 1, 64));
    for (Eigen::Index i = 0; i < rows; ++i)
        basis(i, 0) = normal(engine);
    basis.col(0).normalize();
    std::vector<double> alpha, beta;
    const auto a = [&](Eigen::Index i) { return alpha[std::size_t(i)]; };
    const auto b = [&](Eigen::Index i) { return beta[std::size_t(i)]; };
    VectorXd w(rows), c;
    double theta = 0, residual = 0;
    for (Eigen::Index k = 0; k < maxSteps; ++k) {
        poll(shouldStop);
        apply(basis.col(k), w);
        double ak = basis.col(k).dot(w);
        w -= ak * basis.col(k);
        if (k > 0)
            w -= beta.back() * basis.col(k - 1);
        // Classical Gram-Schmidt against the whole basis, twice ("twice is enough"): the basis
        // stays orthonormal to working precision, so T_k's eigenvalues are true Ritz values (no
        // spurious copies) and β_k·|s_k| is the residual of the top Ritz pair.
        for (int pass = 0; pass < 2; ++pass) {
            c.noalias() = basis.leftCols(k + 1).transpose() * w;
            w.noalias() -= basis.leftCols(k + 1) * c;
            ak += c(k);
        }
        const double bk = w.norm();
        if (!std::isfinite(ak) || !std::isfinite(bk))
            return m.hasNaN() ? std::numeric_limits<double>::quiet_NaN()
                              : std::numeric_limits<double>::infinity();
        alpha.push_back(ak);
        beta.push_back(bk);
        theta = topEigenvalue(a, b, k + 1, std::max(theta, 0.0));
        residual = bk * lastEigenvectorEntry(a, b, k + 1, theta);
        // ‖m mᵀy − θy‖ = β_k·|s_k| for the Ritz vector y = Q_k s: an eigenvalue lies within it of
        // θ. β_k = 0 (an invariant subspace: θ is exact) stops here too.
        if (residual <= kWeightResidualTolerance * theta || bk == 0)
            break;
        if (k + 1 == basis.cols())
            basis.conservativeResize(Eigen::NoChange, std::min(2 * basis.cols(), maxSteps + 1));
        basis.col(k + 1) = w / bk;
    }
    return std::sqrt(std::max(theta + residual, 0.0));
}

double denseSpectralNorm(const MatrixXd &m) {
    const MatrixXd gram =
        m.rows() <= m.cols() ? MatrixXd(m * m.transpose()) : MatrixXd(m.transpose() * m);
    Eigen::SelfAdjointEigenSolver<MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
    return std::sqrt(std::max(solver.eigenvalues().maxCoeff(), 0.0));
}

/// matrixNorm, polling shouldStop (throws Stopped) in the iterative spectral norm of a large
/// matrix.
double normOf(const MatrixXd &m, Norm norm, const std::function<bool()> &shouldStop) {
    const bool iterative =
        norm == Norm::Spectral && std::min(m.rows(), m.cols()) > kDenseSpectralSide;
    return iterative ? lanczosSpectralNorm(m, shouldStop) : matrixNorm(m, norm);
}

/// Largest eigenvalue of a PSD operator per column, by plain Lanczos for `cols` independent
/// operators applied together (apply maps size × cols to size × cols). No reorthogonalisation is
/// needed for the top eigenvalue: in floating point, lost orthogonality only adds spurious copies
/// of converged Ritz values, and every Ritz value stays within round-off of [λ_min, λ_max]
/// (Paige 1980). Ritz values grow monotonically to λ_max; a column stops when its top value
/// changes by < tol (relative) over 5 steps, or on breakdown (an invariant subspace: exact).
/// shouldStop is polled before every step (throws Stopped).
/// `apply` gets the columns to work on as indices into 0…cols−1: converged columns are dropped from
/// the batch (compacted) once an eighth of the active ones are done, so the GEMMs shrink as
/// columns converge instead of carrying the slowest sample's step count for all.
using Apply = std::function<MatrixXd(const MatrixXd &, const std::vector<Eigen::Index> &)>;

VectorXd lanczosTop(Eigen::Index size, Eigen::Index cols, const Apply &apply, double tol,
                    const std::function<bool()> &shouldStop) {
    // A fixed pseudo-random start: deterministic, and almost surely not orthogonal to the top
    // vector.
    boost::random::mt19937_64 engine(0x5eed);
    boost::random::normal_distribution<double> normal;
    VectorXd start(size);
    for (Eigen::Index i = 0; i < size; ++i)
        start(i) = normal(engine);
    start.normalize();

    MatrixXd q = start.replicate(1, cols), qPrev = MatrixXd::Zero(size, cols);
    VectorXd bPrev = VectorXd::Zero(cols);
    std::vector<Eigen::Index> active(static_cast<std::size_t>(cols));
    for (Eigen::Index c = 0; c < cols; ++c)
        active[std::size_t(c)] = c;
    // alpha/beta history per original column: step × column.
    std::vector<VectorXd> alpha, beta;
    VectorXd theta = VectorXd::Zero(cols), thetaOld = VectorXd::Constant(cols, -1.0);
    std::vector<bool> done(std::size_t(cols), false);
    const Eigen::Index maxSteps = 3 * size + 20;
    for (Eigen::Index m = 0; m < maxSteps; ++m) {
        poll(shouldStop);
        const Eigen::Index na = Eigen::Index(active.size());
        MatrixXd w = apply(q, active);
        VectorXd a(na), b(na);
        for (Eigen::Index j = 0; j < na; ++j) {
            auto wj = w.col(j);
            const auto qj = q.col(j);
            a(j) = qj.dot(wj);
            wj -= a(j) * qj + bPrev(j) * qPrev.col(j);
            // One local correction against q keeps the recurrence accurate at no real cost.
            const double fix = qj.dot(wj);
            wj -= fix * qj;
            a(j) += fix;
            b(j) = wj.norm();
        }
        VectorXd aFull = VectorXd::Zero(cols), bFull = VectorXd::Zero(cols);
        for (Eigen::Index j = 0; j < na; ++j) {
            aFull(active[std::size_t(j)]) = a(j);
            bFull(active[std::size_t(j)]) = b(j);
        }
        alpha.push_back(std::move(aFull));
        beta.push_back(std::move(bFull));
        const bool last = m + 1 == maxSteps;
        Eigen::Index doneNow = 0;
        if (last || (m >= 9 && m % 5 == 4)) {
            for (Eigen::Index j = 0; j < na; ++j) {
                const Eigen::Index c = active[std::size_t(j)];
                const double top =
                    topEigenvalue([&](Eigen::Index i) { return alpha[std::size_t(i)](c); },
                                  [&](Eigen::Index i) { return beta[std::size_t(i)](c); }, m + 1,
                                  std::max(thetaOld(c), 0.0));
                theta(c) = top;
                const bool invariant = b(j) <= 1e-14 * std::max(std::abs(top), 1e-300);
                if (invariant || std::abs(top - thetaOld(c)) <= tol * std::abs(top)) {
                    done[std::size_t(c)] = true;
                    ++doneNow;
                }
                thetaOld(c) = top;
            }
            if (doneNow == na)
                break;
        }
        for (Eigen::Index j = 0; j < na; ++j)
            w.col(j) *= b(j) > 0 ? 1.0 / b(j) : 0.0;
        qPrev = std::move(q);
        q = std::move(w);
        bPrev = std::move(b);
        if (8 * doneNow >= na) {
            std::vector<Eigen::Index> keep, kept;
            for (Eigen::Index j = 0; j < na; ++j)
                if (!done[std::size_t(active[std::size_t(j)])]) {
                    keep.push_back(j);
                    kept.push_back(active[std::size_t(j)]);
                }
            q = MatrixXd(q(Eigen::all, keep));
            qPrev = MatrixXd(qPrev(Eigen::all, keep));
            bPrev = VectorXd(bPrev(keep));
            active = std::move(kept);
        }
    }
    return theta.cwiseMax(0.0);
}

/// Norms of J_k for every sample by explicit Jacobians, built from the smaller side: d_0 forward
/// products (columns of J) or d_k reverse products (rows of J).
/// J_k J_kᵀ per sample from W₀W₀ᵀ (see lanczosNorms): row j of J_k is (S₀ ⊙ P_kᵀe_j)ᵀ W₀ with
/// P_k = ∂h[k]/∂h[1], so Gram(a, b) = (S₀ ⊙ P_kᵀe_a)ᵀ (W₀W₀ᵀ) (S₀ ⊙ P_kᵀe_b), never touching d₀.
Eigen::RowVectorXd gramNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k,
                             Norm norm, const MatrixXd &firstGram,
                             const std::function<bool()> &shouldStop) {
    const Eigen::Index d1 = firstGram.rows(), dk = pass.h[std::size_t(k)].rows(),
                       n = pass.samples();
    Eigen::RowVectorXd out(n);
    const Eigen::Index chunk =
        std::clamp<Eigen::Index>(kChunkBudget / std::max<Eigen::Index>(2 * dk * d1, 1), 1, n);
    std::vector<MatrixXd> w(static_cast<std::size_t>(dk)), gw(static_cast<std::size_t>(dk));
    MatrixXd gram(dk, dk);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        for (Eigen::Index j = 0; j < dk; ++j) {
            poll(shouldStop);
            MatrixXd e = MatrixXd::Zero(dk, c);
            e.row(j).setOnes();
            w[std::size_t(j)] = mlp::vjp(net, pass, 1, k, e, int(first))
                                    .cwiseProduct(pass.slope[0].middleCols(first, c));
            gw[std::size_t(j)] = firstGram * w[std::size_t(j)];
        }
        for (Eigen::Index i = 0; i < c; ++i) {
            for (Eigen::Index a = 0; a < dk; ++a)
                for (Eigen::Index b = 0; b <= a; ++b)
                    gram(a, b) = gram(b, a) =
                        w[std::size_t(a)].col(i).dot(gw[std::size_t(b)].col(i));
            if (norm == Norm::Frobenius) {
                out(first + i) = std::sqrt(std::max(gram.trace(), 0.0));
            } else {
                Eigen::SelfAdjointEigenSolver<MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
                out(first + i) = std::sqrt(std::max(solver.eigenvalues().maxCoeff(), 0.0));
            }
        }
    }
    return out;
}

Eigen::RowVectorXd explicitNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k,
                                 Norm norm, const std::function<bool()> &shouldStop) {
    const Eigen::Index d0 = net.inputDim(), dk = pass.h[std::size_t(k)].rows(), n = pass.samples();
    Eigen::RowVectorXd out(n);
    const bool byColumns = d0 <= dk;
    const Eigen::Index basis = byColumns ? d0 : dk;
    const Eigen::Index chunk =
        std::clamp<Eigen::Index>(kChunkBudget / std::max<Eigen::Index>(d0 * dk, 1), 1, n);
    std::vector<MatrixXd> parts(static_cast<std::size_t>(basis));
    MatrixXd jac(dk, d0);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        for (Eigen::Index j = 0; j < basis; ++j) {
            poll(shouldStop);
            MatrixXd e = MatrixXd::Zero(basis, c);
            e.row(j).setOnes();
            parts[std::size_t(j)] = byColumns ? mlp::jvp(net, pass, 0, k, e, int(first))
                                              : mlp::vjp(net, pass, 0, k, e, int(first));
        }
        for (Eigen::Index i = 0; i < c; ++i) {
            for (Eigen::Index j = 0; j < basis; ++j) {
                if (byColumns)
                    jac.col(j) = parts[std::size_t(j)].col(i);
                else
                    jac.row(j) = parts[std::size_t(j)].col(i).transpose();
            }
            out(first + i) = normOf(jac, norm, shouldStop);
        }
    }
    return out;
}

/// Spectral norms of J_k for every sample by Lanczos on the Gram operator of the smaller side.
/// When J_k J_kᵀ is the small side and the first layer is plain and narrowing, J_1 J_1ᵀ =
/// S W_0 W_0ᵀ S is applied with W_0 W_0ᵀ formed once, so the wide first layer is never touched.
/// Jacobian products through layers [from, to) for a subset of the samples [first, first + c): the
/// slopes are gathered once per subset (subsets only shrink, so the size identifies one).
class Chain {
public:
    Chain(const mlp::Network &net, const mlp::ForwardPass &pass, int k, Eigen::Index first)
        : m_net(net), m_pass(pass), m_slope(std::size_t(k)), m_first(first) {}

    void select(const std::vector<Eigen::Index> &cols) {
        if (!m_slope.empty() && m_slope.front().cols() == Eigen::Index(cols.size()))
            return;
        std::vector<Eigen::Index> idx(cols);
        for (Eigen::Index &i : idx)
            i += m_first;
        for (std::size_t j = 0; j < m_slope.size(); ++j)
            m_slope[j] = m_pass.slope[j](Eigen::all, idx);
    }
    const MatrixXd &slope(int layer) const { return m_slope[std::size_t(layer)]; }

    MatrixXd jvp(int from, int to, MatrixXd cur) const {
        MatrixXd next;
        for (int j = from; j < to; ++j) {
            const mlp::Layer &layer = m_net.layers[std::size_t(j)];
            next.noalias() = layer.weight * cur;
            next.array() *= m_slope[std::size_t(j)].array();
            if (layer.residual)
                next += cur;
            std::swap(cur, next);
        }
        return cur;
    }
    MatrixXd vjp(int from, int to, MatrixXd cur) const {
        MatrixXd prev;
        for (int j = to; j-- > from;) {
            const mlp::Layer &layer = m_net.layers[std::size_t(j)];
            const bool residual = layer.residual;
            if (residual)
                prev = cur;
            cur.array() *= m_slope[std::size_t(j)].array();
            if (residual)
                prev.noalias() += layer.weight.transpose() * cur;
            else
                prev.noalias() = layer.weight.transpose() * cur;
            std::swap(cur, prev);
        }
        return cur;
    }

private:
    const mlp::Network &m_net;
    const mlp::ForwardPass &m_pass;
    std::vector<MatrixXd> m_slope;
    Eigen::Index m_first;
};

/// Spectral norms of J_k for every sample by Lanczos on the Gram operator of the smaller side.
/// When J_k J_kᵀ is the small side and the first layer is plain and narrowing, J_1 J_1ᵀ =
/// S W_0 W_0ᵀ S is applied with W_0 W_0ᵀ formed once, so the wide first layer is never touched.
Eigen::RowVectorXd lanczosNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k,
                                double tol, const MatrixXd *firstGram,
                                const std::function<bool()> &shouldStop) {
    const Eigen::Index d0 = net.inputDim(), dk = pass.h[std::size_t(k)].rows(), n = pass.samples();
    Eigen::RowVectorXd out(n);
    const bool outputSide = dk <= d0;
    const Eigen::Index size = outputSide ? dk : d0;
    // A step applies layers 0…k−1 (or 1…k−1) forward and back: ≈ 2 Σ |W_j| multiply-adds per
    // sample.
    double perSample = 0;
    for (int j = 0; j < k; ++j)
        perSample += 2.0 * double(net.layers[std::size_t(j)].weight.size());
    const auto byWork = Eigen::Index(std::min(kStepBudget / std::max(perSample, 1.0), double(n)));
    const Eigen::Index chunk =
        std::clamp<Eigen::Index>(std::min(kChunkBudget / (8 * size), byWork), 1, n);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        Chain chain(net, pass, k, first);
        Apply apply;
        if (outputSide && firstGram) {
            apply = [&](const MatrixXd &v, const std::vector<Eigen::Index> &cols) {
                chain.select(cols);
                MatrixXd w = chain.vjp(1, k, v);
                w.array() *= chain.slope(0).array();
                MatrixXd gw(w.rows(), w.cols());
                gw.noalias() = (*firstGram) * w;
                gw.array() *= chain.slope(0).array();
                return chain.jvp(1, k, std::move(gw));
            };
        } else if (outputSide) {
            apply = [&](const MatrixXd &v, const std::vector<Eigen::Index> &cols) {
                chain.select(cols);
                return chain.jvp(0, k, chain.vjp(0, k, v));
            };
        } else {
            apply = [&](const MatrixXd &v, const std::vector<Eigen::Index> &cols) {
                chain.select(cols);
                return chain.vjp(0, k, chain.jvp(0, k, v));
            };
        }
        out.segment(first, c) = lanczosTop(size, c, apply, tol, shouldStop).cwiseSqrt().transpose();
    }
    return out;
}

/// jacobianNorms, polling shouldStop (throws Stopped) between levels and inside their loops.
MatrixXd jacobianNormsPolled(const mlp::Network &net, const mlp::ForwardPass &pass,
                             const TermOptions &options, const std::function<bool()> &shouldStop) {
    const int depth = net.depth();
    const Eigen::Index n = pass.samples();
    const int d0 = net.inputDim();
    MatrixXd norms(depth, n);
    norms.row(0).setConstant(normOfIdentity(d0, options.norm));
    // W₀W₀ᵀ serves every level whose small side is the output side when the first layer is plain
    // and narrows the input (784 → 256): it replaces two passes through the widest GEMM.
    const mlp::Layer &firstLayer = net.layers.front();
    const bool narrowingFirst = !firstLayer.residual && firstLayer.outputDim() < d0;
    MatrixXd firstGram;
    for (int k = 1; k < depth; ++k) {
        poll(shouldStop);
        const int dk = int(pass.h[std::size_t(k)].rows());
        const bool useGram =
            narrowingFirst && dk < d0 && options.norm != Norm::MaxAbs && options.norm != Norm::Rms;
        if (useGram && firstGram.size() == 0)
            firstGram = firstLayer.weight * firstLayer.weight.transpose();
        if (options.norm != Norm::Spectral || std::min(dk, d0) <= options.exactSide) {
            // The Gram route costs d_k products of size d_1 instead of d_k passes down to d_0.
            norms.row(k) = useGram && dk <= firstLayer.outputDim()
                               ? gramNorms(net, pass, k, options.norm, firstGram, shouldStop)
                               : explicitNorms(net, pass, k, options.norm, shouldStop);
            continue;
        }
        norms.row(k) = lanczosNorms(net, pass, k, options.lanczosTolerance,
                                    useGram ? &firstGram : nullptr, shouldStop);
    }
    return norms;
}

} // namespace

double matrixNorm(const MatrixXd &m, Norm norm) {
    if (m.size() == 0)
        return 0.0;
    switch (norm) {
    case Norm::Spectral:
        if (m.rows() == 1 || m.cols() == 1)
            return m.norm();
        return std::min(m.rows(), m.cols()) <= kDenseSpectralSide ? denseSpectralNorm(m)
                                                                  : lanczosSpectralNorm(m, {});
    case Norm::Frobenius: return m.norm();
    case Norm::MaxAbs: return m.cwiseAbs().maxCoeff();
    case Norm::Rms: return m.norm() / std::sqrt(double(m.size()));
    }
    return 0.0;
}

std::optional<double> spectralNormLanczos(const MatrixXd &m,
                                          const std::function<bool()> &shouldStop) {
    try {
        return lanczosSpectralNorm(m, shouldStop);
    } catch (const Stopped &) {
        return std::nullopt;
    }
}

double ratioOf(double lhs, double rhs) {
    if (lhs == 0.0)
        return 0.0;
    if (rhs == 0.0)
        return std::numeric_limits<double>::infinity();
    return lhs / rhs;
}

MatrixXd jacobianNorms(const mlp::Network &net, const mlp::ForwardPass &pass,
                       const TermOptions &options) {
    return jacobianNormsPolled(net, pass, options, {});
}

BatchTerms evaluateBatch(const mlp::Network &net, const mlp::Objective &objective,
                         const MatrixXd &x, const TermOptions &options,
                         const std::function<bool()> &shouldStop) try {
    const mlp::ForwardPass pass = mlp::forward(net, x);
    const mlp::BackwardPass back =
        mlp::backward(net, pass, mlp::objectiveGradient(objective, pass.h.back()));
    const mlp::GradientNorms g = mlp::gradientNorms(net, pass, back, options.includeBiases);
    const int depth = net.depth();
    const Eigen::Index n = x.cols();

    BatchTerms t;
    t.gradXSq = g.gradXSq;
    t.gradThetaSq = g.gradThetaSq;
    t.rhs = g.gradThetaSq;
    t.weightNorm.resize(depth);
    for (int k = 0; k < depth; ++k) {
        poll(shouldStop);
        t.weightNorm(k) = normOf(net.layers[std::size_t(k)].weight, options.norm, shouldStop);
    }
    t.jacobianNorm = jacobianNormsPolled(net, pass, options, shouldStop);
    t.layerLhs.resize(depth, n);
    t.layerRhs.resize(depth, n);
    const double one = options.includeBiases ? 1.0 : 0.0;
    for (int k = 0; k < depth; ++k) {
        const auto hSq = pass.h[std::size_t(k)].colwise().squaredNorm();
        const auto deltaSq = back.delta[std::size_t(k)].colwise().squaredNorm();
        for (Eigen::Index i = 0; i < n; ++i) {
            // §1.3: with ∇ₓf = 0 the term is 0 whatever the denominator (dead ReLUs give 0/0).
            const double num = g.gradXSq(i) * (1.0 + hSq(i));
            const double den =
                t.weightNorm(k) * t.weightNorm(k) * t.jacobianNorm(k, i) * t.jacobianNorm(k, i);
            t.layerLhs(k, i) = num == 0.0   ? 0.0
                               : den == 0.0 ? std::numeric_limits<double>::infinity()
                                            : num / den;
            t.layerRhs(k, i) = deltaSq(i) * (hSq(i) + one);
        }
    }
    t.lhs = t.layerLhs.colwise().sum().transpose();
    t.ratio.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
        t.ratio(i) = ratioOf(t.lhs(i), t.rhs(i));
    return t;
} catch (const Stopped &) {
    BatchTerms stopped;
    stopped.stopped = true;
    return stopped;
}

} // namespace dimscope::inequality
