// SPDX-License-Identifier: MIT
#pragma once
// The window: the explorer list beside the active explorer, menus, and a status line. It knows
// explorers only through the registries, never one in particular.

#include <map>
#include <optional>
#include <string>

#include <QMainWindow>

#include "common/stories.h"
#include "io/session.h"

class QAction;
class QLabel;
class QMenu;
class QUndoGroup;
class QListWidget;
class QStackedWidget;

namespace dimscope::views {
class ExplorerView;
class ParamHistory;
struct ScreenTheme;
} // namespace dimscope::views

namespace dimscope::app {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    /// Shows the named explorer (creating its view on first use); false if unknown.
    bool showExplorer(const std::string &name);
    views::ExplorerView *currentView() const;
    /// The size of a first start: as designed where the screen has room, else what fits it.
    QSize initialSize() const;
    /// File → Open parameters… once a file is chosen: reads it (core/io/param_file.h) and shows
    /// its explorer with its values. A bad file (a folder, FIFO or device, not JSON, another
    /// explorer's, invalid values) changes nothing, not even the explorer shown, and its problem
    /// is returned.
    std::optional<QString> openParametersFile(const QString &path);
    /// File → Open on a session (core/io/session.h): every explorer it holds gets its parameters
    /// (one undoable step each) and view settings, and its current explorer is shown. A bad
    /// session changes nothing; its problem is returned.
    std::optional<QString> openSessionFile(const QString &path);
    /// The state of every explorer opened so far, and which one is shown.
    Session currentSession() const;
    std::optional<QString> saveSession(const QString &path) const;
    /// Starts a lesson: presentation of the shown explorer, at the story's first step.
    void startLesson(const views::Story &story);
    /// Shows step `index` (clamped) of the lesson under way: its parameters (one undoable step),
    /// view settings and caption.
    void showLessonStep(int index);
    int lessonStep() const { return m_lessonStep; }
    bool inLesson() const { return m_lesson.has_value(); }
    /// Where the session is kept between runs: saved on close, opened on start.
    static QString lastSessionPath();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    /// View → Theme, zoom in/out/actual size; applies the saved theme.
    void buildThemeMenu(QMenu *view);
    void setTheme(const views::ScreenTheme &theme);
    /// View → Presentation (F5), and the keys that step through the plots while presenting.
    void buildPresentationActions(QMenu *view);
    void setPresentation(bool on);
    /// View → Lesson: the shown explorer's stories (common/stories.h), stepped through in the
    /// presentation view with each step's caption.
    void fillLessonMenu();
    void endLesson();
    /// False (after telling the user why) while the plots do not show the form's parameters.
    bool viewShowsItsParameters(views::ExplorerView *view);
    void exportFigure();
    void exportData();
    void saveParameters();
    /// File → Open: a session, a parameter file or a figure, told apart by content.
    void openAnything();
    void openFile(const QString &path);
    static bool isSessionFile(const QString &path);
    void saveSessionAs();
    void restoreLastSession();
    void addRecentFile(const QString &path);
    void fillRecentMenu();
    void showAbout();
    void updateStatus();

    QListWidget *m_list = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_status = nullptr;
    std::map<std::string, views::ExplorerView *> m_views;
    bool m_explanationVisible = true;
    bool m_listVisible = true;
    static constexpr int kRecentFiles = 8;
    QMenu *m_recentMenu = nullptr;
    QUndoGroup *m_undo = nullptr; ///< one stack per view; the shown view's is active
    std::map<views::ExplorerView *, views::ParamHistory *> m_histories;
    QAction *m_fullScreen = nullptr;
    QAction *m_presentation = nullptr;
    QAction *m_nextPlot = nullptr;
    QAction *m_previousPlot = nullptr;
    QList<QAction *> m_presentingActions; ///< enabled only while presenting
    QMenu *m_lessonMenu = nullptr;
    std::optional<views::Story> m_lesson;
    int m_lessonStep = 0;
};

} // namespace dimscope::app
