#include "propertiesdock.h"

#include "canvascontroller.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "portitem.h"
#include "routetablemodel.h"
#include "topologyscene.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace nslab::gui {

using model::Edit;
using model::NodeKind;
namespace edit = model::edit;

namespace {

QLabel *explanation(const QString &text)
{
    auto *l = new QLabel(text);
    l->setWordWrap(true);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    l->setFont(f);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

QLabel *heading(const QString &text = {})
{
    auto *l = new QLabel(text);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    l->setFont(f);
    return l;
}

QWidget *scrolled(QWidget *inner)
{
    auto *area = new QScrollArea;
    area->setWidget(inner);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // texts wrap instead
    return area;
}

std::optional<int> sysctlValue(const model::Node &n, const std::string &key)
{
    for (const auto &[k, v] : n.sysctls)
        if (k == key)
            return v;
    return std::nullopt;
}

struct FriendlySysctl {
    const char *key;
    const char *label;
    const char *help;
    int maxValue; // 1: a switch; 2: a choice of 0/1/2
};

// The namespace-wide knobs the lesson needs, each with one line on what it does.
const FriendlySysctl kNodeSysctls[] = {
    {"net.ipv4.ip_forward", "ip_forward", "Forward packets between interfaces: what makes a router, or a host route for its namespaces.", 1},
    {"net.ipv4.conf.all.rp_filter", "rp_filter (all)", "Reverse-path filter: 1 strict drops packets whose source is not routed back out the interface they came in on; 2 loose only needs some route back. The kernel uses the larger of all and the interface.", 2},
    {"net.ipv4.conf.all.proxy_arp", "proxy_arp (all)", "Answer ARP for addresses routed out of another interface (how Calico's 169.254.1.1 gateway works). On if all or the interface says so.", 1},
    {"net.ipv4.conf.all.arp_ignore", "arp_ignore (all)", "Which ARP requests to answer: 0 for any local address, 1 only for addresses on the interface asked, 2 also only from the same subnet.", 2},
    {"net.ipv4.conf.all.arp_announce", "arp_announce (all)", "Source address of our ARP requests: 0 any local address, 1 try one in the target's subnet, 2 always the best address for the target.", 2},
    {"net.ipv4.conf.all.accept_local", "accept_local (all)", "Accept packets that arrive with one of our own addresses as source.", 1},
};

struct FriendlyDevSysctl {
    const char *option;
    const char *label;
    const char *help;
};

const FriendlyDevSysctl kDevSysctls[] = {
    {"proxy_arp", "proxy_arp", "Answer ARP on this interface for addresses routed elsewhere (Calico: on the host side of a pod's veth)."},
    {"rp_filter", "rp_filter", "Reverse-path filter on this interface (0 off, 1 strict, 2 loose; the larger of this and all wins)."},
    {"arp_ignore", "arp_ignore", "Which ARP requests this interface answers (0 any local address, 1 only its own addresses)."},
    {"forwarding", "forwarding", "Forward packets that arrive on this interface."},
};

} // namespace

PropertiesDock::PropertiesDock(CanvasController *controller, QWidget *parent)
    : QDockWidget(tr("Properties"), parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("properties"));
    m_stack = new QStackedWidget;
    m_stack->addWidget(scrolled(buildLabPage()));
    m_stack->addWidget(scrolled(buildNodePage()));
    m_stack->addWidget(scrolled(buildInterfacePage()));
    m_stack->addWidget(scrolled(buildLinkPage()));
    setWidget(m_stack);
    setMinimumWidth(300);

    connect(controller->document(), &model::Document::changed, this, &PropertiesDock::refresh);
    connect(controller->document(), &model::Document::topologyReset, this, &PropertiesDock::showLab);
    connect(controller->scene(), &QGraphicsScene::selectionChanged, this, &PropertiesDock::syncFromSelection);
    connect(controller->scene(), &TopologyScene::layoutChanged, this, [this] {
        if (m_page == LabPage)
            refresh(); // problems arrive after a change
    });
    showLab();
}

// ---- pages ---------------------------------------------------------------------------------

QWidget *PropertiesDock::buildLabPage()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    v->addWidget(heading(tr("Lab")));
    auto *form = new QFormLayout;
    m_labTitle = new QLineEdit;
    m_labTitle->setPlaceholderText(tr("Untitled lab"));
    form->addRow(tr("Title"), m_labTitle);
    m_labDescription = new QPlainTextEdit;
    m_labDescription->setPlaceholderText(tr("What this lab shows"));
    m_labDescription->setMaximumHeight(100);
    form->addRow(tr("Description"), m_labDescription);
    v->addLayout(form);
    m_labSummary = explanation(QString());
    v->addWidget(m_labSummary);
    v->addWidget(new QLabel(tr("Problems the kernel would report")));
    m_problemList = new QListWidget;
    m_problemList->setWordWrap(true);
    v->addWidget(m_problemList, 1);
    v->addWidget(explanation(tr("Select a node, an interface (its dot) or a link to edit it. Drag from a port or use the "
                                "Connect tool (L) to wire two nodes with a veth pair.")));

    const auto commit = [this] {
        if (m_filling)
            return;
        const auto &t = m_controller->document()->topology();
        const std::string title = m_labTitle->text().toStdString();
        const std::string desc = m_labDescription->toPlainText().toStdString();
        if (title != t.title || desc != t.description)
            m_controller->push(Edit(edit::SetLabInfo{title, desc}, "Edit lab description"));
    };
    connect(m_labTitle, &QLineEdit::editingFinished, this, commit);
    // The description commits after a pause in typing: one undo step per burst, not per key.
    auto *typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(700);
    connect(typing, &QTimer::timeout, this, commit);
    connect(m_labDescription, &QPlainTextEdit::textChanged, this, [this, typing] {
        if (!m_filling)
            typing->start();
    });
    connect(m_problemList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const model::NodeId id{item->data(Qt::UserRole).toUInt()};
        if (id.valid())
            m_controller->scene()->selectNodes({id});
    });
    return w;
}

QWidget *PropertiesDock::buildNodePage()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    m_nodeHeading = heading();
    v->addWidget(m_nodeHeading);
    m_nodeProblems = new QLabel;
    m_nodeProblems->setWordWrap(true);
    m_nodeProblems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_nodeProblems->setStyleSheet(QStringLiteral("color: #d92d20;"));
    v->addWidget(m_nodeProblems);

    auto *form = new QFormLayout;
    m_nodeName = new QLineEdit;
    form->addRow(tr("Name"), m_nodeName);
    m_nodeKind = new QComboBox;
    m_nodeKind->addItem(tr("Host"), int(NodeKind::Host));
    m_nodeKind->addItem(tr("Namespace"), int(NodeKind::Netns));
    m_nodeKind->addItem(tr("LAN (bridge)"), int(NodeKind::Lan));
    m_nodeKind->addItem(tr("Router"), int(NodeKind::Router));
    form->addRow(tr("Kind"), m_nodeKind);
    m_nodeHost = new QComboBox;
    form->addRow(tr("Lives on"), m_nodeHost);
    v->addLayout(form);

    connect(m_nodeName, &QLineEdit::editingFinished, this, [this] {
        if (!m_filling && m_node.valid())
            m_controller->renameNode(m_node, m_nodeName->text());
    });
    connect(m_nodeKind, &QComboBox::activated, this, [this] {
        if (m_filling || !m_node.valid())
            return;
        const auto kind = NodeKind(m_nodeKind->currentData().toInt());
        const auto *n = m_controller->document()->topology().node(m_node);
        if (!n || n->kind == kind)
            return;
        model::edit::Compound c;
        if (n->host.valid() && kind == NodeKind::Host)
            c.edits.emplace_back(edit::SetNodeHost{m_node, {}});
        c.edits.emplace_back(edit::SetNodeKind{m_node, kind});
        m_controller->push(Edit(std::move(c), "Change kind of " + n->name));
    });
    connect(m_nodeHost, &QComboBox::activated, this, [this] {
        if (!m_filling && m_node.valid())
            m_controller->setHost(m_node, model::NodeId{m_nodeHost->currentData().toUInt()});
    });

    auto *sys = new QGroupBox(tr("Kernel settings (sysctl)"));
    auto *sysForm = new QVBoxLayout(sys);
    for (const auto &s : kNodeSysctls) {
        SysctlRow row;
        row.key = s.key;
        auto *line = new QHBoxLayout;
        if (s.maxValue == 1) {
            row.check = new QCheckBox(QString::fromLatin1(s.label));
            line->addWidget(row.check);
            connect(row.check, &QCheckBox::toggled, this, [this, key = row.key] {
                for (const auto &r : m_sysctls)
                    if (r.key == key)
                        commitSysctl(r);
            });
        } else {
            line->addWidget(new QLabel(QString::fromLatin1(s.label)));
            row.combo = new QComboBox;
            row.combo->addItems({QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")});
            line->addWidget(row.combo);
            line->addStretch();
            connect(row.combo, &QComboBox::activated, this, [this, key = row.key] {
                for (const auto &r : m_sysctls)
                    if (r.key == key)
                        commitSysctl(r);
            });
        }
        sysForm->addLayout(line);
        auto *help = explanation(QString::fromLatin1(s.help) + QStringLiteral(" (") + QString::fromLatin1(s.key)
                                 + QLatin1Char(')'));
        help->setContentsMargins(22, 0, 0, 6);
        sysForm->addWidget(help);
        m_sysctls.push_back(row);
    }
    v->addWidget(sys);

    auto *ifaces = new QGroupBox(tr("Interfaces"));
    auto *iv = new QVBoxLayout(ifaces);
    m_ifaceList = new QListWidget;
    m_ifaceList->setMaximumHeight(120);
    iv->addWidget(m_ifaceList);
    connect(m_ifaceList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (PortItem *p = m_controller->scene()->portItem(m_node, item->data(Qt::UserRole).toString().toStdString())) {
            m_controller->scene()->clearSelection();
            p->setSelected(true);
        }
    });
    v->addWidget(ifaces);

    auto *routes = new QGroupBox(tr("Routes (main table)"));
    auto *rv = new QVBoxLayout(routes);
    m_routeModel = new RouteTableModel(m_controller, this);
    m_routeTable = new QTableView;
    m_routeTable->setModel(m_routeModel);
    m_routeTable->verticalHeader()->hide();
    m_routeTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_routeTable->horizontalHeader()->setDefaultSectionSize(90);
    m_routeTable->horizontalHeader()->setStretchLastSection(true);
    m_routeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_routeTable->setMinimumHeight(110);
    rv->addWidget(m_routeTable);

    m_routeForm = new QWidget;
    auto *grid = new QGridLayout(m_routeForm);
    grid->setContentsMargins(0, 0, 0, 0);
    const char *placeholders[] = {"dst: 10.0.0.0/24 or default", "via", "dev", "src", "metric"};
    for (int c = 0; c < 5; ++c) {
        auto *e = new QLineEdit;
        e->setPlaceholderText(QString::fromLatin1(placeholders[c]));
        e->setObjectName(QStringLiteral("route_") + QString::fromLatin1(placeholders[c]).section(QLatin1Char(':'), 0, 0));
        m_routeFields.push_back(e);
        connect(e, &QLineEdit::returnPressed, this, [this] { submitRouteForm(); });
    }
    grid->addWidget(m_routeFields[0], 0, 0, 1, 2);
    grid->addWidget(m_routeFields[1], 1, 0);
    grid->addWidget(m_routeFields[2], 1, 1);
    grid->addWidget(m_routeFields[3], 2, 0);
    grid->addWidget(m_routeFields[4], 2, 1);
    m_routeScope = new QComboBox;
    m_routeScope->addItems({QString(), QStringLiteral("link"), QStringLiteral("host"), QStringLiteral("global"), QStringLiteral("site")});
    m_routeScope->setToolTip(tr("scope (empty: the kernel's default)"));
    m_routeType = new QComboBox;
    m_routeType->addItems({QString(), QStringLiteral("blackhole"), QStringLiteral("unreachable"), QStringLiteral("prohibit"),
                           QStringLiteral("local"), QStringLiteral("throw")});
    m_routeType->setToolTip(tr("type (empty: unicast)"));
    m_routeOnlink = new QCheckBox(tr("onlink"));
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(new QLabel(tr("scope")));
    scopeRow->addWidget(m_routeScope, 1);
    auto *typeRow = new QHBoxLayout;
    typeRow->addWidget(new QLabel(tr("type")));
    typeRow->addWidget(m_routeType, 1);
    grid->addLayout(scopeRow, 3, 0);
    grid->addLayout(typeRow, 3, 1);
    grid->addWidget(m_routeOnlink, 5, 0);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add route"));
    add->setObjectName(QStringLiteral("addRoute"));
    m_routeRemove = new QPushButton(tr("Delete selected"));
    buttons->addWidget(add);
    buttons->addWidget(m_routeRemove);
    buttons->addStretch();
    grid->addLayout(buttons, 6, 0, 1, 2);
    rv->addWidget(m_routeForm);
    m_routeError = new QLabel;
    m_routeError->setObjectName(QStringLiteral("routeError"));
    m_routeError->setWordWrap(true);
    m_routeError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_routeError->hide();
    rv->addWidget(m_routeError);
    v->addWidget(routes);
    v->addStretch();

    connect(add, &QPushButton::clicked, this, [this] { submitRouteForm(); });
    connect(m_routeRemove, &QPushButton::clicked, this, [this] {
        const auto rows = m_routeTable->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            m_routeModel->removeRoute(rows.front().row());
    });
    connect(m_routeModel, &RouteTableModel::routeRefused, this, &PropertiesDock::showRouteRefusal);
    connect(m_routeModel, &RouteTableModel::routeAccepted, this, [this] { m_routeError->hide(); });
    return w;
}

QWidget *PropertiesDock::buildInterfacePage()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    m_ifaceHeading = heading();
    v->addWidget(m_ifaceHeading);
    auto *form = new QFormLayout;
    m_ifaceName = new QLineEdit;
    m_ifaceName->setMaxLength(15);
    form->addRow(tr("Name"), m_ifaceName);
    m_ifaceUp = new QCheckBox(tr("up"));
    form->addRow(tr("State"), m_ifaceUp);
    m_ifaceAddresses = new QLineEdit;
    m_ifaceAddresses->setPlaceholderText(tr("10.0.0.1/24, 10.0.0.2/24"));
    form->addRow(tr("Addresses"), m_ifaceAddresses);
    m_ifaceMtu = new QSpinBox;
    m_ifaceMtu->setRange(0, 65535);
    m_ifaceMtu->setSpecialValueText(tr("default (1500)"));
    form->addRow(tr("MTU"), m_ifaceMtu);
    m_ifaceMac = new QLineEdit;
    m_ifaceMac->setPlaceholderText(tr("chosen by the kernel"));
    form->addRow(tr("MAC"), m_ifaceMac);
    m_ifacePeer = new QLabel;
    m_ifacePeer->setWordWrap(true);
    form->addRow(tr("Peer"), m_ifacePeer);
    v->addLayout(form);
    m_ifaceError = new QLabel;
    m_ifaceError->setWordWrap(true);
    m_ifaceError->setStyleSheet(QStringLiteral("color: #d92d20;"));
    m_ifaceError->hide();
    v->addWidget(m_ifaceError);

    auto *sys = new QGroupBox(tr("Interface settings (net.ipv4.conf.DEV.*)"));
    auto *sv = new QVBoxLayout(sys);
    for (const auto &s : kDevSysctls) {
        DevSysctlRow row;
        row.option = s.option;
        row.combo = new QComboBox;
        row.combo->addItem(tr("inherit"), -1);
        row.combo->addItem(QStringLiteral("0"), 0);
        row.combo->addItem(QStringLiteral("1"), 1);
        if (row.option == "rp_filter" || row.option == "arp_ignore")
            row.combo->addItem(QStringLiteral("2"), 2);
        auto *line = new QHBoxLayout;
        line->addWidget(new QLabel(QString::fromLatin1(s.label)));
        line->addWidget(row.combo);
        line->addStretch();
        sv->addLayout(line);
        auto *help = explanation(QString::fromLatin1(s.help));
        help->setContentsMargins(0, 0, 0, 6);
        sv->addWidget(help);
        connect(row.combo, &QComboBox::activated, this, [this, combo = row.combo, option = row.option] {
            if (m_filling)
                return;
            const int value = combo->currentData().toInt();
            m_controller->push(Edit(edit::SetInterfaceSysctl{m_node, m_iface, option,
                                                             value < 0 ? std::optional<int>() : std::optional<int>(value)},
                                    "Set " + option + " on " + m_iface));
        });
        m_devSysctls.push_back(row);
    }
    v->addWidget(sys);
    v->addStretch();

    connect(m_ifaceName, &QLineEdit::editingFinished, this, [this] {
        if (!m_filling && m_node.valid() && m_controller->renameInterface(m_node, m_iface, m_ifaceName->text()))
            m_iface = m_ifaceName->text().trimmed().toStdString();
    });
    connect(m_ifaceUp, &QCheckBox::toggled, this, [this] { commitInterfaceFields(); });
    connect(m_ifaceAddresses, &QLineEdit::editingFinished, this, [this] { commitInterfaceFields(); });
    connect(m_ifaceMtu, &QSpinBox::editingFinished, this, [this] { commitInterfaceFields(); });
    connect(m_ifaceMac, &QLineEdit::editingFinished, this, [this] { commitInterfaceFields(); });
    return w;
}

QWidget *PropertiesDock::buildLinkPage()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    v->addWidget(heading(tr("veth pair")));
    m_linkText = new QLabel;
    m_linkText->setWordWrap(true);
    m_linkText->setTextFormat(Qt::RichText);
    v->addWidget(m_linkText);
    v->addWidget(explanation(tr("A veth pair is two interfaces joined by a virtual cable: what goes in one end comes "
                                "out of the other. Select an end (its dot) to edit its addresses.")));
    auto *del = new QPushButton(tr("Delete link"));
    v->addWidget(del);
    v->addStretch();
    connect(del, &QPushButton::clicked, this, [this] {
        m_controller->push(model::removeEdit(m_controller->document()->topology(), {}, {m_link}));
    });
    return w;
}

// ---- showing -------------------------------------------------------------------------------

void PropertiesDock::syncFromSelection()
{
    const auto items = m_controller->scene()->selectedItems();
    if (items.size() != 1) {
        showLab();
        return;
    }
    QGraphicsItem *item = items.front();
    if (item->type() == NodeItem::Type)
        showNode(static_cast<NodeItem *>(item)->nodeId());
    else if (item->type() == PortItem::Type)
        showInterface(static_cast<PortItem *>(item)->nodeId(), static_cast<PortItem *>(item)->iface());
    else if (item->type() == LinkItem::Type)
        showLink(static_cast<LinkItem *>(item)->linkId());
    else
        showLab();
}

void PropertiesDock::showLab()
{
    m_page = LabPage;
    m_stack->setCurrentIndex(LabPage);
    refresh();
}

void PropertiesDock::showNode(model::NodeId id)
{
    if (m_page != NodePage || m_node != id)
        m_routeError->hide();
    m_page = NodePage;
    m_node = id;
    m_routeModel->setNode(id);
    m_stack->setCurrentIndex(NodePage);
    refresh();
}

void PropertiesDock::showInterface(model::NodeId id, const std::string &iface)
{
    m_page = InterfacePage;
    m_node = id;
    m_iface = iface;
    m_ifaceError->hide();
    m_stack->setCurrentIndex(InterfacePage);
    refresh();
}

void PropertiesDock::showLink(model::LinkId id)
{
    m_page = LinkPage;
    m_link = id;
    m_stack->setCurrentIndex(LinkPage);
    refresh();
}

void PropertiesDock::refresh()
{
    const auto &t = m_controller->document()->topology();
    m_filling = true;
    switch (m_page) {
    case LabPage: {
        if (!m_labTitle->hasFocus())
            m_labTitle->setText(QString::fromStdString(t.title));
        if (!m_labDescription->hasFocus())
            m_labDescription->setPlainText(QString::fromStdString(t.description));
        int ns = 0, hosts = 0, lans = 0, routers = 0;
        for (const auto &n : t.nodes)
            (n.kind == NodeKind::Host ? hosts : n.kind == NodeKind::Lan ? lans : n.kind == NodeKind::Router ? routers : ns)++;
        m_labSummary->setText(tr("%1 hosts, %2 namespaces, %3 LANs, %4 routers, %5 veth pairs")
                                  .arg(hosts).arg(ns).arg(lans).arg(routers).arg(t.links.size()));
        m_problemList->clear();
        const Problems &p = m_controller->scene()->problems();
        for (const auto &[id, list] : p.nodes)
            if (const auto *n = t.node(id))
                for (const QString &s : list) {
                    auto *item = new QListWidgetItem(QString::fromStdString(n->name) + QStringLiteral(": ") + s);
                    item->setData(Qt::UserRole, id.v);
                    m_problemList->addItem(item);
                }
        for (const auto &[key, list] : p.ports)
            if (const auto *n = t.node(key.first))
                for (const QString &s : list)
                    if (!p.nodes.count(key.first) || !p.nodes.at(key.first).contains(s)) {
                        auto *item = new QListWidgetItem(QString::fromStdString(n->name + '/' + key.second) + QStringLiteral(": ") + s);
                        item->setData(Qt::UserRole, key.first.v);
                        m_problemList->addItem(item);
                    }
        if (m_problemList->count() == 0)
            m_problemList->addItem(tr("None: the kernel would build this lab as drawn."));
        break;
    }
    case NodePage:
        if (const auto *n = t.node(m_node))
            fillNode(*n);
        else
            showLab();
        break;
    case InterfacePage: {
        const auto *n = t.node(m_node);
        const model::InterfaceSpec *iface = nullptr;
        if (n)
            for (const auto &i : n->interfaces)
                if (i.name == m_iface)
                    iface = &i;
        if (iface)
            fillInterface(*n, *iface);
        else
            showLab();
        break;
    }
    case LinkPage: {
        const auto *l = t.link(m_link);
        if (!l) {
            showLab();
            break;
        }
        const auto end = [&](const model::LinkEnd &e) {
            const auto *n = t.node(e.node);
            QString addrs;
            if (n)
                for (const auto &i : n->interfaces)
                    if (i.name == e.iface)
                        for (const auto &a : i.addresses)
                            addrs += QStringLiteral(" ") + QString::fromStdString(a.local.toString());
            return QStringLiteral("<b>%1</b> in %2<br/><tt>%3</tt>")
                .arg(QString::fromStdString(e.iface), n ? QString::fromStdString(n->name) : QStringLiteral("?"),
                     addrs.isEmpty() ? tr("no address") : addrs.trimmed());
        };
        m_linkText->setText(end(l->a) + QStringLiteral("<p>⇅</p>") + end(l->b));
        break;
    }
    }
    m_filling = false;
}

void PropertiesDock::fillNode(const model::Node &n)
{
    const auto &t = m_controller->document()->topology();
    static const char *kindNames[] = {"Host", "Namespace", "LAN", "Router"};
    m_nodeHeading->setText(QString::fromStdString(n.name) + QStringLiteral("  ·  ") + tr(kindNames[int(n.kind)]));
    if (!m_nodeName->hasFocus())
        m_nodeName->setText(QString::fromStdString(n.name));
    m_nodeKind->setCurrentIndex(m_nodeKind->findData(int(n.kind)));
    m_nodeHost->clear();
    m_nodeHost->addItem(tr("(no host)"), 0u);
    for (const auto &h : t.nodes)
        if (h.kind == NodeKind::Host && h.id != n.id)
            m_nodeHost->addItem(QString::fromStdString(h.name), h.id.v);
    m_nodeHost->setCurrentIndex(std::max(0, m_nodeHost->findData(n.host.v)));
    m_nodeHost->setEnabled(n.kind == NodeKind::Netns || n.kind == NodeKind::Router);
    for (auto &row : m_sysctls) {
        const int value = sysctlValue(n, row.key).value_or(0);
        if (row.check)
            row.check->setChecked(value != 0);
        else
            row.combo->setCurrentIndex(std::clamp(value, 0, 2));
    }
    m_ifaceList->clear();
    for (const auto &i : n.interfaces) {
        QStringList addrs;
        for (const auto &a : i.addresses)
            addrs << QString::fromStdString(a.local.toString());
        auto *item = new QListWidgetItem(QString::fromStdString(i.name) + (i.up ? QString() : tr(" (down)"))
                                         + (addrs.isEmpty() ? QString() : QStringLiteral("  ") + addrs.join(QStringLiteral(", "))));
        item->setData(Qt::UserRole, QString::fromStdString(i.name));
        m_ifaceList->addItem(item);
    }
    m_routeModel->reload();
    const auto &problems = m_controller->scene()->problems().nodes;
    const auto it = problems.find(n.id);
    m_nodeProblems->setVisible(it != problems.end());
    if (it != problems.end())
        m_nodeProblems->setText(it->second.join(QStringLiteral("\n")));
}

void PropertiesDock::fillInterface(const model::Node &n, const model::InterfaceSpec &i)
{
    const auto &t = m_controller->document()->topology();
    m_ifaceHeading->setText(QString::fromStdString(i.name) + tr(" on ") + QString::fromStdString(n.name));
    if (!m_ifaceName->hasFocus())
        m_ifaceName->setText(QString::fromStdString(i.name));
    m_ifaceUp->setChecked(i.up);
    QStringList addrs;
    for (const auto &a : i.addresses)
        addrs << QString::fromStdString(a.local.toString());
    if (!m_ifaceAddresses->hasFocus())
        m_ifaceAddresses->setText(addrs.join(QStringLiteral(", ")));
    m_ifaceMtu->setValue(i.mtu);
    if (!m_ifaceMac->hasFocus())
        m_ifaceMac->setText(i.mac ? QString::fromStdString(i.mac->toString()) : QString());
    QString peer = tr("none");
    for (const auto &l : t.links) {
        const model::LinkEnd *other = nullptr;
        if (l.a.node == n.id && l.a.iface == i.name)
            other = &l.b;
        else if (l.b.node == n.id && l.b.iface == i.name)
            other = &l.a;
        if (other)
            if (const auto *on = t.node(other->node))
                peer = QString::fromStdString(other->iface) + tr(" in ") + QString::fromStdString(on->name);
    }
    if (!i.master.empty())
        peer += tr("; port of bridge ") + QString::fromStdString(i.master);
    m_ifacePeer->setText(peer);
    for (auto &row : m_devSysctls) {
        const auto it = i.sysctls.find(row.option);
        row.combo->setCurrentIndex(std::max(0, row.combo->findData(it == i.sysctls.end() ? -1 : it->second)));
    }
}

// ---- committing ----------------------------------------------------------------------------

void PropertiesDock::commitSysctl(const SysctlRow &row)
{
    if (m_filling || !m_node.valid())
        return;
    const auto *n = m_controller->document()->topology().node(m_node);
    if (!n)
        return;
    const int value = row.check ? int(row.check->isChecked()) : row.combo->currentIndex();
    if (sysctlValue(*n, row.key).value_or(0) == value && sysctlValue(*n, row.key))
        return;
    m_controller->push(Edit(edit::SetSysctl{m_node, row.key, value}, row.key + " = " + std::to_string(value) + " in " + n->name));
}

void PropertiesDock::commitInterfaceFields()
{
    if (m_filling || !m_node.valid())
        return;
    const auto *n = m_controller->document()->topology().node(m_node);
    if (!n)
        return;
    const model::InterfaceSpec *cur = nullptr;
    for (const auto &i : n->interfaces)
        if (i.name == m_iface)
            cur = &i;
    if (!cur)
        return;
    model::InterfaceSpec spec = *cur;
    spec.up = m_ifaceUp->isChecked();
    spec.mtu = m_ifaceMtu->value();
    const QString mac = m_ifaceMac->text().trimmed();
    if (mac.isEmpty()) {
        spec.mac.reset();
    } else if (const auto m = net::Mac::parse(mac.toStdString())) {
        spec.mac = *m;
    } else {
        m_ifaceError->setText(tr("MAC: \"%1\" is not a MAC address (aa:bb:cc:dd:ee:ff).").arg(mac));
        m_ifaceError->show();
        return;
    }
    std::vector<model::AddressSpec> addresses;
    for (const QString &part : m_ifaceAddresses->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        const auto p = net::Prefix::parse(part.toStdString());
        if (!p) {
            m_ifaceError->setText(tr("Addresses: \"%1\" is not an IPv4 address with a prefix length (10.0.0.1/24).").arg(part));
            m_ifaceError->show();
            return;
        }
        model::AddressSpec a;
        a.local = *p;
        for (const auto &old : cur->addresses) // keep peer/scope of an address that stays
            if (old.local == *p)
                a = old;
        addresses.push_back(a);
    }
    spec.addresses = std::move(addresses);
    m_ifaceError->hide();
    const bool same = spec.up == cur->up && spec.mtu == cur->mtu && spec.mac == cur->mac && spec.addresses == cur->addresses;
    if (same)
        return;
    m_controller->push(Edit(edit::SetInterface{m_node, m_iface, spec}, "Edit " + m_iface + " on " + n->name));
}

void PropertiesDock::setRouteFormField(int column, const QString &text)
{
    if (column >= 0 && column < int(m_routeFields.size()))
        m_routeFields[std::size_t(column)]->setText(text);
    else if (column == RouteTableModel::Scope)
        m_routeScope->setCurrentText(text);
    else if (column == RouteTableModel::Type)
        m_routeType->setCurrentText(text);
    else if (column == RouteTableModel::Onlink)
        m_routeOnlink->setChecked(!text.isEmpty());
}

bool PropertiesDock::submitRouteForm()
{
    model::RouteSpec r;
    QString error;
    const int columns[] = {RouteTableModel::Dst, RouteTableModel::Via, RouteTableModel::Dev, RouteTableModel::Src,
                           RouteTableModel::Metric};
    if (m_routeFields[0]->text().trimmed().isEmpty()) {
        showRouteRefusal(tr("Destination: required (a prefix such as 10.0.0.0/24, or default)."), QString());
        return false;
    }
    for (int i = 0; i < 5; ++i)
        if (!RouteTableModel::parseField(r, columns[i], m_routeFields[std::size_t(i)]->text(), &error)) {
            showRouteRefusal(error, QString());
            return false;
        }
    if (!RouteTableModel::parseField(r, RouteTableModel::Scope, m_routeScope->currentText(), &error)
        || !RouteTableModel::parseField(r, RouteTableModel::Type, m_routeType->currentText(), &error)) {
        showRouteRefusal(error, QString());
        return false;
    }
    r.onlink = m_routeOnlink->isChecked();
    if (!m_routeModel->addRoute(r))
        return false;
    for (QLineEdit *e : m_routeFields)
        e->clear();
    m_routeScope->setCurrentIndex(0);
    m_routeType->setCurrentIndex(0);
    m_routeOnlink->setChecked(false);
    return true;
}

void PropertiesDock::showRouteRefusal(const QString &message, const QString &hint)
{
    m_routeError->setText(QStringLiteral("<span style='color:#d92d20; font-family:monospace'>%1</span>%2")
                              .arg(message.toHtmlEscaped(),
                                   hint.isEmpty() ? QString() : QStringLiteral("<br/>") + hint.toHtmlEscaped()));
    m_routeError->show();
}

} // namespace nslab::gui
