// SPDX-License-Identifier: MIT
#include "common/view_settings.h"

#include <QCheckBox>
#include <QComboBox>

#include "common/excerpt.h"

namespace dimscope::views {

namespace {

constexpr const char *kSettingProperty = "dimscope.viewSetting";

QWidget *findSetting(const QWidget *view, const std::string &name) {
    const QList<QWidget *> children = view->findChildren<QWidget *>();
    for (QWidget *child : children)
        if (child->property(kSettingProperty).toString().toStdString() == name)
            return child;
    return nullptr;
}

} // namespace

void markViewSetting(QWidget *control, const QString &name) {
    control->setProperty(kSettingProperty, name);
    if (control->objectName().isEmpty())
        control->setObjectName(name);
}

nlohmann::json viewSettingsOf(const QWidget *view) {
    nlohmann::json settings = nlohmann::json::object();
    const QList<QWidget *> children = view->findChildren<QWidget *>();
    for (const QWidget *child : children) {
        const std::string name = child->property(kSettingProperty).toString().toStdString();
        if (name.empty())
            continue;
        if (const auto *check = qobject_cast<const QCheckBox *>(child))
            settings[name] = check->isChecked();
        else if (const auto *combo = qobject_cast<const QComboBox *>(child))
            settings[name] = combo->currentText().toStdString();
    }
    return settings;
}

std::optional<std::string> checkViewSettings(const QWidget *view, const nlohmann::json &settings) {
    if (!settings.is_object())
        return "the view settings must be an object";
    for (const auto &[name, value] : settings.items()) {
        const QWidget *control = findSetting(view, name);
        if (!control)
            return "unknown view setting " + excerpt(name);
        if (qobject_cast<const QCheckBox *>(control) && !value.is_boolean())
            return "view setting '" + name + "' must be true or false";
        if (const auto *combo = qobject_cast<const QComboBox *>(control)) {
            if (!value.is_string())
                return "view setting '" + name + "' must be a text";
            if (combo->findText(QString::fromStdString(value.get<std::string>())) < 0)
                return "view setting '" + name + "' cannot be " + excerpt(value.get<std::string>());
        }
    }
    return std::nullopt;
}

void applyViewSettings(QWidget *view, const nlohmann::json &settings) {
    for (const auto &[name, value] : settings.items()) {
        QWidget *control = findSetting(view, name);
        if (auto *check = qobject_cast<QCheckBox *>(control); check && value.is_boolean())
            check->setChecked(value.get<bool>());
        else if (auto *combo = qobject_cast<QComboBox *>(control); combo && value.is_string())
            combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
    }
}

} // namespace dimscope::views
