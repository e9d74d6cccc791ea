#include "routelinesmodel.h"

#include "theme.h"

#include <QBrush>
#include <QFont>

namespace nslab::gui::insight {

RouteLinesModel::RouteLinesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RouteLinesModel::setTable(const QString &text)
{
    if (text == m_text)
        return;
    beginResetModel();
    m_text = text;
    m_lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    endResetModel();
}

void RouteLinesModel::setHighlighted(const QString &routeLine)
{
    if (routeLine == m_highlight)
        return;
    const int before = highlightedRow();
    m_highlight = routeLine.trimmed();
    const int after = highlightedRow();
    for (const int row : {before, after})
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int RouteLinesModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_lines.size()); }
int RouteLinesModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RouteLinesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const QString &line = m_lines[index.row()];
    const bool kernel = isKernelRoute(line);
    const bool highlighted = !m_highlight.isEmpty() && line.trimmed() == m_highlight.trimmed();
    const Theme &theme = Theme::current();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Route)
            return line;
        return kernel ? tr("kernel") : QString();
    case Qt::ToolTipRole:
        if (kernel)
            return tr("Added by the kernel itself when the address was configured (proto kernel): "
                      "it goes away with the address or the link.");
        return highlighted ? tr("The route the selected trace used in this namespace.") : QString();
    case Qt::FontRole:
        return lineFont(highlighted);
    case Qt::TextAlignmentRole:
        // The exact `ip route` text: always left-aligned, never centred.
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (index.column() == Origin || (kernel && !highlighted))
            return QBrush(theme.textMuted);
        return {};
    case Qt::BackgroundRole:
        if (highlighted) {
            QColor c = theme.selection;
            c.setAlpha(theme.dark ? 90 : 120);
            return QBrush(c);
        }
        return {};
    case KernelRole:
        return kernel;
    case HighlightRole:
        return highlighted;
    default:
        return {};
    }
}

QFont RouteLinesModel::lineFont(bool highlighted)
{
    QFont f = Theme::current().monoFont;
    f.setPointSizeF(f.pointSizeF() + 1.5);
    f.setBold(highlighted);
    return f;
}

QVariant RouteLinesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Origin ? tr("by") : tr("route");
}

} // namespace nslab::gui::insight
