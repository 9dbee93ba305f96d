// SPDX-License-Identifier: MIT
#include "inequality/inequality_limits.h"

#include <algorithm>
#include <cmath>

#include "common/memory.h"
#include "common/parallel.h"

namespace dimscope::inequality {

/// Bytes a run of `nets` nets of these widths, `perNet` inputs each, needs: the weights (a copy per
/// thread for random nets), the batches evaluated at once (one per thread), and the results. The
/// batch term, 64 bytes per input and unit of width, is measured: peak memory of `compute` grows by
/// 24–52 bytes per input and unit of Σ d_k (widths 4,16,16,1 to 1024,1024,1, one thread).
std::uint64_t inequalityMemoryEstimate(const std::vector<int> &widths, std::int64_t perNet,
                                       std::int64_t nets, int threads) {
    const auto concurrent = static_cast<std::uint64_t>(
        std::min<std::int64_t>(nets, threads > 0 ? threads : defaultThreadCount()));
    std::uint64_t width = 0, weights = 0;
    for (std::size_t k = 0; k < widths.size(); ++k) {
        width += static_cast<std::uint64_t>(widths[k]);
        if (k + 1 < widths.size())
            weights += static_cast<std::uint64_t>(widths[k]) *
                       (static_cast<std::uint64_t>(widths[k + 1]) + 1) * 8;
    }
    const auto n = static_cast<std::uint64_t>(perNet), total = n * static_cast<std::uint64_t>(nets);
    const std::uint64_t layers = widths.size() > 1 ? widths.size() - 1 : 0;
    return weights * (concurrent + 1) + concurrent * n * width * 64 + total * 48 +
           (nets == 1 ? n * layers * 56 : 0);
}

/// "parameter 'samples': … need about 1.1 TB of memory, more than the 12.5 GB available; samples ≤
/// 9000 would fit", or nullopt when the run fits. `what` names the inputs and `fitName` the
/// parameter (or file) whose count would have to shrink.
std::optional<std::string> inequalityMemoryProblem(const std::vector<int> &widths,
                                                   std::int64_t perNet, std::int64_t nets,
                                                   int threads, const std::string &what,
                                                   const std::string &fitName) {
    const std::uint64_t limit = defaultMemoryLimit();
    const std::uint64_t need = inequalityMemoryEstimate(widths, perNet, nets, threads);
    if (need <= limit)
        return std::nullopt;
    std::string widthText;
    for (const int w : widths)
        widthText += (widthText.empty() ? "" : ",") + std::to_string(w);
    const std::int64_t fits = largestThatFits(1, perNet, limit, [&](std::int64_t n) {
        return inequalityMemoryEstimate(widths, n, nets, threads);
    });
    return what + " through widths " + widthText +
           (nets > 1 ? " in " + std::to_string(nets) + " nets" : "") + " need about " +
           bytesText(need) + " of memory, more than the " + bytesText(limit) + " available; " +
           (fits >= 1 ? fitName + " ≤ " + std::to_string(fits) + " would fit"
                      : "the weights alone do not fit: use a narrower net");
}

/// The gradients of a net are products of its layers: ∇ₓf of the weights of every layer, the ‖J_k‖
/// of those after layer k. When those products are tiny their squares underflow double and are
/// computed as 0: two identity layers of weights ~1e-100 gave R = 0 for every input, where R is
/// 0.053 at 1e-30 and at 1e-20 (issue 13). Such a net is refused: a silent 0 would read as "no
/// violation". The bound, 1e-125 for the product of the layers' Frobenius norms from any layer to
/// the last, keeps every square above 1e-250, clear of double's 2.2e-308 even with the widths'
/// factors. A layer of zero weights makes the products exactly 0, which is right, and is let
/// through; large products overflow to inf and are refused where they are found.
std::optional<std::string> underflowProblem(const mlp::Network &net, const std::string &source) {
    double logProduct = 0;
    for (int k = net.depth() - 1; k >= 0; --k) {
        const double norm = net.layers[std::size_t(k)].weight.stableNorm();
        if (!(norm > 0))
            return std::nullopt;
        logProduct += std::log10(norm);
        if (logProduct < -125)
            return source + ": the weights of layers " + std::to_string(k + 1) + "…" +
                   std::to_string(net.depth()) + " multiply to about 1e" +
                   std::to_string(int(std::floor(logProduct))) +
                   " (the product of their Frobenius norms): the gradients' squares would fall "
                   "below the smallest double and be computed as 0. R cannot be computed in double "
                   "for weights this small; this refusal replaces a silent R = 0";
    }
    return std::nullopt;
}

} // namespace dimscope::inequality
