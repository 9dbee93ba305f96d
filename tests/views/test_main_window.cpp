// SPDX-License-Identifier: MIT
// The window lists every registered explorer, switches between them, shows the run state, and
// remembers the last explorer across sessions.
#include <QAction>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "common/explorer_view.h"
#include "common/param_form.h"
#include "main_window.h"
#include "view_registry.h"

using namespace dimscope;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("dimscope-test");
        QCoreApplication::setApplicationName("test_main_window");
        QSettings().clear();
    }

    void listsEveryExplorerAndSwitches() {
        app::MainWindow window;
        window.show();
        auto *list = window.findChild<QListWidget *>("explorerList");
        QVERIFY(list);
        QCOMPARE(list->count(), int(views::viewEntries().size()));
        for (const auto &entry : views::viewEntries()) {
            QVERIFY(window.showExplorer(entry.name));
            QCOMPARE(window.currentView()->info().name, entry.name);
            QVERIFY(window.windowTitle().contains(
                QString::fromStdString(window.currentView()->info().title)));
        }
        QVERIFY(!window.showExplorer("no-such-explorer"));
    }

    void statusLineFollowsTheRun() {
        app::MainWindow window;
        window.show();
        QVERIFY(window.showExplorer("angles"));
        views::ExplorerView *view = window.currentView();
        QSignalSpy ended(view, &views::ExplorerView::runEnded);
        ParamSet p(view->info().specs());
        p.set("pairs", std::int64_t(5000));
        p.set("sweep-pairs", std::int64_t(500));
        view->setParams(p);
        QVERIFY(ended.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->findChild<QLabel *>()->text().startsWith("Done"), 5000);
    }

    void remembersTheLastExplorer() {
        {
            app::MainWindow window;
            window.show();
            QVERIFY(window.showExplorer("ball"));
            window.close();
        }
        app::MainWindow again;
        QCOMPARE(again.currentView()->info().name, std::string("ball"));
    }

    void openParametersRefusesWhatIsNotAParameterFile() {
        // Issue 13, defect 4: the one reader of parameter files refuses a folder, a FIFO (without
        // waiting for a writer) and /dev/zero (without reading it), and nothing changes.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString fifo = dir.filePath("params.json");
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        app::MainWindow window;
        window.show();
        QVERIFY(window.showExplorer("ball"));
        for (const QString &path : {dir.path(), fifo, QStringLiteral("/dev/zero")}) {
            QElapsedTimer clock;
            clock.start();
            const auto problem = window.openParametersFile(path);
            QVERIFY2(problem && problem->contains("is not a regular file"),
                     qPrintable(problem.value_or("(opened)")));
            QVERIFY(clock.elapsed() < 2000);
            QCOMPARE(window.currentView()->info().name, std::string("ball"));
        }
        // A good file shows its explorer.
        QFile good(dir.filePath("angles.json"));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write(R"({"explorer": "angles", "params": {"dimension": 37}})");
        good.close();
        QVERIFY(!window.openParametersFile(good.fileName()));
        QCOMPARE(window.currentView()->info().name, std::string("angles"));
        QCOMPARE(window.currentView()->params().integer("dimension"), std::int64_t(37));
    }

    void sessionsSaveAndOpenEveryExplorersState() {
        QTemporaryDir dir;
        const QString path = dir.filePath("lesson.json");
        {
            app::MainWindow window;
            QVERIFY(window.showExplorer("angles"));
            ParamSet angles = window.currentView()->params();
            QVERIFY(!angles.set("dimension", std::int64_t(23)));
            QVERIFY(!angles.set("seed", std::int64_t(99)));
            window.currentView()->setParams(angles);
            QVERIFY(window.showExplorer("training"));
            auto *logX = window.currentView()->findChild<QCheckBox *>("log_x");
            QVERIFY(logX);
            logX->setChecked(!logX->isChecked());
            QVERIFY(!window.saveSession(path));
        }
        app::MainWindow again;
        QVERIFY(again.showExplorer("ball"));
        const auto problem = again.openSessionFile(path);
        QVERIFY2(!problem, qPrintable(problem.value_or("")));
        QCOMPARE(again.currentView()->info().name, std::string("training"));
        QVERIFY(again.currentView()->findChild<QCheckBox *>("log_x")->isChecked());
        QVERIFY(again.showExplorer("angles"));
        QCOMPARE(again.currentView()->params().integer("dimension"), std::int64_t(23));
        QCOMPARE(again.currentView()->params().integer("seed"), std::int64_t(99));
        // Saved again, the opened state is what was saved.
        QVERIFY(again.showExplorer("training"));
        const Session reopened = again.currentSession();
        Session saved;
        QVERIFY(!readSession(path.toStdString(), saved));
        for (const auto &[name, state] : saved.explorers) {
            QVERIFY(reopened.explorers.count(name));
            QVERIFY(reopened.explorers.at(name).params == state.params);
            QVERIFY(reopened.explorers.at(name).view == state.view);
        }
    }

    void aBadSessionChangesNothing() {
        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"format": "dimscope-session", "version": 1, "current": "angles",
            "explorers": {"angles": {"params": {"dimension": 5}},
                          "training": {"params": {}, "view": {"log_x": "yes"}}}})");
        bad.close();
        app::MainWindow window;
        QVERIFY(window.showExplorer("angles"));
        const std::int64_t before = window.currentView()->params().integer("dimension");
        const auto problem = window.openSessionFile(bad.fileName());
        QVERIFY(problem && problem->contains("log_x"));
        QVERIFY(window.showExplorer("angles"));
        QCOMPARE(window.currentView()->params().integer("dimension"), before);
    }

    void undoMergesADragAndRedoReturns() {
        app::MainWindow window;
        QVERIFY(window.showExplorer("angles"));
        views::ExplorerView *view = window.currentView();
        const std::int64_t before = view->params().integer("dimension");
        auto *box = qobject_cast<QSpinBox *>(view->form()->editor("dimension"));
        QVERIFY(box);
        for (int v : {200, 300, 400, 500}) // a drag: one parameter, quick succession
            box->setValue(v);
        QCOMPARE(view->params().integer("dimension"), std::int64_t(500));
        QAction *undoAction = nullptr, *redoAction = nullptr;
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(QKeySequence::Undo))
                undoAction = a;
            if (a->shortcuts().contains(QKeySequence(QKeySequence::Redo)))
                redoAction = a;
        }
        QVERIFY(undoAction && redoAction);
        QVERIFY(undoAction->isEnabled());
        undoAction->trigger();
        QCOMPARE(view->params().integer("dimension"), before); // the whole drag at once
        QCOMPARE(box->value(), int(before));
        QVERIFY(!undoAction->isEnabled());
        redoAction->trigger();
        QCOMPARE(view->params().integer("dimension"), std::int64_t(500));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
