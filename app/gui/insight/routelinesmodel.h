#pragma once
// One namespace's route table exactly as `ip route show [table local]` prints it, one line per
// row. Routes the kernel made itself (proto kernel) are marked; the route a trace used is
// highlighted.
#include <QAbstractTableModel>
#include <QFont>
#include <QStringList>

namespace nslab::gui::insight {

class RouteLinesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Origin, Route, ColumnCount };
    enum Role { KernelRole = Qt::UserRole + 1, HighlightRole };

    explicit RouteLinesModel(QObject *parent = nullptr);

    // `text` is the command's whole output ("" for an empty table).
    void setTable(const QString &text);
    void setHighlighted(const QString &routeLine); // "" clears
    const QStringList &lines() const { return m_lines; }
    int highlightedRow() const
    {
        for (int i = 0; !m_highlight.isEmpty() && i < m_lines.size(); ++i)
            if (m_lines[i].trimmed() == m_highlight)
                return i;
        return -1;
    }
    QString text() const { return m_text; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The font of a line (monospace, a little larger for projectors; bold when highlighted).
    static QFont lineFont(bool highlighted);
    static bool isKernelRoute(const QString &line) { return line.contains(QLatin1String(" proto kernel ")) || line.endsWith(QLatin1String(" proto kernel")); }

private:
    QString m_text;
    QStringList m_lines;
    QString m_highlight;
};

} // namespace nslab::gui::insight
