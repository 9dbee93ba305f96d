// SPDX-License-Identifier: MIT
#pragma once
// Each benchmark is a function that prints its figures and returns an exit status.
#include <string>
#include <vector>

namespace dimscope::bench {

using Args = std::vector<std::string>;

int benchAngles(const Args &args);
int benchCancel(const Args &args);
int benchCurves(const Args &args);
int benchInequality(const Args &args);
int benchLabs(const Args &args);
int benchHubness(const Args &args);
int benchTraining(const Args &args);
int benchLora(const Args &args);
int benchPareto(const Args &args);

} // namespace dimscope::bench
