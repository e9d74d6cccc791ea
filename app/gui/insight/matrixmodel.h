#pragma once
// The reachability matrix as a table: one row per namespace, one column per address (with the
// namespace that owns it), each cell the outcome of `ping -c1 ADDR` there: reply, no reply, or
// a local error before anything was sent. After an edit it also shows which pairs gained or lost
// reachability compared with the state before ("what if").
#include "labanalysis.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>

namespace nslab::gui::insight {

class MatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Outcome : quint8 { Reply, NoReply, LocalError };
    enum class Change : quint8 { None, Gained, Lost };
    enum Role { OutcomeRole = Qt::UserRole + 1, ChangeRole, NodeRole, AddressRole, ReasonRole };

    explicit MatrixModel(QObject *parent = nullptr);

    // `previous` (may be null) is the state before the edit that produced `analysis`.
    void setAnalysis(std::shared_ptr<const LabAnalysis> analysis, std::shared_ptr<const LabAnalysis> previous);
    std::shared_ptr<const LabAnalysis> analysis() const { return m_analysis; }
    void clearChanges();
    int gainedCount() const { return m_gained; }
    int lostCount() const { return m_lost; }

    Outcome outcome(int row, int column) const;
    Change change(int row, int column) const;
    std::string nodeAt(int row) const;
    net::Ipv4 addressAt(int column) const;
    // "no reply — arp-unanswered: netns01 asks who has …" (computed with a trace, cached).
    QString reason(int row, int column) const;
    int rowOf(const std::string &node) const;
    int columnOf(net::Ipv4 address) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString outcomeText(Outcome o);
    static QColor outcomeColor(Outcome o);

private:
    std::shared_ptr<const LabAnalysis> m_analysis;
    std::vector<Change> m_changes;
    int m_gained = 0, m_lost = 0;
    mutable QHash<quint64, QString> m_reasons;
};

} // namespace nslab::gui::insight
