// SPDX-License-Identifier: MIT
#pragma once
// A view's own settings: the options beside its plots that are not parameters of the
// computation (log axes, smoothing, what the x axis shows). A view marks each such check box or
// combo box once; sessions then save and restore them by name, whatever the view.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

class QString;
class QWidget;

namespace dimscope::views {

/// Makes `control` (a QCheckBox or a QComboBox) a setting saved in sessions under `name`.
void markViewSetting(QWidget *control, const QString &name);

/// {"name": true/false for a check box, "item text" for a combo box, …} of `view`'s settings.
nlohmann::json viewSettingsOf(const QWidget *view);

/// nullopt when `settings` names only settings of `view`, each with a value it can take; else a
/// message naming the first that does not. Nothing is changed.
std::optional<std::string> checkViewSettings(const QWidget *view, const nlohmann::json &settings);

/// Sets what `settings` holds (checked first with checkViewSettings); settings it does not name
/// keep their state.
void applyViewSettings(QWidget *view, const nlohmann::json &settings);

} // namespace dimscope::views
