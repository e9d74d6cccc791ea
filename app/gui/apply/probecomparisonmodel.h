#pragma once
// "Predicted vs observed": every pair the probe pinged, the simulator's exit code next to the
// kernel's, disagreements first and in red. Exit codes as `ping -c1 -W1`: 0 reply, 1 no reply,
// 2 local error.
#include "probe.h"
#include "sim/sim.h"

#include <QAbstractTableModel>

#include <vector>

namespace nslab::gui::apply {

class ProbeComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NodeColumn, AddressColumn, PredictedColumn, ObservedColumn, DetailColumn, ColumnCount };
    enum Role { AgreesRole = Qt::UserRole + 1, ExitCodeRole };

    struct Row {
        QString node;
        QString address;
        int predicted = -1; // -1: the simulator has no such pair
        int observed = -1;
        QString detail;     // what the kernel said ("reply", "timeout", "connect: ...")
        bool agrees() const { return predicted == observed; }
    };

    explicit ProbeComparisonModel(QObject *parent = nullptr);

    // Joins the two by (node, address); the probe's order is kept within agreeing and
    // disagreeing rows. A predicted pair the probe did not report is listed as a disagreement.
    void setResults(const sim::Matrix &predicted, const std::vector<nl::ProbeCell> &observed);
    void clear();

    int agreeing() const { return m_agreeing; }
    int disagreeing() const { return int(m_rows.size()) - m_agreeing; }
    const std::vector<Row> &rows() const { return m_rows; }
    // "N of M pairs agree".
    QString summary() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString exitText(int code);

private:
    std::vector<Row> m_rows;
    int m_agreeing = 0;
};

} // namespace nslab::gui::apply
