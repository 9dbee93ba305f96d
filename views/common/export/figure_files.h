// SPDX-License-Identifier: MIT
#pragma once
// The one wording every export error takes.

#include <QString>

namespace dimscope::views::figure {

/// "Cannot export “<path>”: <problem>".
QString fileError(const QString &path, const QString &problem);

} // namespace dimscope::views::figure
