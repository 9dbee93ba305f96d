// SPDX-License-Identifier: MIT
#pragma once
// One colour per multi-task weighting method, the same in the Pareto and the multitask explorers,
// so that a method looks the same wherever it is drawn.

#include <QColor>

#include "pareto/pareto_tasks.h"

namespace dimscope::views {

/// Nine colours apart: Okabe–Ito's seven, a grey and a dark purple. The methods shown together
/// by default (equal, realtime, normalized, mgda) get blue, green, purple-pink and vermillion.
QColor methodColour(pareto::Method m);

} // namespace dimscope::views
