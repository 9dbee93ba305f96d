// SPDX-License-Identifier: MIT
// Story presets and the lesson mode (issue 12): every registered explorer has a story, every
// step of every story fits its explorer's parameters and view settings, and a lesson steps
// through a story in the presentation view, each step's caption under the plot.
#include <QAction>
#include <QLabel>
#include <QStandardPaths>
#include <QtTest>

#include "common/explorer_view.h"
#include "common/stories.h"
#include "common/view_settings.h"
#include "main_window.h"
#include "registry.h"
#include "view_registry.h"

using namespace dimscope;
using namespace dimscope::views;

class TestStories : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("dimscope-test");
        QCoreApplication::setApplicationName("test_stories");
    }

    void everyExplorerHasStoriesThatFitIt() {
        for (const ExplorerInfo &explorer : explorers()) {
            std::string problem;
            const std::vector<Story> stories = storiesOf(explorer, &problem);
            QVERIFY2(problem.empty(), problem.c_str());
            QVERIFY2(!stories.empty(), explorer.name.c_str());
            std::unique_ptr<ExplorerView> view(createView(explorer.name));
            for (const Story &story : stories)
                for (const StoryStep &step : story.steps) {
                    const auto bad = checkViewSettings(view.get(), step.view);
                    QVERIFY2(!bad, (explorer.name + ": " + bad.value_or("")).c_str());
                }
        }
        for (const std::string &name : explorersWithStories())
            QVERIFY2(findExplorer(name), name.c_str()); // no story of an explorer that is gone
    }

    void aLessonStepsThroughAStoryWithCaptions() {
        app::MainWindow window;
        window.show();
        QVERIFY(window.showExplorer("angles"));
        const std::vector<Story> stories = storiesOf(registeredExplorer("angles"));
        QVERIFY(stories.front().steps.size() >= 3);
        window.startLesson(stories.front());
        ExplorerView *view = window.currentView();
        QVERIFY(window.inLesson());
        QVERIFY(view->inPresentation());
        QVERIFY(view->params() == stories.front().steps[0].params);
        auto *caption = view->findChild<QLabel *>(QStringLiteral("presentationCaption"));
        QVERIFY(caption->text().contains(QStringLiteral("step 1 of")));
        QVERIFY(caption->text().contains(stories.front().steps[0].caption.toHtmlEscaped()));

        QAction *next = nullptr, *leave = nullptr;
        for (QAction *action : window.actions()) {
            if (action->shortcuts().contains(QKeySequence(Qt::Key_PageDown)))
                next = action;
            if (action->shortcut() == QKeySequence(Qt::Key_Escape))
                leave = action;
        }
        QVERIFY(next && leave && next->isEnabled());
        next->trigger(); // as a clicker's PageDown
        QCOMPARE(window.lessonStep(), 1);
        QVERIFY(view->params() == stories.front().steps[1].params);
        QVERIFY(caption->text().contains(QStringLiteral("step 2 of")));
        window.showLessonStep(1000); // past the end: the last step
        QCOMPARE(window.lessonStep(), int(stories.front().steps.size()) - 1);
        leave->trigger();
        QVERIFY(!window.inLesson());
        QVERIFY(!view->inPresentation());
        QVERIFY(!next->isEnabled());
    }
};

QTEST_MAIN(TestStories)
#include "test_stories.moc"
