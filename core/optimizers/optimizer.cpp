// SPDX-License-Identifier: MIT
#include "optimizers/optimizer.h"

#include <stdexcept>

#include "optimizers/kinds.h"

namespace dimscope::optim {

bool needsPositiveParameters(OptimizerKind kind) {
    return kind == OptimizerKind::Egu || kind == OptimizerKind::ReparamGd;
}

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeOptimizer(const OptimizerSettings &s,
                                                 const ParamLayout &layout,
                                                 Eigen::Array<T, Eigen::Dynamic, 1> &theta) {
    if (theta.size() != layout.size())
        throw std::invalid_argument("makeOptimizer: the parameters do not match their layout");
    if (needsPositiveParameters(s.kind) && theta.size() > 0 && !(theta > T(0)).all())
        throw std::invalid_argument("optimizer '" + nameOf(s.kind) +
                                    "' multiplies every parameter and needs them all > 0 at the "
                                    "start; these parameters have some ≤ 0");
    switch (s.kind) {
    case OptimizerKind::Sgd: return detail::makeSgd<T>(s, theta.size());
    case OptimizerKind::Momentum: return detail::makeMomentum<T>(s, theta.size());
    case OptimizerKind::Adam: return detail::makeAdam<T>(s, theta.size());
    case OptimizerKind::Egu: return detail::makeEgu<T>(s, theta);
    case OptimizerKind::EgPm: return detail::makeEgPm<T>(s, layout, theta);
    case OptimizerKind::ReparamGd: return detail::makeReparamGd<T>(s, theta);
    case OptimizerKind::MetaLr: return detail::makeMetaLr<T>(s, theta.size());
    case OptimizerKind::Egdd: return detail::makeEgdd<T>(s, layout);
    }
    throw std::invalid_argument("makeOptimizer: unknown optimizer");
}

template std::unique_ptr<BasicOptimizer<float>>
makeOptimizer(const OptimizerSettings &, const ParamLayout &, Eigen::ArrayXf &);
template std::unique_ptr<BasicOptimizer<double>>
makeOptimizer(const OptimizerSettings &, const ParamLayout &, Eigen::ArrayXd &);

} // namespace dimscope::optim
