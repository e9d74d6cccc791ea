#include "routetablemodel.h"

#include "canvascontroller.h"
#include "problems.h"

namespace nslab::gui {

using model::RouteSpec;
namespace ops = model::ops;

namespace {

std::optional<ops::Scope> scopeFromText(const QString &s)
{
    if (s == u"global" || s == u"universe")
        return ops::Scope::Universe;
    if (s == u"site")
        return ops::Scope::Site;
    if (s == u"link")
        return ops::Scope::Link;
    if (s == u"host")
        return ops::Scope::Host;
    if (s == u"nowhere")
        return ops::Scope::Nowhere;
    return std::nullopt;
}

QString scopeText(ops::Scope s)
{
    switch (s) {
    case ops::Scope::Universe: return QStringLiteral("global");
    case ops::Scope::Site: return QStringLiteral("site");
    case ops::Scope::Link: return QStringLiteral("link");
    case ops::Scope::Host: return QStringLiteral("host");
    case ops::Scope::Nowhere: return QStringLiteral("nowhere");
    }
    return {};
}

const std::pair<const char *, ops::RouteType> kTypes[] = {
    {"unicast", ops::RouteType::Unicast},         {"local", ops::RouteType::Local},
    {"broadcast", ops::RouteType::Broadcast},     {"anycast", ops::RouteType::Anycast},
    {"multicast", ops::RouteType::Multicast},     {"blackhole", ops::RouteType::Blackhole},
    {"unreachable", ops::RouteType::Unreachable}, {"prohibit", ops::RouteType::Prohibit},
    {"throw", ops::RouteType::Throw},             {"nat", ops::RouteType::Nat},
};

} // namespace

RouteTableModel::RouteTableModel(CanvasController *controller, QObject *parent)
    : QAbstractTableModel(parent)
    , m_controller(controller)
{
}

const model::Node *RouteTableModel::nodePtr() const { return m_controller->document()->topology().node(m_node); }

void RouteTableModel::setNode(model::NodeId node)
{
    m_node = node;
    reload();
}

void RouteTableModel::reload()
{
    beginResetModel();
    const model::Node *n = nodePtr();
    m_routes = n ? n->routes : std::vector<RouteSpec>{};
    endResetModel();
}

int RouteTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_routes.size()); }
int RouteTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString RouteTableModel::fieldText(const RouteSpec &r, int column)
{
    switch (column) {
    case Dst: return QString::fromStdString(r.dst.toRouteString());
    case Via: return r.via ? QString::fromStdString(r.via->toString()) : QString();
    case Dev: return r.dev ? QString::fromStdString(*r.dev) : QString();
    case Src: return r.src ? QString::fromStdString(r.src->toString()) : QString();
    case Metric: return r.metric ? QString::number(*r.metric) : QString();
    case Scope: return r.scope ? scopeText(*r.scope) : QString();
    case Type:
        if (r.type)
            for (const auto &[name, type] : kTypes)
                if (type == *r.type)
                    return QString::fromLatin1(name);
        return {};
    case Onlink: return r.onlink ? QStringLiteral("onlink") : QString();
    }
    return {};
}

bool RouteTableModel::parseField(RouteSpec &r, int column, const QString &raw, QString *error)
{
    const QString text = raw.trimmed();
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    switch (column) {
    case Dst: {
        if (text == u"default" || text == u"all" || text == u"any") {
            r.dst = net::Prefix{{0}, 0};
            return true;
        }
        const auto p = net::Prefix::parse(text.toStdString());
        if (!p)
            return fail(tr("Destination: \"%1\" is not an IPv4 prefix (A.B.C.D/LEN or default).").arg(text));
        r.dst = *p;
        return true;
    }
    case Via:
    case Src: {
        std::optional<net::Ipv4> &field = column == Via ? r.via : r.src;
        if (text.isEmpty()) {
            field.reset();
            return true;
        }
        const auto a = net::Ipv4::parse(text.toStdString());
        if (!a)
            return fail(tr("%1: \"%2\" is not an IPv4 address.").arg(column == Via ? tr("Via") : tr("Source"), text));
        field = *a;
        return true;
    }
    case Dev:
        if (text.isEmpty())
            r.dev.reset();
        else
            r.dev = text.toStdString();
        return true;
    case Metric: {
        if (text.isEmpty()) {
            r.metric.reset();
            return true;
        }
        bool ok = false;
        const uint m = text.toUInt(&ok);
        if (!ok)
            return fail(tr("Metric: \"%1\" is not a number.").arg(text));
        r.metric = m;
        return true;
    }
    case Scope: {
        if (text.isEmpty()) {
            r.scope.reset();
            return true;
        }
        const auto s = scopeFromText(text);
        if (!s)
            return fail(tr("Scope: \"%1\" is not one of global, site, link, host.").arg(text));
        r.scope = *s;
        return true;
    }
    case Type:
        if (text.isEmpty()) {
            r.type.reset();
            return true;
        }
        for (const auto &[name, type] : kTypes)
            if (text == QLatin1String(name)) {
                r.type = type == ops::RouteType::Unicast ? std::optional<ops::RouteType>() : type;
                return true;
            }
        return fail(tr("Type: \"%1\" is not a route type (unicast, blackhole, unreachable, prohibit, ...).").arg(text));
    case Onlink:
        r.onlink = !text.isEmpty() && text != u"0" && text != u"no" && text != u"false";
        return true;
    }
    return fail(tr("No such column."));
}

QVariant RouteTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_routes.size()))
        return {};
    const RouteSpec &r = m_routes[std::size_t(index.row())];
    if (index.column() == Onlink && role == Qt::CheckStateRole)
        return r.onlink ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return index.column() == Onlink ? QVariant() : QVariant(fieldText(r, index.column()));
    if (role == Qt::ToolTipRole)
        return routeText(r);
    return {};
}

QVariant RouteTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *names[] = {"dst", "via", "dev", "src", "metric", "scope", "type", "onlink"};
    return QString::fromLatin1(names[section]);
}

Qt::ItemFlags RouteTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    return index.column() == Onlink ? f | Qt::ItemIsUserCheckable : f | Qt::ItemIsEditable;
}

bool RouteTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= int(m_routes.size()))
        return false;
    RouteSpec r = m_routes[std::size_t(index.row())];
    if (index.column() == Onlink && role == Qt::CheckStateRole) {
        r.onlink = value.toInt() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        QString error;
        if (!parseField(r, index.column(), value.toString(), &error)) {
            Q_EMIT routeRefused(error, QString());
            return false;
        }
    } else {
        return false;
    }
    return replaceRoute(index.row(), r);
}

bool RouteTableModel::addRoute(const RouteSpec &route)
{
    const model::Node *n = nodePtr();
    if (!n)
        return false;
    const RouteCheck check = checkRoute(m_controller->document()->topology(), m_node, route);
    if (!check.ok) {
        Q_EMIT routeRefused(check.message, check.hint);
        return false;
    }
    if (!m_controller->push(model::Edit(model::edit::AddRoute{m_node, route},
                                        "Add route " + routeText(route).toStdString() + " in " + n->name)))
        return false;
    Q_EMIT routeAccepted();
    return true;
}

bool RouteTableModel::replaceRoute(int row, const RouteSpec &route)
{
    const model::Node *n = nodePtr();
    if (!n || row < 0 || row >= int(n->routes.size()))
        return false;
    const RouteCheck check = checkRoute(m_controller->document()->topology(), m_node, route, std::size_t(row));
    if (!check.ok) {
        Q_EMIT routeRefused(check.message, check.hint);
        return false;
    }
    if (!m_controller->push(model::Edit(model::edit::SetRoute{m_node, std::size_t(row), route},
                                        "Edit route in " + n->name)))
        return false;
    Q_EMIT routeAccepted();
    return true;
}

bool RouteTableModel::removeRoute(int row)
{
    const model::Node *n = nodePtr();
    if (!n || row < 0 || row >= int(n->routes.size()))
        return false;
    return m_controller->push(model::Edit(model::edit::RemoveRoute{m_node, std::size_t(row)},
                                          "Delete route " + routeText(n->routes[std::size_t(row)]).toStdString()));
}

} // namespace nslab::gui
