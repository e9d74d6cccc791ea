#pragma once
// The palette: Host, Namespace, LAN, Router. Drag an entry onto the canvas to place it there,
// or click it (its action) to place one in the middle of the view.
#include "topology/topology.h"

#include <QToolButton>
#include <QWidget>

class QAction;

namespace nslab::gui {

class PaletteButton : public QToolButton
{
    Q_OBJECT
public:
    PaletteButton(model::NodeKind kind, QAction *action, const QString &help, QWidget *parent = nullptr);
    model::NodeKind kind() const { return m_kind; }

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    model::NodeKind m_kind;
    QPoint m_pressPos;
};

class PaletteWidget : public QWidget
{
    Q_OBJECT
public:
    // `actions` holds one "place" action per kind, in palette order (Host, Netns, Lan, Router).
    PaletteWidget(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace nslab::gui
