// SPDX-License-Identifier: MIT
#pragma once
// The constructors behind makeOptimizer, one per file: first_order.cpp (sgd, momentum, adam),
// exponentiated.cpp (egu, eg-pm, reparam-gd), meta_lr.cpp, egdd.cpp. Internal to the folder.

#include <memory>

#include "optimizers/optimizer.h"

namespace dimscope::optim::detail {

template <class T>
using ArrayT = Eigen::Array<T, Eigen::Dynamic, 1>;

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeSgd(const OptimizerSettings &s, Eigen::Index size);
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeMomentum(const OptimizerSettings &s, Eigen::Index size);
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeAdam(const OptimizerSettings &s, Eigen::Index size);
/// θ must be > 0 everywhere (checked by makeOptimizer).
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgu(const OptimizerSettings &s, const ArrayT<T> &theta);
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeReparamGd(const OptimizerSettings &s,
                                                 const ArrayT<T> &theta);
/// Sets theta to θ⁺ − θ⁻ of its start.
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgPm(const OptimizerSettings &s, const ParamLayout &layout,
                                            ArrayT<T> &theta);
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeMetaLr(const OptimizerSettings &s, Eigen::Index size);
template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgdd(const OptimizerSettings &s, const ParamLayout &layout);

} // namespace dimscope::optim::detail
