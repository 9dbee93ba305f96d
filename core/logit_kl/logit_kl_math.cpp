// SPDX-License-Identifier: MIT
#include "logit_kl/logit_kl_math.h"

#include <algorithm>
#include <cmath>

namespace dimscope::logit_kl {

double sigmoid(double x) {
    // e^−|x| never overflows; the branch picks the form without cancellation.
    const double e = std::exp(-std::fabs(x));
    return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double sigmoidTerm(double s, double t) { return (sigmoid(s) - sigmoid(t)) * (s - t); }

std::vector<double> sigmoidTerms(const std::vector<double> &s, const std::vector<double> &t) {
    std::vector<double> out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
        out[i] = sigmoidTerm(s[i], t[i]);
    return out;
}

std::vector<double> logSoftmax(const std::vector<double> &x) {
    const double top = *std::max_element(x.begin(), x.end());
    double total = 0;
    for (double v : x)
        total += std::exp(v - top);
    const double logZ = top + std::log(total);
    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = x[i] - logZ;
    return out;
}

std::vector<double> softmaxTerms(const std::vector<double> &s, const std::vector<double> &t) {
    const std::vector<double> logP = logSoftmax(s), logQ = logSoftmax(t);
    std::vector<double> out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
        out[i] = (std::exp(logP[i]) - std::exp(logQ[i])) * (logP[i] - logQ[i]);
    return out;
}

double sum(const std::vector<double> &v) {
    double total = 0;
    for (double x : v)
        total += x;
    return total;
}

std::vector<double> shifted(const std::vector<double> &x, double c) {
    std::vector<double> out(x);
    for (double &v : out)
        v += c;
    return out;
}

} // namespace dimscope::logit_kl
