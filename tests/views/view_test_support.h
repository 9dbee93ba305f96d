// SPDX-License-Identifier: MIT
#pragma once
// What every offscreen view test needs: a registered view shown at a desktop size, and a wait for
// its run to end (on the view's signal, never a fixed sleep).

#include <memory>
#include <string>

#include <QCoreApplication>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "view_registry.h"

namespace dimscope::views::testing {

/// Sends QSettings (presets, the last export sizes) to a file in `dir` under `application`, so a
/// test neither reads nor writes the user's settings.
inline void keepSettingsIn(const QTemporaryDir &dir, const QString &application) {
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath("settings"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QCoreApplication::setOrganizationName("dimscope-test");
    QCoreApplication::setApplicationName(application);
}

/// The registered view `name`, shown offscreen at 1500 × 900; nullptr if it is not a `View`.
template <class View = ExplorerView>
std::unique_ptr<View> showView(const std::string &name) {
    std::unique_ptr<ExplorerView> view(createView(name));
    auto *typed = qobject_cast<View *>(view.get());
    if (!typed)
        return nullptr;
    view.release();
    std::unique_ptr<View> result(typed);
    result->resize(1500, 900);
    result->show();
    return result;
}

/// The view's plot called `name` (as `dimscope export --plot` names it), or nullptr.
inline QCustomPlot *plotNamed(const ExplorerView &view, const QString &name) {
    for (const auto &entry : view.plots())
        if (entry.name == name)
            return entry.plot;
    return nullptr;
}

/// The text of the plot's title row, or "" when it has none.
inline QString titleOf(QCustomPlot *plot) {
    auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0));
    return title ? title->text() : QString();
}

/// The value beside the readout labelled `label`, as a reader sees it: the no-break spaces that
/// keep its parts together read as spaces. "" when there is no such readout.
inline QString readout(const ExplorerView &view, const QString &label) {
    const auto labels = view.findChildren<QLabel *>();
    for (int i = 0; i + 1 < labels.size(); ++i)
        if (labels[i]->text() == label)
            return labels[i + 1]->text().replace(QChar(0x00A0), QLatin1Char(' '));
    return {};
}

/// Waits for the current run to end; true when it ended as `expected` within `timeoutMs`.
inline bool waitForEnd(ExplorerView &view, Termination expected, int timeoutMs = 180000) {
    QSignalSpy ended(&view, &ExplorerView::runEnded);
    if (!ended.wait(timeoutMs))
        return false;
    return ended.last().at(0).value<Termination>() == expected;
}

} // namespace dimscope::views::testing
