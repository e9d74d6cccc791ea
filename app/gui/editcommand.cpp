#include "editcommand.h"

#include <QDebug>

namespace nslab::gui {

EditCommand::EditCommand(model::Document *document, model::Edit edit, model::Edit inverse)
    : QUndoCommand(QString::fromStdString(edit.text.empty() ? std::string("Edit") : edit.text))
    , m_document(document)
    , m_edit(std::move(edit))
    , m_inverse(std::move(inverse))
{
}

void EditCommand::undo()
{
    QString error;
    if (auto redo = m_document->apply(m_inverse, &error))
        m_edit = std::move(*redo);
    else
        qWarning() << "undo failed:" << error; // the stack and the document disagree: a bug
    m_applied = false;
}

void EditCommand::redo()
{
    if (m_applied)
        return; // pushed right after being applied
    QString error;
    if (auto inverse = m_document->apply(m_edit, &error))
        m_inverse = std::move(*inverse);
    else
        qWarning() << "redo failed:" << error;
    m_applied = true;
}

bool EditCommand::push(QUndoStack *stack, model::Document *document, const model::Edit &edit, QString *error)
{
    auto inverse = document->apply(edit, error);
    if (!inverse)
        return false;
    stack->push(new EditCommand(document, edit, std::move(*inverse)));
    return true;
}

} // namespace nslab::gui
