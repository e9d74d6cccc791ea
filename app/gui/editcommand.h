#pragma once
// The one QUndoCommand adapter: an edit and its inverse. The model keeps the edits (QtCore);
// Qt 6 keeps QUndoCommand in QtGui, so the app wraps them here.
#include "topology/document.h"

#include <QUndoCommand>

namespace nslab::gui {

class EditCommand : public QUndoCommand
{
public:
    // `edit` has already been applied (so that a refused edit never reaches the stack) and
    // returned `inverse`; the first redo() that QUndoStack::push() makes is skipped.
    EditCommand(model::Document *document, model::Edit edit, model::Edit inverse);

    void undo() override;
    void redo() override;

    // Applies `edit` and pushes it as one undo step; false (stack untouched) when refused.
    static bool push(QUndoStack *stack, model::Document *document, const model::Edit &edit, QString *error = nullptr);

private:
    model::Document *m_document;
    model::Edit m_edit;
    model::Edit m_inverse;
    bool m_applied = true;
};

} // namespace nslab::gui
