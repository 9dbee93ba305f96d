// SPDX-License-Identifier: MIT
#include "main_window.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
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
#include <QStatusBar>

#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "common/excerpt.h"
#include "common/explorer_view.h"
#include "common/export/export_dialog.h"
#include "common/export/figure_export.h"
#include "common/export/figure_record.h"
#include "io/atomic_file.h"
#include "io/param_file.h"
#include "registry.h"
#include "view_registry.h"

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
}

bool MainWindow::showExplorer(const std::string &name) {
    auto it = m_views.find(name);
    if (it == m_views.end()) {
        views::ExplorerView *view = views::createView(name, m_stack);
        if (!view)
            return false;
        view->setExplanationVisible(m_explanationVisible);
        m_stack->addWidget(view);
        connect(view, &views::ExplorerView::statusChanged, this, [this, view] {
            if (view == currentView())
                updateStatus();
        });
        it = m_views.emplace(name, view).first;
        view->restart();
    }
    m_stack->setCurrentWidget(it->second);
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
    file->addAction(tr("&Open parameters…"), this, &MainWindow::openParameters)
        ->setShortcut(QKeySequence::Open);
    file->addAction(tr("&Save parameters…"), this, &MainWindow::saveParameters)
        ->setShortcut(QKeySequence::Save);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

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
    connect(list, &QAction::toggled, m_list, &QWidget::setVisible);
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
    QAction *fullScreen = view->addAction(tr("&Full screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About dimscope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
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
    for (const auto &p : view->plots())
        if (views::plotHasData(p.plot)) {
            plots << p;
            names << p.name;
        }
    if (plots.isEmpty()) {
        QMessageBox::information(this, tr("Export figure"),
                                 tr("No plot of this explorer holds data at these parameters."));
        return;
    }
    const auto choice = views::ExportDialog::ask(names, this);
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

void MainWindow::openParameters() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open parameters"), QString(),
        tr("dimscope parameters or figures (*.json *.pdf *.svg *.png)"));
    if (path.isEmpty())
        return;
    if (const auto problem = openParametersFile(path))
        QMessageBox::warning(this, tr("Open parameters"), *problem);
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
    currentView()->setParams(values);
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
    if (auto *view = currentView())
        settings.setValue(QStringLiteral("window/explorer"),
                          QString::fromStdString(view->info().name));
    QMainWindow::closeEvent(event);
}

} // namespace dimscope::app
