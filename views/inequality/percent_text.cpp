// SPDX-License-Identifier: MIT
#include "inequality/percent_text.h"
#include "common/number_text.h"

namespace dimscope::views::inequality_detail {

QString percentText(double share) {
    if (share >= 10)
        return QString::number(qRound(share));
    return numberText(share, 2);
}

} // namespace dimscope::views::inequality_detail
