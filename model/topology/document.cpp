#include "topology/document.h"

namespace nslab::model {

Document::Document(QObject *parent)
    : QObject(parent)
{
}

void Document::setTopology(Topology topology)
{
    m_topology = std::move(topology);
    ++m_revision;
    Q_EMIT topologyReset();
}

std::optional<Edit> Document::apply(const Edit &e, QString *error)
{
    Changes changes;
    std::string why;
    auto inverse = applyEdit(m_topology, e, &changes, &why);
    if (!inverse) {
        if (error)
            *error = QString::fromStdString(why);
        return std::nullopt;
    }
    ++m_revision;
    // A compound that failed half-way rolled back, so `changes` may mention nodes that are
    // already gone again; views look ids up and skip the missing ones.
    Q_EMIT changed(changes);
    return inverse;
}

} // namespace nslab::model
