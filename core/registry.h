// SPDX-License-Identifier: MIT
#pragma once
// The one list of explorers, in the order the GUI lists them: the command line, `list`, the main
// window and the contract tests all read it. A view is paired with its explorer by name
// (views/view_registry.h); a test checks that every explorer has a view and every view an
// explorer.

#include <string>
#include <vector>

#include "common/explorer.h"

namespace dimscope {

/// Every explorer, in the order the GUI lists them.
const std::vector<ExplorerInfo> &explorers();
/// nullptr when no explorer has that name.
const ExplorerInfo *findExplorer(const std::string &name);
/// The explorer `name`; throws std::logic_error when there is none (a programming error).
const ExplorerInfo &registeredExplorer(const std::string &name);

} // namespace dimscope
