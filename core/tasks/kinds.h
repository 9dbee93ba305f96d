// SPDX-License-Identifier: MIT
#pragma once
// The constructors behind makeTask, one family per file: quadratic.cpp (quadratic,
// quadratic-2d), least_squares.cpp (nnls, sparse-regression), occam.cpp, shift.cpp,
// classifiers.cpp (moons, spirals, digits). Internal to the folder.

#include <cstdint>
#include <memory>

#include "tasks/task.h"

namespace dimscope::tasks::detail {

std::unique_ptr<Task> makeQuadratic(const TaskSettings &s);
std::unique_ptr<Task> makeQuadratic2d(const TaskSettings &s);
std::unique_ptr<Task> makeNnls(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeSparseRegression(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeOccam(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeShift(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeMoons(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeSpirals(const TaskSettings &s, std::uint64_t seed);
std::unique_ptr<Task> makeDigits(const TaskSettings &s, std::uint64_t seed);

} // namespace dimscope::tasks::detail
