#pragma once
// The document: the one place where the drawing changes. Views read topology() and listen to
// changed()/topologyReset(); they never write. Undo lives in the app (QUndoCommand is QtGui),
// which pushes the inverse that apply() returns.
// moc 6.4 cannot parse the C++20 standard headers these pull in (<concepts>); it only needs
// the class declaration below.
#ifndef Q_MOC_RUN
#include "topology/edits.h"
#include "topology/topology.h"
#endif

#include <QObject>
#include <QString>

#include <optional>

namespace nslab::model {

class Document : public QObject
{
    Q_OBJECT
public:
    explicit Document(QObject *parent = nullptr);

    const Topology &topology() const { return m_topology; }
    // Replaces the whole drawing (New, Open, Revert); not an edit, so not undoable.
    void setTopology(Topology topology);

    // Applies `e`; returns its inverse, or nullopt with `error` set (nothing changed).
    std::optional<Edit> apply(const Edit &e, QString *error = nullptr);

    // Increases with every change (edits and resets): lets views and caches tell "same state".
    quint64 revision() const { return m_revision; }

Q_SIGNALS:
    void topologyReset();
    void changed(const nslab::model::Changes &changes);

private:
    Topology m_topology;
    quint64 m_revision = 0;
};

} // namespace nslab::model

Q_DECLARE_METATYPE(nslab::model::Changes)
