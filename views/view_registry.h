// SPDX-License-Identifier: MIT
#pragma once
// The GUI's view of each explorer, paired by name with the core registry (core/registry.h), whose
// order the main window follows. A contract test checks that the two name the same explorers.

#include <functional>
#include <string>
#include <vector>

class QWidget;

namespace dimscope::views {

class ExplorerView;

struct ViewEntry {
    std::string name; ///< same as ExplorerInfo::name
    std::function<ExplorerView *(QWidget *parent)> create;
};

const std::vector<ViewEntry> &viewEntries();
/// nullptr when no view has that name.
ExplorerView *createView(const std::string &name, QWidget *parent = nullptr);

} // namespace dimscope::views
