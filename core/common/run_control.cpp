// SPDX-License-Identifier: MIT
#include "common/run_control.h"

namespace dimscope {

const char *terminationName(Termination t) {
    switch (t) {
    case Termination::Completed: return "completed";
    case Termination::Cancelled: return "cancelled";
    case Termination::InvalidInput: return "invalid-input";
    case Termination::Failed: return "failed";
    }
    return "unknown";
}

} // namespace dimscope
