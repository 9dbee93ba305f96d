// SPDX-License-Identifier: MIT
#pragma once
// What every offscreen view test needs: a registered view shown at a desktop size, and a wait for
// its run to end (on the view's signal, never a fixed sleep).

#include <cmath>
#include <memory>
#include <string>

#include <QCoreApplication>
#include <QLabel>
#include <QRegularExpression>
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

/// The leading number of a text as the views write numbers (common/number_text.h): "0.031",
/// "−0.35  weak", "2.6 × 10⁻³⁰". NaN when the text does not start with one.
inline double leadingNumber(QString text) {
    static const QString superscripts = QString::fromUtf8("⁰¹²³⁴⁵⁶⁷⁸⁹");
    text.replace(QChar(0x2212), QLatin1Char('-')).replace(QChar(0x207B), QLatin1Char('-'));
    for (int digit = 0; digit < 10; ++digit)
        text.replace(superscripts[digit], QChar('0' + digit));
    // After the mapping, "2.6 × 10⁻³⁰" reads "2.6 × 10-30": the exponent follows a literal 10.
    static const QRegularExpression number(QString::fromUtf8(
        "^\\s*(-?[0-9]+(?:\\.[0-9]*)?)(?:[\\s\u202F]*×[\\s\u202F]*10(-?[0-9]+))?"));
    const auto match = number.match(text);
    if (!match.hasMatch())
        return std::nan("");
    const double power = match.captured(2).isEmpty() ? 0 : match.captured(2).toDouble();
    return match.captured(1).toDouble() * std::pow(10.0, power);
}

/// Waits for the current run to end; true when it ended as `expected` within `timeoutMs`.
inline bool waitForEnd(ExplorerView &view, Termination expected, int timeoutMs = 180000) {
    QSignalSpy ended(&view, &ExplorerView::runEnded);
    if (!ended.wait(timeoutMs))
        return false;
    return ended.last().at(0).value<Termination>() == expected;
}

} // namespace dimscope::views::testing
