// SPDX-License-Identifier: MIT
#include "main_window.h"

#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoGroup>
#include <QUndoStack>

#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "common/excerpt.h"
#include "common/explorer_view.h"
#include "common/export/export_dialog.h"
#include "common/export/figure_export.h"
#include "common/export/figure_record.h"
#include "common/param_history.h"
#include "common/stories.h"
#include "common/view_settings.h"
#include "io/atomic_file.h"
#include "io/param_file.h"
#include "io/session.h"
#include "io/user_file.h"
#include "registry.h"
#include "view_registry.h"
#include "window_theme.h"

namespace dimscope::app {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("dimscope"));
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("explorerList"));
    // In the core registry's order; every explorer has a view (a contract test checks it).
    for (const ExplorerInfo &info : explorers()) {
        auto *item = new QListWidgetItem(QString::fromStdString(info.title), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(info.name));
        item->setToolTip(QString::fromStdString(info.summary));
    }
    // Wide enough for the longest title: a horizontal scroll bar in a short list looks broken.
    m_list->setMinimumWidth(m_list->sizeHintForColumn(0) + 2 * m_list->frameWidth() + 8);
    m_stack = new QStackedWidget;
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_list);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({m_list->minimumWidth(), 1400});
    setCentralWidget(splitter);

    m_status = new QLabel;
    statusBar()->addWidget(m_status, 1);
    m_undo = new QUndoGroup(this);
    buildMenus();

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showExplorer(m_list->item(row)->data(Qt::UserRole).toString().toStdString());
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(initialSize());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QString last = settings.value(QStringLiteral("window/explorer")).toString();
    if (last.isEmpty() || !showExplorer(last.toStdString()))
        m_list->setCurrentRow(0);
    restoreLastSession();
}

bool MainWindow::showExplorer(const std::string &name) {
    auto it = m_views.find(name);
    if (it == m_views.end()) {
        views::ExplorerView *view = views::createView(name, m_stack);
        if (!view)
            return false;
        view->setExplanationVisible(m_explanationVisible);
        auto *history = new views::ParamHistory(view);
        m_undo->addStack(history->stack());
        m_histories[view] = history;
        m_stack->addWidget(view);
        connect(view, &views::ExplorerView::statusChanged, this, [this, view] {
            if (view == currentView())
                updateStatus();
        });
        it = m_views.emplace(name, view).first;
        view->restart();
    }
    if (auto *previous = currentView(); previous && previous != it->second) {
        if (m_lesson)
            endLesson(); // a lesson belongs to its explorer
        previous->setPresentation(false);
    }
    m_stack->setCurrentWidget(it->second);
    m_undo->setActiveStack(m_histories.at(it->second)->stack());
    if (m_presentation && m_presentation->isChecked())
        it->second->setPresentation(true, 0);
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(Qt::UserRole).toString().toStdString() == name &&
            m_list->currentRow() != row)
            m_list->setCurrentRow(row);
    setWindowTitle(
        QStringLiteral("dimscope — %1").arg(QString::fromStdString(it->second->info().title)));
    updateStatus();
    return true;
}

QSize MainWindow::initialSize() const {
    // 1500 × 900 where the screen has room, else 92 % of what it has (a 1366 × 768 laptop, a
    // projector at 1280 × 720, 200 % scale on 1920 × 1080).
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    const QSize available = screen ? screen->availableGeometry().size() : QSize(1500, 900);
    return QSize(std::min(1500, available.width() * 92 / 100),
                 std::min(900, available.height() * 92 / 100));
}

views::ExplorerView *MainWindow::currentView() const {
    return qobject_cast<views::ExplorerView *>(m_stack->currentWidget());
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *exportFigureAction =
        file->addAction(tr("&Export figure…"), this, &MainWindow::exportFigure);
    exportFigureAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    QAction *exportDataAction = file->addAction(tr("Export &data…"), this, &MainWindow::exportData);
    exportDataAction->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    file->addSeparator();
    file->addAction(tr("&Open parameters, figure or session…"), this, &MainWindow::openAnything)
        ->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(tr("&Save parameters…"), this, &MainWindow::saveParameters)
        ->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save s&ession…"), this, &MainWindow::saveSessionAs)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *explanation = view->addAction(tr("Show &explanation"));
    explanation->setCheckable(true);
    explanation->setShortcut(QKeySequence(tr("F1")));
    m_explanationVisible = QSettings().value(QStringLiteral("window/explanation"), true).toBool();
    explanation->setChecked(m_explanationVisible);
    connect(explanation, &QAction::toggled, this, [this](bool on) {
        m_explanationVisible = on;
        for (auto &[name, v] : m_views)
            v->setExplanationVisible(on);
    });
    QAction *list = view->addAction(tr("Show explorer &list"));
    list->setCheckable(true);
    list->setChecked(true);
    connect(list, &QAction::toggled, this, [this](bool on) {
        m_listVisible = on;
        m_list->setVisible(on);
    });
    view->addSeparator();
    view->addAction(tr("&Run again"), this,
                    [this] {
                        if (auto *v = currentView())
                            v->restart();
                    })
        ->setShortcut(QKeySequence::Refresh);
    view->addAction(tr("Reset &parameters"), this, [this] {
        if (auto *v = currentView())
            v->setParams(ParamSet(v->info().specs()));
    });
    view->addSeparator();
    buildThemeMenu(view);
    view->addSeparator();
    m_fullScreen = view->addAction(tr("&Full screen"));
    m_fullScreen->setCheckable(true);
    QList<QKeySequence> fullScreenKeys{QKeySequence(Qt::Key_F11)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::FullScreen))
        if (!fullScreenKeys.contains(key))
            fullScreenKeys << key;
    m_fullScreen->setShortcuts(fullScreenKeys);
    connect(m_fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });
    buildPresentationActions(view);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About dimscope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildThemeMenu(QMenu *view) {
    QSettings settings;
    views::ScreenTheme theme;
    theme.kind = views::themeKindFromName(settings.value(QStringLiteral("view/theme")).toString());
    theme.zoom = settings.value(QStringLiteral("view/zoom"), 1.0).toDouble();
    QMenu *themes = view->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    const std::pair<views::ThemeKind, QString> kinds[] = {
        {views::ThemeKind::Light, tr("&Light (as exported)")},
        {views::ThemeKind::Dark, tr("&Dark")},
        {views::ThemeKind::Projector, tr("&Projector: large text, thick lines")}};
    for (const auto &[kind, label] : kinds) {
        QAction *action = themes->addAction(label);
        action->setCheckable(true);
        action->setChecked(kind == theme.kind);
        action->setObjectName(QStringLiteral("theme-") + views::themeName(kind));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, kind = kind] {
            views::ScreenTheme t = views::screenTheme();
            t.kind = kind;
            setTheme(t);
        });
    }
    const auto zoomBy = [this](double factor) {
        views::ScreenTheme t = views::screenTheme();
        t.zoom = factor == 0 ? 1.0 : std::clamp(t.zoom * factor, 0.5, 3.0);
        setTheme(t);
    };
    QAction *zoomIn = view->addAction(tr("Zoom &in"), this, [zoomBy] { zoomBy(1.15); });
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
    view->addAction(tr("Zoom &out"), this, [zoomBy] { zoomBy(1 / 1.15); })
        ->setShortcut(QKeySequence::ZoomOut);
    view->addAction(tr("&Actual size"), this, [zoomBy] { zoomBy(0); })
        ->setShortcut(QKeySequence(tr("Ctrl+0")));
    applyTheme(theme);
}

void MainWindow::setTheme(const views::ScreenTheme &theme) {
    applyTheme(theme);
    QSettings settings;
    settings.setValue(QStringLiteral("view/theme"), views::themeName(theme.kind));
    settings.setValue(QStringLiteral("view/zoom"), views::screenTheme().zoom);
    statusBar()->showMessage(tr("Theme: %1, text at %2 %")
                                 .arg(views::themeName(theme.kind))
                                 .arg(qRound(views::screenTheme().zoom * 100)),
                             3000);
}

void MainWindow::buildPresentationActions(QMenu *view) {
    m_presentation = view->addAction(tr("&Presentation: one plot and its caption"));
    m_presentation->setCheckable(true);
    m_presentation->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_presentation, &QAction::toggled, this, &MainWindow::setPresentation);
    m_lessonMenu = view->addMenu(tr("&Lesson"));
    connect(m_lessonMenu, &QMenu::aboutToShow, this, &MainWindow::fillLessonMenu);
    // Only while presenting (the form is hidden then), so the arrows never leave a spin box.
    // A clicker sends PageDown/PageUp: the next step of a lesson, else the next plot.
    const auto step = [this](int delta) {
        if (m_lesson)
            showLessonStep(m_lessonStep + delta);
        else if (auto *v = currentView(); v && v->inPresentation())
            v->setPresentation(true, v->presentedPlot() + delta);
    };
    const auto plot = [this](int delta) {
        if (auto *v = currentView(); v && v->inPresentation())
            v->setPresentation(true, v->presentedPlot() + delta);
    };
    m_nextPlot = new QAction(tr("Next step or plot"), this);
    m_nextPlot->setShortcuts(
        {QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_Space)});
    connect(m_nextPlot, &QAction::triggered, this, [step] { step(+1); });
    m_previousPlot = new QAction(tr("Previous step or plot"), this);
    m_previousPlot->setShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_Left),
                                  QKeySequence(Qt::Key_Backspace)});
    connect(m_previousPlot, &QAction::triggered, this, [step] { step(-1); });
    auto *nextPlot = new QAction(tr("Next plot"), this);
    nextPlot->setShortcut(QKeySequence(Qt::Key_Down));
    connect(nextPlot, &QAction::triggered, this, [plot] { plot(+1); });
    auto *previousPlot = new QAction(tr("Previous plot"), this);
    previousPlot->setShortcut(QKeySequence(Qt::Key_Up));
    connect(previousPlot, &QAction::triggered, this, [plot] { plot(-1); });
    QAction *leave = new QAction(tr("Leave presentation"), this);
    leave->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(leave, &QAction::triggered, this, [this] {
        m_presentation->setChecked(false);
        m_fullScreen->setChecked(false);
    });
    m_presentingActions = {m_nextPlot, m_previousPlot, nextPlot, previousPlot, leave};
    for (QAction *action : m_presentingActions) {
        action->setEnabled(false);
        addAction(action);
    }
}

void MainWindow::fillLessonMenu() {
    m_lessonMenu->clear();
    views::ExplorerView *view = currentView();
    const std::vector<views::Story> stories =
        view ? views::storiesOf(view->info()) : std::vector<views::Story>{};
    for (const views::Story &story : stories)
        m_lessonMenu->addAction(story.title, this, [this, story] { startLesson(story); });
    if (stories.empty())
        m_lessonMenu->addAction(tr("(no story for this explorer)"))->setEnabled(false);
}

void MainWindow::startLesson(const views::Story &story) {
    if (!currentView() || story.steps.empty())
        return;
    m_lesson = story;
    m_presentation->setChecked(true);
    showLessonStep(0);
}

void MainWindow::showLessonStep(int index) {
    views::ExplorerView *view = currentView();
    if (!m_lesson || !view)
        return;
    m_lessonStep = std::clamp(index, 0, int(m_lesson->steps.size()) - 1);
    const views::StoryStep &step = m_lesson->steps[std::size_t(m_lessonStep)];
    if (!views::checkViewSettings(view, step.view))
        views::applyViewSettings(view, step.view);
    if (view->params() != step.params)
        m_histories.at(view)->replaceAll(step.params);
    view->setPresentationCaption(tr("<b>%1</b> — step %2 of %3<br>%4")
                                     .arg(m_lesson->title.toHtmlEscaped())
                                     .arg(m_lessonStep + 1)
                                     .arg(m_lesson->steps.size())
                                     .arg(step.caption.toHtmlEscaped()));
}

void MainWindow::endLesson() {
    m_lesson.reset();
    if (auto *v = currentView())
        v->setPresentationCaption({});
}

void MainWindow::setPresentation(bool on) {
    if (!on)
        endLesson();
    if (auto *v = currentView())
        v->setPresentation(on, v->presentedPlot());
    m_list->setVisible(!on && m_listVisible);
    menuBar()->setVisible(!on);
    statusBar()->setVisible(!on);
    for (QAction *action : m_presentingActions)
        action->setEnabled(on);
    m_fullScreen->setChecked(on);
}

bool MainWindow::viewShowsItsParameters(views::ExplorerView *view) {
    if (view->showsCurrentParams())
        return true;
    QMessageBox::information(
        this, tr("Export"),
        tr("The plots do not show the parameters in the form yet: the computation is "
           "still running, or the last change was refused. Export when the status line "
           "says Done, so that the file records the parameters it shows."));
    return false;
}

void MainWindow::exportFigure() {
    views::ExplorerView *view = currentView();
    if (!view || !viewShowsItsParameters(view))
        return;
    // Only plots that hold data are offered: an empty figure is never a figure for a paper.
    QList<views::PlotEntry> plots;
    QStringList names;
    QList<QCustomPlot *> plotWidgets;
    for (const auto &p : view->plots())
        if (views::plotHasData(p.plot)) {
            plots << p;
            names << p.name;
            plotWidgets << p.plot;
        }
    if (plots.isEmpty()) {
        QMessageBox::information(this, tr("Export figure"),
                                 tr("No plot of this explorer holds data at these parameters."));
        return;
    }
    const auto choice = views::ExportDialog::ask(names, plotWidgets, this);
    if (!choice || choice->plotIndex < 0 || choice->plotIndex >= plots.size())
        return;
    const views::PlotEntry &entry = plots.at(choice->plotIndex);
    QJsonObject provenance = view->provenance();
    provenance.insert(QStringLiteral("plot"), entry.name);
    // Figure, CSV and sidecars are written together, all or none.
    std::vector<views::ExportFile> files;
    auto error = views::prepareFigure(entry.plot, choice->path, choice->format, provenance, files);
    if (!error && choice->alsoCsv)
        error = views::prepareCsv({{entry.name, entry.plot}}, choice->csvPath, provenance, files);
    if (!error)
        error = views::writeExport(files);
    if (error) {
        QMessageBox::warning(this, tr("Export figure"), *error);
        return;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(choice->path), 5000);
}

void MainWindow::exportData() {
    views::ExplorerView *view = currentView();
    if (!view || !viewShowsItsParameters(view))
        return;
    const auto path = views::ExportDialog::askDataPath(this);
    if (!path)
        return;
    QList<QPair<QString, QCustomPlot *>> plots;
    for (const auto &p : view->plots())
        plots.append({p.name, p.plot});
    if (auto error = views::exportCsv(plots, *path, view->provenance()))
        QMessageBox::warning(this, tr("Export data"), *error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(*path), 5000);
}

void MainWindow::saveParameters() {
    views::ExplorerView *view = currentView();
    if (!view)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save parameters"), QString::fromStdString(view->info().name) + ".json",
        tr("dimscope parameters (*.json)"));
    if (path.isEmpty())
        return;
    const QByteArray json = QJsonDocument(view->provenance()).toJson();
    if (auto error = writeFileAtomically(path.toStdString(), json.toStdString()))
        QMessageBox::warning(this, tr("Save parameters"), QString::fromStdString(*error));
}

void MainWindow::openAnything() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), QString(),
        tr("dimscope sessions, parameters or figures (*.json *.pdf *.svg *.png)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFile(const QString &path) {
    const auto problem = isSessionFile(path) ? openSessionFile(path) : openParametersFile(path);
    if (problem)
        QMessageBox::warning(this, tr("Open"), *problem);
}

bool MainWindow::isSessionFile(const QString &path) {
    // A session says so in its first bytes' "format"; parameter files and figures never do.
    if (views::figureSuffixes().contains(QFileInfo(path).suffix().toLower()))
        return false;
    try {
        const std::string text =
            readUserFile(path.toStdString(), kMaxParamFileBytes, "a JSON file", "sessions");
        const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
        return doc.is_object() && doc.contains("format") && doc["format"] == kSessionFormat;
    } catch (const std::exception &) {
        return false; // the parameter reader then names the problem
    }
}

Session MainWindow::currentSession() const {
    Session session;
    for (const auto &[name, view] : m_views)
        session.explorers.emplace(name,
                                  SessionExplorer{view->params(), views::viewSettingsOf(view)});
    if (const views::ExplorerView *view = currentView())
        session.current = view->info().name;
    return session;
}

std::optional<QString> MainWindow::saveSession(const QString &path) const {
    const std::string text = sessionToJson(currentSession()).dump(2) + "\n";
    if (auto error = writeFileAtomically(path.toStdString(), text))
        return QString::fromStdString(*error);
    return std::nullopt;
}

void MainWindow::saveSessionAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                                      QStringLiteral("session.dimscope.json"),
                                                      tr("dimscope sessions (*.json)"));
    if (path.isEmpty())
        return;
    if (const auto error = saveSession(path)) {
        QMessageBox::warning(this, tr("Save session"), *error);
        return;
    }
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved the session to %1").arg(path), 5000);
}

std::optional<QString> MainWindow::openSessionFile(const QString &path) {
    // Everything is read and checked before anything changes: the file (core/io/session.h), then
    // each explorer's view settings against its view.
    Session session;
    if (auto problem = readSession(path.toStdString(), session))
        return QString::fromStdString(*problem);
    const std::string shownBefore = currentView() ? currentView()->info().name : std::string();
    for (const auto &[name, state] : session.explorers) {
        if (!showExplorer(name))
            return tr("'%1': explorer '%2' has no view").arg(path, QString::fromStdString(name));
        if (auto problem = views::checkViewSettings(m_views.at(name), state.view)) {
            showExplorer(shownBefore);
            return tr("'%1', explorer '%2': %3")
                .arg(path, QString::fromStdString(name), QString::fromStdString(*problem));
        }
    }
    for (const auto &[name, state] : session.explorers) {
        views::ExplorerView *view = m_views.at(name);
        views::applyViewSettings(view, state.view);
        if (view->params() != state.params)
            m_histories.at(view)->replaceAll(state.params);
    }
    showExplorer(session.current);
    addRecentFile(path);
    return std::nullopt;
}

QString MainWindow::lastSessionPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/last-session.json");
}

void MainWindow::restoreLastSession() {
    const QString path = lastSessionPath();
    if (!QFileInfo::exists(path))
        return;
    if (const auto problem = openSessionFile(path))
        statusBar()->showMessage(tr("The last session was not restored: %1").arg(*problem), 10000);
}

void MainWindow::addRecentFile(const QString &path) {
    if (path == lastSessionPath())
        return;
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent/files")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent/files"), recent);
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent/files")).toStringList();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { openFile(path); });
        action->setToolTip(path);
        action->setEnabled(QFileInfo::exists(path));
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

std::optional<QString> MainWindow::openParametersFile(const QString &path) {
    // Read and check everything first: a bad file changes nothing, not even the explorer shown.
    // A figure (.pdf, .svg, .png) holds its record in its own metadata; else a JSON file.
    ParamFile file;
    std::optional<std::string> problem;
    if (views::figureSuffixes().contains(QFileInfo(path).suffix().toLower())) {
        QJsonObject record;
        if (const auto unreadable = views::readFigureRecord(path, record))
            problem = unreadable->toStdString();
        else
            problem = paramFileFromJson(
                nlohmann::json::parse(QJsonDocument(record).toJson().toStdString()),
                path.toStdString(), file);
    } else {
        problem = readParamFile(path.toStdString(), file);
    }
    const std::string name =
        file.explorer.empty() && currentView() ? currentView()->info().name : file.explorer;
    const ExplorerInfo *explorer = problem ? nullptr : findExplorer(name);
    if (!problem && !explorer)
        problem = "'" + path.toStdString() + "' names an unknown explorer " + excerpt(name);
    ParamSet values = explorer ? ParamSet(explorer->specs()) : ParamSet();
    if (!problem)
        problem = applyParamFile(file, *explorer, values);
    if (problem)
        return QString::fromStdString(*problem);
    showExplorer(name);
    m_histories.at(currentView())->replaceAll(values);
    addRecentFile(path);
    return std::nullopt;
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About dimscope"),
        tr("<h3>dimscope %1</h3><p>Explore, live, the phenomena that make high-dimensional spaces "
           "and neural-"
           "network training strange, and turn them into figures. After the essays of Su Jianlin "
           "(kexue.fm).</p><p>Qt %2 (built with %3) · Eigen %4.%5.%6 · Boost %7.%8.%9</p>")
            .arg(QStringLiteral(DIMSCOPE_VERSION), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR))
            .arg(EIGEN_WORLD_VERSION)
            .arg(EIGEN_MAJOR_VERSION)
            .arg(EIGEN_MINOR_VERSION)
            .arg(BOOST_VERSION / 100000)
            .arg(BOOST_VERSION / 100 % 1000)
            .arg(BOOST_VERSION % 100));
}

void MainWindow::updateStatus() {
    auto *view = currentView();
    m_status->setText(view ? view->statusText() : QString());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/explanation"), m_explanationVisible);
    // The next start picks up where this one ends; a failure to save must not stop closing.
    QDir().mkpath(QFileInfo(lastSessionPath()).path());
    if (!m_views.empty())
        (void)saveSession(lastSessionPath());
    if (auto *view = currentView())
        settings.setValue(QStringLiteral("window/explorer"),
                          QString::fromStdString(view->info().name));
    QMainWindow::closeEvent(event);
}

} // namespace dimscope::app
