// SPDX-License-Identifier: MIT
#include "common/run_control.h"

#include <algorithm>

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

ProgressNote countedProgress(std::int64_t done, std::int64_t total, const std::string &what) {
    ProgressNote note;
    note.fraction = total > 0 ? std::clamp(double(done) / double(total), 0.0, 1.0) : 0.0;
    note.stage = std::to_string(done) + " of " + std::to_string(total) + " " + what;
    return note;
}

} // namespace dimscope
