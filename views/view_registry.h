// SPDX-License-Identifier: MIT
#pragma once
// The GUI's list of explorer views, paired by name with the core registry (core/explorer_registry.h).
// The main window and the command line know explorers only through these two lists.

#include <functional>
#include <string>
#include <vector>

class QWidget;

namespace dimscope::views {

class ExplorerView;

struct ViewEntry {
    std::string name;  ///< same as ExplorerInfo::name
    std::function<ExplorerView *(QWidget *parent)> create;
};

const std::vector<ViewEntry> &viewEntries();
/// nullptr when no view has that name.
ExplorerView *createView(const std::string &name, QWidget *parent = nullptr);

} // namespace dimscope::views
