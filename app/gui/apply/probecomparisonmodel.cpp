#include "probecomparisonmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <map>

namespace nslab::gui::apply {

ProbeComparisonModel::ProbeComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProbeComparisonModel::setResults(const sim::Matrix &predicted, const std::vector<nl::ProbeCell> &observed)
{
    std::map<std::pair<std::string, std::uint32_t>, int> expect;
    for (std::size_t n = 0; n < predicted.nodes.size(); ++n)
        for (std::size_t i = 0; i < predicted.addresses.size(); ++i)
            expect.emplace(std::pair{predicted.nodes[n], predicted.addresses[i].v}, predicted.exitCode(n, i));

    std::vector<Row> agree, differ;
    for (const auto &c : observed) {
        Row r{QString::fromStdString(c.node), QString::fromStdString(c.addr.toString()), -1, c.exitCode,
              QString::fromStdString(c.detail)};
        if (auto it = expect.find({c.node, c.addr.v}); it != expect.end()) {
            r.predicted = it->second;
            expect.erase(it);
        }
        (r.agrees() ? agree : differ).push_back(std::move(r));
    }
    // What was predicted but never measured is a disagreement too (the probe did not cover it).
    for (const auto &[key, code] : expect)
        differ.push_back({QString::fromStdString(key.first), QString::fromStdString(net::Ipv4{key.second}.toString()),
                          code, -1, tr("not probed")});

    beginResetModel();
    m_agreeing = int(agree.size());
    m_rows = std::move(differ);
    m_rows.insert(m_rows.end(), std::make_move_iterator(agree.begin()), std::make_move_iterator(agree.end()));
    endResetModel();
}

void ProbeComparisonModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_agreeing = 0;
    endResetModel();
}

QString ProbeComparisonModel::summary() const
{
    if (m_rows.size() == 1)
        return m_agreeing ? tr("1 of 1 pair agrees") : tr("0 of 1 pair agrees");
    return tr("%1 of %2 pairs agree").arg(m_agreeing).arg(m_rows.size());
}

QString ProbeComparisonModel::exitText(int code)
{
    switch (code) {
    case 0: return tr("0 reply");
    case 1: return tr("1 no reply");
    case 2: return tr("2 local error");
    case -1: return tr("—");
    default: return QString::number(code);
    }
}

int ProbeComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProbeComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProbeComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NodeColumn: return r.node;
        case AddressColumn: return r.address;
        case PredictedColumn: return exitText(r.predicted);
        case ObservedColumn: return exitText(r.observed);
        case DetailColumn: return r.agrees() ? r.detail : tr("%1 (disagrees)").arg(r.detail);
        }
        break;
    case ExitCodeRole:
        if (index.column() == PredictedColumn)
            return r.predicted;
        if (index.column() == ObservedColumn)
            return r.observed;
        break;
    case AgreesRole:
        return r.agrees();
    case Qt::ForegroundRole:
        if (!r.agrees())
            return QBrush(QColor(0xc6, 0x28, 0x28));
        break;
    case Qt::BackgroundRole:
        if (!r.agrees())
            return QBrush(QColor(0xff, 0xeb, 0xee));
        break;
    case Qt::FontRole:
        if (!r.agrees()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::ToolTipRole:
        if (!r.agrees())
            return tr("The simulator predicted %1, the kernel answered %2 (%3)")
                .arg(exitText(r.predicted), exitText(r.observed), r.detail);
        break;
    }
    return {};
}

QVariant ProbeComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NodeColumn: return tr("From");
    case AddressColumn: return tr("To");
    case PredictedColumn: return tr("Predicted");
    case ObservedColumn: return tr("Observed");
    case DetailColumn: return tr("Kernel said");
    }
    return {};
}

} // namespace nslab::gui::apply
