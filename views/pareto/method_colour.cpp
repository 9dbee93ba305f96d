// SPDX-License-Identifier: MIT
#include "pareto/method_colour.h"

namespace dimscope::views {

QColor methodColour(pareto::Method m) {
    using pareto::Method;
    switch (m) {
    case Method::Equal: return QColor(0, 114, 178);        // blue
    case Method::InitLoss: return QColor(230, 159, 0);     // orange
    case Method::Realtime: return QColor(0, 158, 115);     // bluish green
    case Method::GenMean: return QColor(170, 150, 0);      // olive (Okabe–Ito's yellow, darker)
    case Method::Normalized: return QColor(204, 121, 167); // reddish purple
    case Method::Mgda: return QColor(213, 94, 0);          // vermillion
    case Method::Averaging: return QColor(86, 180, 233);   // sky blue
    case Method::Softmax: return QColor(100, 100, 100);    // grey
    case Method::MainAux: return QColor(100, 60, 150);     // dark purple
    }
    return Qt::black;
}

} // namespace dimscope::views
