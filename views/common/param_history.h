// SPDX-License-Identifier: MIT
#pragma once
// Undo and redo of one view's parameter changes. Every change made in the form is a step;
// changes of the same parameter that follow each other within kMergeMs are one step, so a
// slider drag (or a spin box arrow held down) is undone at once. Parameters set as a whole
// (Open parameters, a session) are one step too.

#include <QElapsedTimer>
#include <QObject>

#include "common/param_spec.h"

class QUndoStack;

namespace dimscope::views {

class ExplorerView;

class ParamHistory : public QObject {
    Q_OBJECT
public:
    /// Changes of one parameter closer together than this merge into one step.
    static constexpr int kMergeMs = 1000;

    explicit ParamHistory(ExplorerView *view);
    QUndoStack *stack() const { return m_stack; }
    /// Sets `values` in the view as one undoable step (Open parameters, sessions).
    void replaceAll(const ParamSet &values);

private:
    void formChanged(const ParamSet &values);

    ExplorerView *m_view;
    QUndoStack *m_stack;
    ParamSet m_current; ///< the values the view holds, as of the last step
    QElapsedTimer m_sinceLast;
};

} // namespace dimscope::views
