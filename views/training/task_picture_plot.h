// SPDX-License-Identifier: MIT
#pragma once
// What a task's model looks like now (core/tasks/task.h TaskPicture), on one plot: a 1-D fit
// against the truth and the data (occam, shift), learned weights as stems against the truth
// (sparse-regression, nnls), a classifier's decision surface with its points (moons, spirals),
// or a 2-D quadratic's loss with the run's path beside the reference paths of §2.5.

#include <vector>

#include <QString>

#include "tasks/task.h"

class QCustomPlot;

namespace dimscope::views {

/// Redraws `plot` with the pictures of every seed (the first drawn in front). Returns false when
/// the task has no picture (the plot is then cleared). `path` is the run's own θ path of the
/// first seed for quadratic-2d: [logged point][coordinate].
bool drawTaskPicture(QCustomPlot *plot, const std::vector<tasks::TaskPicture> &pictures,
                     const std::vector<std::vector<double>> &path, const QString &optimizer);

} // namespace dimscope::views
