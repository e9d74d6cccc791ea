#include "matrixmodel.h"

#include "theme.h"

#include <QBrush>
#include <QFont>

#include <map>

namespace nslab::gui::insight {

MatrixModel::MatrixModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MatrixModel::setAnalysis(std::shared_ptr<const LabAnalysis> analysis, std::shared_ptr<const LabAnalysis> previous)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_reasons.clear();
    m_changes.clear();
    m_gained = m_lost = 0;
    if (m_analysis && previous) {
        const sim::Matrix &now = m_analysis->matrix;
        const sim::Matrix &before = previous->matrix;
        std::map<std::string, std::size_t> rows;
        for (std::size_t i = 0; i < before.nodes.size(); ++i)
            rows.emplace(before.nodes[i], i);
        std::map<std::uint32_t, std::size_t> cols;
        for (std::size_t j = 0; j < before.addresses.size(); ++j)
            cols.emplace(before.addresses[j].v, j);
        m_changes.assign(now.exitCodes.size(), Change::None);
        // A pair that did not exist before (new namespace or address) is not a "change".
        for (std::size_t i = 0; i < now.nodes.size(); ++i) {
            const auto r = rows.find(now.nodes[i]);
            if (r == rows.end())
                continue;
            for (std::size_t j = 0; j < now.addresses.size(); ++j) {
                const auto c = cols.find(now.addresses[j].v);
                if (c == cols.end())
                    continue;
                const bool was = before.exitCode(r->second, c->second) == 0;
                const bool is = now.exitCode(i, j) == 0;
                if (was != is) {
                    m_changes[i * now.addresses.size() + j] = is ? Change::Gained : Change::Lost;
                    ++(is ? m_gained : m_lost);
                }
            }
        }
    }
    endResetModel();
}

void MatrixModel::clearChanges()
{
    if (m_changes.empty())
        return;
    m_changes.clear();
    m_gained = m_lost = 0;
    if (rowCount() && columnCount())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int MatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_analysis ? 0 : int(m_analysis->matrix.nodes.size());
}

int MatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_analysis ? 0 : int(m_analysis->matrix.addresses.size());
}

MatrixModel::Outcome MatrixModel::outcome(int row, int column) const
{
    const int code = m_analysis->matrix.exitCode(std::size_t(row), std::size_t(column));
    return code == 0 ? Outcome::Reply : code == 2 ? Outcome::LocalError : Outcome::NoReply;
}

MatrixModel::Change MatrixModel::change(int row, int column) const
{
    if (m_changes.empty())
        return Change::None;
    return m_changes[std::size_t(row) * m_analysis->matrix.addresses.size() + std::size_t(column)];
}

std::string MatrixModel::nodeAt(int row) const { return m_analysis->matrix.nodes[std::size_t(row)]; }
net::Ipv4 MatrixModel::addressAt(int column) const { return m_analysis->matrix.addresses[std::size_t(column)]; }

int MatrixModel::rowOf(const std::string &node) const
{
    if (!m_analysis)
        return -1;
    const auto &n = m_analysis->matrix.nodes;
    const auto it = std::find(n.begin(), n.end(), node);
    return it == n.end() ? -1 : int(it - n.begin());
}

int MatrixModel::columnOf(net::Ipv4 address) const
{
    if (!m_analysis)
        return -1;
    const auto &a = m_analysis->matrix.addresses;
    const auto it = std::find(a.begin(), a.end(), address);
    return it == a.end() ? -1 : int(it - a.begin());
}

QString MatrixModel::outcomeText(Outcome o)
{
    switch (o) {
    case Outcome::Reply: return tr("reply");
    case Outcome::NoReply: return tr("no reply");
    case Outcome::LocalError: return tr("local error");
    }
    return {};
}

QColor MatrixModel::outcomeColor(Outcome o)
{
    const bool dark = Theme::current().dark;
    switch (o) {
    case Outcome::Reply: return dark ? QColor(0x2e, 0x9e, 0x5b) : QColor(0x3c, 0xb3, 0x71);
    case Outcome::NoReply: return dark ? QColor(0xc8, 0x3e, 0x3e) : QColor(0xe0, 0x52, 0x52);
    case Outcome::LocalError: return dark ? QColor(0xb8, 0x86, 0x1b) : QColor(0xf0, 0xa8, 0x30);
    }
    return {};
}

QString MatrixModel::reason(int row, int column) const
{
    const quint64 key = (quint64(row) << 32) | quint64(column);
    if (const auto it = m_reasons.constFind(key); it != m_reasons.constEnd())
        return *it;
    const std::string node = nodeAt(row);
    const net::Ipv4 addr = addressAt(column);
    const sim::PingResult r = m_analysis->trace(node, addr);
    QString text = QString::fromStdString(node) + QStringLiteral(" → ") + QString::fromStdString(addr.toString())
                   + QStringLiteral(": ") + outcomeText(outcome(row, column)) + QStringLiteral(" (")
                   + QString::fromStdString(std::string(sim::dispositionName(r.disposition))) + QStringLiteral(")");
    if (!r.explanation.empty())
        text += QStringLiteral(" — ") + QString::fromStdString(r.explanation);
    m_reasons.insert(key, text);
    return text;
}

QVariant MatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_analysis)
        return {};
    const int row = index.row(), col = index.column();
    const Outcome o = outcome(row, col);
    const Change c = change(row, col);
    switch (role) {
    case Qt::DisplayRole: {
        // The glyph says it without colour too (projectors, colour blindness).
        QString g = o == Outcome::Reply ? QStringLiteral("✓") : o == Outcome::NoReply ? QStringLiteral("✗") : QStringLiteral("!");
        if (c == Change::Gained)
            g += QStringLiteral("▲");
        else if (c == Change::Lost)
            g += QStringLiteral("▼");
        return g;
    }
    case Qt::BackgroundRole: {
        QColor color = outcomeColor(o);
        // Own addresses are less interesting: dim them so the cross traffic stands out.
        if (m_analysis->owners.count(addressAt(col).v) && m_analysis->owners.at(addressAt(col).v) == nodeAt(row))
            color = color.lighter(Theme::current().dark ? 70 : 135);
        return QBrush(color);
    }
    case Qt::ForegroundRole:
        return QBrush(Qt::white);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::FontRole: {
        QFont f = Theme::current().nameFont;
        f.setPointSizeF(f.pointSizeF() + 1);
        f.setBold(true);
        return f;
    }
    case Qt::ToolTipRole: {
        QString text = reason(row, col);
        if (c == Change::Gained)
            text += tr("\nGained by the last edit (it failed before).");
        else if (c == Change::Lost)
            text += tr("\nLost by the last edit (it worked before).");
        return QString(text + tr("\nClick to trace this ping on the canvas."));
    }
    case OutcomeRole:
        return int(o);
    case ChangeRole:
        return int(c);
    case NodeRole:
        return QString::fromStdString(nodeAt(row));
    case AddressRole:
        return QString::fromStdString(addressAt(col).toString());
    case ReasonRole:
        return reason(row, col);
    default:
        return {};
    }
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_analysis)
        return {};
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return QString::fromStdString(nodeAt(section));
        if (role == Qt::ToolTipRole)
            return tr("Pings from namespace %1").arg(QString::fromStdString(nodeAt(section)));
        return {};
    }
    const net::Ipv4 a = addressAt(section);
    const auto owner = m_analysis->owners.find(a.v);
    const QString ownerName = owner == m_analysis->owners.end() ? QString() : QString::fromStdString(owner->second);
    if (role == Qt::DisplayRole)
        return QString(QString::fromStdString(a.toString()) + QLatin1Char('\n') + ownerName);
    if (role == Qt::ToolTipRole)
        return tr("%1 (on %2)").arg(QString::fromStdString(a.toString()), ownerName);
    return {};
}

} // namespace nslab::gui::insight
