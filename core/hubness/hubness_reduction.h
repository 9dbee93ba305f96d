// SPDX-License-Identifier: MIT
#pragma once
// Hubness reduction by secondary distances (geometry.md §3.3): each point's candidate neighbours
// (by primary distance) are rescored and re-ranked, and the first k are kept. Mutual proximity
// (Gaussian and empiric), local scaling (standard and NICDM), DisSimLocal and CSLS.

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/enum_names.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

enum class Reduction { None, MpGaussian, MpEmpiric, LocalScaling, Nicdm, DisSimLocal, Csls };

/// The command-line and JSON names of Reduction, in the enum's order (enum_names.h).
inline const std::vector<std::string> &namesOf(Reduction) {
    static const std::vector<std::string> names = {"none",  "mp-gaussian", "mp-empiric", "ls",
                                                   "nicdm", "dsl",         "csls"};
    return names;
}

/// Secondary distance of every candidate pair, aligned with candidates.indices (n·c values; lower
/// is closer). `localK` is the neighbourhood of LS, NICDM, DSL and CSLS (σ_x = distance to the
/// localK-th neighbour, μ_x and r(x) = mean distance to the first localK), 1…c. MP uses all c
/// candidates. DSL needs the vectors (`points`, n × d) and a euclidean candidate graph.
///  - mp-gaussian: 1 − sf((d−μx)/σx)·sf((d−μy)/σy), μ, σ (population) of the candidate distances
///  - mp-empiric:  1 − |{z ∈ C(x): d_xz > d_xy and d_yz > d_xy}| / c, with d_yz = y's stored
///  distance
///                 when z ∈ C(y), else just above y's largest (scikit-hubness v0.21.2)
///  - ls: 1 − exp(−d²/(σx σy));  nicdm: d / √(μx μy);  csls: 2d − r(x) − r(y)
///  - dsl: ‖x−y‖² − ‖x−c_k(x)‖² − ‖y−c_k(y)‖², shifted by −min when negative (squared=True)
std::vector<double> secondaryDistances(const KnnGraph &candidates, Reduction method, int localK,
                                       const Eigen::MatrixXd *points = nullptr);

/// Re-ranks each row by (secondary, primary distance, index) and keeps the first k; the returned
/// graph's distances are the secondary ones.
KnnGraph rerank(const KnnGraph &candidates, const std::vector<double> &secondary, int k);

/// secondaryDistances + rerank. Reduction::None returns the first k candidates unchanged.
KnnGraph reduceHubness(const KnnGraph &candidates, Reduction method, int k, int localK,
                       const Eigen::MatrixXd *points = nullptr);

} // namespace dimscope::hubness
