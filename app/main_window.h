// SPDX-License-Identifier: MIT
#pragma once
// The window: the explorer list beside the active explorer, menus, and a status line. It knows
// explorers only through the registries, never one in particular.

#include <map>
#include <optional>
#include <string>

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace dimscope::views {
class ExplorerView;
}

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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    /// False (after telling the user why) while the plots do not show the form's parameters.
    bool viewShowsItsParameters(views::ExplorerView *view);
    void exportFigure();
    void exportData();
    void saveParameters();
    void openParameters();
    void showAbout();
    void updateStatus();

    QListWidget *m_list = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_status = nullptr;
    std::map<std::string, views::ExplorerView *> m_views;
    bool m_explanationVisible = true;
};

} // namespace dimscope::app
