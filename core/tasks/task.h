// SPDX-License-Identifier: MIT
#pragma once
// The training lab's tasks (issue 9; gradients.md §1.8, §2.4, §2.5): seeded problems small enough
// to train in seconds on two cores, each giving the loss and its gradient for a flat float
// parameter vector, an evaluation (train and test loss, accuracy, task metrics) and a picture of
// the model for the view (a fitted curve, learned weights, a decision surface, contours).
//
// A task owns its data and random stream: two tasks made with the same settings and seed are the
// same task, which is what makes seed replicates reproducible whatever the thread count. One task
// serves one training run on one thread.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/enum_names.h"
#include "nets/param_layout.h"

namespace dimscope::tasks {

enum class TaskKind {
    Quadratic, ///< ½ Σ a_i θ_i², a = (1, 10, 100), θ₀ = 1 (§2.2)
    Quadratic2d, ///< ½ (θ−c)ᵀA(θ−c), A = diag(1, 10), c = (1, −0.5), θ₀ = (1, 1) (§2.5)
    Nnls, ///< (1/2m)‖Aθ − b‖², A 30 × 20, b i.i.d. N(0,1), θ₀ = 1 (§2.4 check 2)
    SparseRegression, ///< d = 100, n = 40, w* = (1, −1, 0.5) on 3 coordinates, w₀ = 0 (§2.4.3)
    Occam,            ///< 12 points of sin(2.5x) + 0.3ε on [−1, 1], a 1-64-64-1 tanh net (§1.8)
    Moons,            ///< two moons, a 2-32-32-2 tanh classifier
    Spirals,          ///< C interleaved spirals, a 2-32-32-C tanh classifier
    Digits,           ///< UCI optical digits (1797 × 8×8), a 64-64-64-10 tanh classifier
    Shift,            ///< sin 2x, then −sin 2x + 0.5 from a chosen step (§2.5), 1-32-32-1 tanh
};

inline const std::vector<std::string> &namesOf(TaskKind) {
    static const std::vector<std::string> names = {"quadratic",         "quadratic-2d", "nnls",
                                                   "sparse-regression", "occam",        "moons",
                                                   "spirals",           "digits",       "shift"};
    return names;
}

enum class HiddenActivation { Tanh, Relu };

inline const std::vector<std::string> &namesOf(HiddenActivation) {
    static const std::vector<std::string> names = {"tanh", "relu"};
    return names;
}

struct TaskSettings {
    TaskKind kind = TaskKind::Occam;
    /// Hidden units per layer of the MLP tasks, 1…1024; 0 = the task's own (occam 64, moons and
    /// spirals 32, digits 64, shift 32).
    int width = 0;
    HiddenActivation activation = HiddenActivation::Tanh; ///< of the MLP tasks' hidden layers
    /// Samples per step for moons, spirals, digits and shift; 0 = the full training set.
    int batchSize = 0;
    /// Training points, 0 = the task's own: occam 12, moons and spirals 256, shift 128,
    /// sparse-regression n = 40, nnls m = 30 rows. Ignored by quadratic, quadratic-2d, digits.
    int points = 0;
    int dimension = 100;           ///< sparse-regression's d, 1…10000
    int relevant = 3;              ///< sparse-regression's non-zeros of w*, cycling 1, −1, 0.5
    int classes = 3;               ///< spirals' arms, 2…10
    std::int64_t shiftStep = 3000; ///< shift: the first step trained on the new target
    double testFraction = 0.2;     ///< digits: share held out as the test split
    std::string dataPath;          ///< digits: the CSV(.gz) file; "" = the shipped copy
    /// quadratic-2d draws the reference paths (GD, projected GD, EGD, reparametrised GD) with the
    /// run's learning rate and step count.
    double referenceLr = 0.05;
    std::int64_t referenceSteps = 500;
};

/// What a task measures at one parameter vector. NaN where it does not apply.
struct Evaluation {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double trainLoss = kNone;     ///< the training objective over the whole training set
    double testLoss = kNone;      ///< the same loss on held-out data (or the noiseless truth)
    double accuracy = kNone;      ///< classifiers: share of the test set classified right
    double trainAccuracy = kNone; ///< classifiers: the same on the training set
    std::vector<double> metrics;  ///< the task's own, in the order of Task::metricNames()
};

/// A 1-D regression: the fitted curve on a grid, the truth and the training points.
struct CurvePicture {
    std::vector<double> x, fit, truth; ///< on an even grid over the data's interval
    std::vector<double> dataX, dataY;  ///< the training points (current targets)
};

/// A linear model's learned weights beside the truth (empty when there is none).
struct WeightsPicture {
    std::vector<double> learned, truth;
};

/// A 2-D classifier's decision surface on a grid.
struct SurfacePicture {
    int columns = 0, rows = 0; ///< grid cells along x and y
    double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
    int classes = 0;
    std::vector<int> predicted;           ///< argmax class, row-major from yMin (rows × columns)
    std::vector<float> confidence;        ///< the largest softmax probability, same order
    std::vector<double> pointsX, pointsY; ///< the training points
    std::vector<int> labels;
};

/// A 2-D quadratic's contours and the reference paths of §2.5.
struct ContourPicture {
    std::vector<double> x, y;       ///< grid coordinates
    std::vector<double> loss;       ///< loss[j·x.size() + i] at (x[i], y[j])
    double optimum[2] = {0, 0};     ///< c, the unconstrained minimiser
    double constrained[2] = {0, 0}; ///< the minimiser over θ ≥ 0
    struct Path {
        std::string name; ///< "gd", "projected-gd", "egd", "reparam-gd"
        std::vector<double> x, y;
    };
    std::vector<Path> references; ///< each from θ₀ at the run's lr, every step
};

struct TaskPicture {
    std::optional<CurvePicture> curve;
    std::optional<WeightsPicture> weights;
    std::optional<SurfacePicture> surface;
    std::optional<ContourPicture> contour;
};

class Task {
public:
    virtual ~Task() = default;

    const ParamLayout &layout() const { return m_layout; }
    /// θ₀, drawn (where random) from the task's seed.
    const Eigen::ArrayXf &initialParameters() const { return m_initial; }

    /// The training loss for step `step` (0-based; the batch and target of that step) at theta,
    /// with its gradient written into grad (resized to the layout).
    virtual double lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t step,
                                   Eigen::ArrayXf &grad) = 0;
    /// Train and test loss, accuracy and metrics at theta after `step` steps.
    virtual Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t step) = 0;
    /// The model at theta after `step` steps, for the view.
    virtual TaskPicture picture(const Eigen::ArrayXf &theta, std::int64_t step) = 0;

    virtual bool hasTestSet() const { return false; }
    virtual bool classifies() const { return false; }
    /// JSON keys of Evaluation::metrics: snake_case.
    virtual std::vector<std::string> metricNames() const { return {}; }
    /// Steps per pass over the training set (1 for full-batch tasks).
    virtual double stepsPerEpoch() const { return 1.0; }

protected:
    ParamLayout m_layout;
    Eigen::ArrayXf m_initial;
};

/// The task of `settings`, with data and θ₀ drawn from `seed`. Throws std::invalid_argument with
/// plain words when the settings cannot make it (digits: a file that is missing or malformed,
/// named with its line and column).
std::unique_ptr<Task> makeTask(const TaskSettings &settings, std::uint64_t seed);

/// The hidden width the task uses for `settings` (its own when settings.width is 0); 0 for tasks
/// without a net.
int hiddenWidth(const TaskSettings &settings);
/// Training points of the task for `settings` (its own when settings.points is 0); 0 for
/// quadratic and quadratic-2d; digits' train split is read from its file at run time, so 0.
int trainingPoints(const TaskSettings &settings);
/// True for the tasks that train a net (occam, moons, spirals, digits, shift).
bool trainsNet(TaskKind kind);
/// True for the tasks whose θ₀ > 0 everywhere, which egu and reparam-gd need.
bool startsPositive(TaskKind kind);

} // namespace dimscope::tasks
