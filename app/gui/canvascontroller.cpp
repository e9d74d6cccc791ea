#include "canvascontroller.h"

#include "autolayout.h"
#include "editcommand.h"
#include "io/labfile.h"
#include "nodeitem.h"
#include "plan/import.h"
#include "portitem.h"
#include "linkitem.h"
#include "topologyscene.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QUndoStack>

namespace nslab::gui {

using model::Edit;
using model::NodeId;
using model::NodeKind;

namespace {
const QString kLabMime = QStringLiteral("application/x-nslab-lab+json");
}

CanvasController::CanvasController(model::Document *document, QUndoStack *stack, TopologyScene *scene, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_stack(stack)
    , m_scene(scene)
{
}

bool CanvasController::push(const Edit &edit)
{
    QString why;
    if (EditCommand::push(m_stack, m_document, edit, &why))
        return true;
    Q_EMIT error(why);
    return false;
}

QPointF CanvasController::freeSpotNear(QPointF p, NodeKind kind) const
{
    const QSizeF size = kind == NodeKind::Lan ? QSizeF(480, 40) : kind == NodeKind::Host ? QSizeF(280, 170) : QSizeF(200, 90);
    for (int i = 0; i < 60; ++i) {
        const QPointF at = p + QPointF((i % 6) * 40.0, (i / 6) * 40.0);
        const QRectF r(at - QPointF(size.width() / 2, size.height() / 2), size);
        bool clash = false;
        for (NodeItem *n : m_scene->nodeItems())
            if (n->kind() != NodeKind::Host && n->sceneRectOfNode().intersects(r))
                clash = true;
            else if (n->kind() == NodeKind::Host && kind != NodeKind::Netns && n->sceneRectOfNode().intersects(r))
                clash = true;
        if (!clash)
            return at;
    }
    return p;
}

NodeId CanvasController::placeNode(NodeKind kind, QPointF scenePos)
{
    if (m_scene->snapToGrid()) {
        const qreal g = TopologyScene::kGrid;
        scenePos = QPointF(std::round(scenePos.x() / g) * g, std::round(scenePos.y() / g) * g);
    }
    const NodeId host = kind == NodeKind::Netns ? m_scene->hostAt(scenePos) : NodeId{};
    const Edit e = model::placeNodeEdit(m_document->topology(), kind, scenePos.x(), scenePos.y(), host);
    const NodeId id = std::get<model::edit::AddNode>(e.kind).node.id;
    if (!push(e))
        return {};
    m_scene->selectNodes({id});
    return id;
}

bool CanvasController::connectNodes(NodeId a, NodeId b)
{
    std::string why;
    auto e = model::connectEdit(m_document->topology(), a, b, m_connectOptions, &why);
    if (!e) {
        Q_EMIT error(QString::fromStdString(why));
        return false;
    }
    const auto &c = std::get<model::edit::Compound>(e->kind);
    const auto &ia = std::get<model::edit::AddInterface>(c.edits[0].kind).iface.name;
    const auto &ib = std::get<model::edit::AddInterface>(c.edits[1].kind).iface.name;
    if (!push(*e))
        return false;
    Q_EMIT message(tr("Connected with a veth pair: %1 ⇄ %2").arg(QString::fromStdString(ia), QString::fromStdString(ib)));
    return true;
}

void CanvasController::beginMove()
{
    m_pressPositions.clear();
    m_pressHostRects.clear();
    for (NodeItem *n : m_scene->nodeItems()) {
        m_pressPositions.insert(n->nodeId().v, n->pos());
        if (n->kind() == NodeKind::Host)
            m_pressHostRects.insert(n->nodeId().v, n->sceneRectOfNode());
    }
}

bool CanvasController::finishMove()
{
    const auto &t = m_document->topology();
    model::edit::MoveNodes move;
    model::edit::Compound hosts;
    int dragged = 0;
    for (NodeItem *n : m_scene->nodeItems()) {
        const model::Node *node = t.node(n->nodeId());
        if (!node)
            continue;
        const QPointF p = n->pos();
        if (p == QPointF(node->x, node->y))
            continue;
        move.positions.push_back({node->id, p.x(), p.y()});
        ++dragged;
        // A namespace dropped by itself onto a host (as the hosts were when the drag began)
        // moves in; dropped in the open, it leaves its host.
        if (node->kind == NodeKind::Netns && n->isSelected()) {
            NodeId newHost;
            for (auto it = m_pressHostRects.cbegin(); it != m_pressHostRects.cend(); ++it) {
                NodeItem *h = m_scene->nodeItem(NodeId{it.key()});
                if (h && !h->isSelected() && it.value().contains(p))
                    newHost = NodeId{it.key()};
            }
            if (newHost != node->host)
                hosts.edits.emplace_back(model::edit::SetNodeHost{node->id, newHost});
        }
    }
    m_pressPositions.clear();
    m_pressHostRects.clear();
    if (move.positions.empty())
        return false;
    std::sort(move.positions.begin(), move.positions.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    std::string text = move.positions.size() == 1 ? "Move " + t.node(move.positions[0].id)->name
                                                  : "Move " + std::to_string(dragged) + " nodes";
    model::edit::Compound all;
    all.edits.emplace_back(std::move(move));
    for (auto &h : hosts.edits)
        all.edits.push_back(std::move(h));
    const bool ok = push(Edit(std::move(all), std::move(text)));
    if (!ok)
        m_scene->relayout();
    return ok;
}

void CanvasController::deleteSelection()
{
    std::vector<NodeId> nodes;
    std::vector<model::LinkId> links;
    for (NodeId id : m_scene->selectedNodes())
        nodes.push_back(id);
    for (auto id : m_scene->selectedLinks())
        links.push_back(id);
    // A selected port: its veth pair goes (both ends), or the interface itself if it has no peer.
    model::edit::Compound loose;
    const auto &t = m_document->topology();
    for (QGraphicsItem *item : m_scene->selectedItems()) {
        if (item->type() != PortItem::Type)
            continue;
        auto *port = static_cast<PortItem *>(item);
        bool linked = false;
        for (const auto &l : t.links)
            if ((l.a.node == port->nodeId() && l.a.iface == port->iface())
                || (l.b.node == port->nodeId() && l.b.iface == port->iface())) {
                links.push_back(l.id);
                linked = true;
            }
        if (!linked && std::find(nodes.begin(), nodes.end(), port->nodeId()) == nodes.end())
            loose.edits.emplace_back(model::edit::RemoveInterface{port->nodeId(), port->iface()});
    }
    if (nodes.empty() && links.empty() && loose.edits.empty())
        return;
    Edit e = model::removeEdit(t, nodes, links);
    auto &c = std::get<model::edit::Compound>(e.kind);
    for (auto &x : loose.edits)
        c.edits.push_back(std::move(x));
    if (nodes.empty() && links.empty())
        e.text = "Delete interface";
    push(e);
}

void CanvasController::copySelection()
{
    std::vector<NodeId> nodes;
    for (NodeId id : m_scene->selectedNodes())
        nodes.push_back(id);
    if (nodes.empty())
        return;
    const model::Topology part = model::extractNodes(m_document->topology(), nodes);
    auto *mime = new QMimeData;
    const QByteArray json = model::io::serializeLab(part);
    mime->setData(kLabMime, json);
    mime->setText(QString::fromUtf8(json));
    QApplication::clipboard()->setMimeData(mime);
    m_pasteCount = 0;
    Q_EMIT message(tr("Copied %n node(s)", nullptr, int(part.nodes.size())));
}

void CanvasController::paste(QPointF at, bool atPoint)
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime)
        return;
    model::Topology clip;
    QString what;
    if (mime->hasFormat(kLabMime) || mime->text().trimmed().startsWith(QLatin1Char('{'))) {
        const QByteArray json = mime->hasFormat(kLabMime) ? mime->data(kLabMime) : mime->text().toUtf8();
        auto result = model::io::parseLabJson(json);
        if (!result.ok()) {
            Q_EMIT error(tr("The clipboard holds a lab that cannot be read: %1")
                             .arg(result.errors.empty() ? QString() : QString::fromStdString(result.errors.front().toString())));
            return;
        }
        clip = std::move(*result.topology);
    } else if (mime->hasText() && !mime->text().trimmed().isEmpty()) {
        // A console transcript or an ip script: import it through the emulator.
        const std::string text = mime->text().toStdString();
        auto imported = model::plan::importScript(text);
        int skipped = 0, failed = 0;
        for (const auto &c : imported.commands) {
            skipped += c.unsupported;
            failed += !c.unsupported && !c.result.ok();
        }
        if (imported.topology.nodes.empty()) {
            Q_EMIT error(tr("The clipboard text holds no ip commands nslab understands."));
            return;
        }
        clip = std::move(imported.topology);
        if (needsLayout(clip))
            gui::autoLayout(clip);
        what = tr(" (from a script: %1 commands, %2 skipped, %3 refused by the kernel)")
                   .arg(imported.commands.size())
                   .arg(skipped)
                   .arg(failed);
    } else {
        return;
    }
    // Offset: under the mouse when asked, else a growing step so repeated pastes fan out.
    QRectF bounds;
    for (const auto &n : clip.nodes)
        bounds |= QRectF(n.x, n.y, 1, 1);
    QPointF delta;
    if (atPoint)
        delta = at - bounds.center();
    else
        delta = QPointF(40, 40) * (++m_pasteCount);
    std::vector<NodeId> added;
    const Edit e = model::pasteEdit(m_document->topology(), clip, delta.x(), delta.y(), &added);
    if (push(e)) {
        m_scene->selectNodes(QList<NodeId>(added.begin(), added.end()));
        Q_EMIT message(tr("Pasted %n node(s)", nullptr, int(added.size())) + what);
    }
}

void CanvasController::duplicateSelection()
{
    std::vector<NodeId> nodes;
    for (NodeId id : m_scene->selectedNodes())
        nodes.push_back(id);
    if (nodes.empty())
        return;
    const model::Topology part = model::extractNodes(m_document->topology(), nodes);
    std::vector<NodeId> added;
    Edit e = model::pasteEdit(m_document->topology(), part, 40, 40, &added);
    e.text = "Duplicate";
    if (push(e))
        m_scene->selectNodes(QList<NodeId>(added.begin(), added.end()));
}

bool CanvasController::renameNode(NodeId id, const QString &name)
{
    const auto *n = m_document->topology().node(id);
    if (!n || n->name == name.toStdString())
        return false;
    return push(Edit(model::edit::RenameNode{id, name.trimmed().toStdString()}, "Rename " + n->name));
}

bool CanvasController::renameInterface(NodeId id, const std::string &from, const QString &to)
{
    if (from == to.toStdString())
        return false;
    return push(Edit(model::edit::RenameInterface{id, from, to.trimmed().toStdString()}, "Rename " + from));
}

bool CanvasController::setHost(NodeId id, NodeId host)
{
    const auto *n = m_document->topology().node(id);
    if (!n || n->host == host)
        return false;
    return push(Edit(model::edit::SetNodeHost{id, host}, "Move " + n->name + " to another host"));
}

void CanvasController::autoLayout()
{
    if (!m_document->topology().nodes.empty())
        push(autoLayoutEdit(m_document->topology()));
}

} // namespace nslab::gui
