// SPDX-License-Identifier: MIT
#include "tasks/task.h"

#include <stdexcept>

#include "tasks/kinds.h"

namespace dimscope::tasks {

std::unique_ptr<Task> makeTask(const TaskSettings &s, std::uint64_t seed) {
    switch (s.kind) {
    case TaskKind::Quadratic: return detail::makeQuadratic(s);
    case TaskKind::Quadratic2d: return detail::makeQuadratic2d(s);
    case TaskKind::Nnls: return detail::makeNnls(s, seed);
    case TaskKind::SparseRegression: return detail::makeSparseRegression(s, seed);
    case TaskKind::Occam: return detail::makeOccam(s, seed);
    case TaskKind::Moons: return detail::makeMoons(s, seed);
    case TaskKind::Spirals: return detail::makeSpirals(s, seed);
    case TaskKind::Digits: return detail::makeDigits(s, seed);
    case TaskKind::Shift: return detail::makeShift(s, seed);
    }
    throw std::invalid_argument("makeTask: unknown task");
}

int hiddenWidth(const TaskSettings &s) {
    if (!trainsNet(s.kind))
        return 0;
    if (s.width > 0)
        return s.width;
    return s.kind == TaskKind::Occam || s.kind == TaskKind::Digits ? 64 : 32;
}

int trainingPoints(const TaskSettings &s) {
    switch (s.kind) {
    case TaskKind::Quadratic:
    case TaskKind::Quadratic2d:
    case TaskKind::Digits: return 0;
    case TaskKind::Nnls: return s.points > 0 ? s.points : 30;
    case TaskKind::SparseRegression: return s.points > 0 ? s.points : 40;
    case TaskKind::Occam: return s.points > 0 ? s.points : 12;
    case TaskKind::Moons:
    case TaskKind::Spirals: return s.points > 0 ? s.points : 256;
    case TaskKind::Shift: return s.points > 0 ? s.points : 128;
    }
    return 0;
}

bool trainsNet(TaskKind kind) {
    return kind == TaskKind::Occam || kind == TaskKind::Moons || kind == TaskKind::Spirals ||
           kind == TaskKind::Digits || kind == TaskKind::Shift;
}

bool startsPositive(TaskKind kind) {
    return kind == TaskKind::Quadratic || kind == TaskKind::Quadratic2d || kind == TaskKind::Nnls;
}

} // namespace dimscope::tasks
