#include "palettewidget.h"

#include "topologyview.h"

#include <QAction>
#include <QApplication>
#include <QDrag>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace nslab::gui {

PaletteButton::PaletteButton(model::NodeKind kind, QAction *action, const QString &help, QWidget *parent)
    : QToolButton(parent)
    , m_kind(kind)
{
    setDefaultAction(action);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIconSize(QSize(28, 28));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumHeight(44);
    setAutoRaise(true);
    setToolTip(help);
    setObjectName(QStringLiteral("palette_") + QString::fromLatin1(model::nodeKindName(kind).data()));
}

void PaletteButton::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    QToolButton::mousePressEvent(event);
}

void PaletteButton::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton)
        || (event->position().toPoint() - m_pressPos).manhattanLength() < QApplication::startDragDistance()) {
        QToolButton::mouseMoveEvent(event);
        return;
    }
    setDown(false);
    auto *mime = new QMimeData;
    mime->setData(TopologyView::kKindMime, QByteArray(model::nodeKindName(m_kind).data()));
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    drag->setPixmap(icon().pixmap(32, 32));
    drag->setHotSpot(QPoint(16, 16));
    drag->exec(Qt::CopyAction);
}

PaletteWidget::PaletteWidget(const QList<QAction *> &actions, QWidget *parent)
    : QWidget(parent)
{
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(6, 6, 6, 6);
    v->setSpacing(2);
    const model::NodeKind kinds[] = {model::NodeKind::Host, model::NodeKind::Netns, model::NodeKind::Lan,
                                     model::NodeKind::Router};
    const QString help[] = {
        tr("A machine: a container for namespaces. Drop namespaces onto it."),
        tr("A network namespace: its own interfaces, addresses, routes and sysctls."),
        tr("A LAN segment: a Linux bridge that host NICs attach to."),
        tr("A namespace that forwards packets (ip_forward=1)."),
    };
    for (int i = 0; i < actions.size() && i < 4; ++i)
        v->addWidget(new PaletteButton(kinds[i], actions[i], help[i], this));
    auto *hint = new QLabel(tr("Drag onto the canvas, or click to add.\nDrag from a node's port to another node to "
                               "connect them."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    QFont f = hint->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    hint->setFont(f);
    v->addSpacing(8);
    v->addWidget(hint);
    v->addStretch();
}

} // namespace nslab::gui
