// SPDX-License-Identifier: MIT
#pragma once
// The two symmetric "KL divergences" between logit vectors s and t of post 9039 (gradients.md §5):
//   sigmoid form  D(s,t) = Σᵢ (σ(sᵢ) − σ(tᵢ))(sᵢ − tᵢ), the sum of the symmetric KLs between
//                 Bernoulli(σ(sᵢ)) and Bernoulli(σ(tᵢ)): the one for multi-label heads such as
//                 GlobalPointer, which predict every class whose logit is above 0;
//   softmax form  D(p,q) = KL(p‖q) + KL(q‖p) = Σᵢ (pᵢ − qᵢ)(log pᵢ − log qᵢ), p = softmax(s),
//                 q = softmax(t), which equals Σᵢ (pᵢ − qᵢ)(sᵢ − tᵢ) because the normalisers
//                 cancel.
// Pure functions, any thread.

#include <vector>

namespace dimscope::logit_kl {

/// σ(x) = 1/(1+e^−x), without overflow for any finite x.
double sigmoid(double x);

/// One class's term of the sigmoid form, (σ(s) − σ(t))(s − t) ≥ 0.
double sigmoidTerm(double s, double t);

/// Each class's term of the sigmoid form; s and t have the same length.
std::vector<double> sigmoidTerms(const std::vector<double> &s, const std::vector<double> &t);

/// Each class's term of the softmax form, (pᵢ − qᵢ)(log pᵢ − log qᵢ) ≥ 0: the terms of
/// KL(p‖q) + KL(q‖p) class by class. Unlike (pᵢ − qᵢ)(sᵢ − tᵢ), which has the same sum, each term
/// is unchanged when every sᵢ moves by the same c, so the bars show the invariance too.
std::vector<double> softmaxTerms(const std::vector<double> &s, const std::vector<double> &t);

/// log softmax(x), stable for any finite x.
std::vector<double> logSoftmax(const std::vector<double> &x);

/// Σ of a vector, in order.
double sum(const std::vector<double> &v);

/// x + c elementwise.
std::vector<double> shifted(const std::vector<double> &x, double c);

} // namespace dimscope::logit_kl
