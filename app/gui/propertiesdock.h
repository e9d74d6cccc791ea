#pragma once
// The properties dock: what is selected on the canvas, editable. Every change becomes one edit
// through the CanvasController; the dock re-reads the document after each change.
#include "topology/topology.h"

#include <QDockWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace nslab::gui {

class CanvasController;
class RouteTableModel;

class PropertiesDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit PropertiesDock(CanvasController *controller, QWidget *parent = nullptr);

    // What the dock shows; driven by the scene's selection.
    void showLab();
    void showNode(model::NodeId id);
    void showInterface(model::NodeId id, const std::string &iface);
    void showLink(model::LinkId id);
    void refresh(); // re-read the document for what is shown

    // For tests and the main window.
    RouteTableModel *routeModel() const { return m_routeModel; }
    QLabel *routeError() const { return m_routeError; }
    QWidget *routeForm() const { return m_routeForm; }
    void setRouteFormField(int column, const QString &text);
    bool submitRouteForm();

public Q_SLOTS:
    void syncFromSelection();

private:
    enum Page { LabPage, NodePage, InterfacePage, LinkPage };
    struct SysctlRow {
        std::string key;
        QComboBox *combo = nullptr;
        QCheckBox *check = nullptr;
    };
    struct DevSysctlRow {
        std::string option;
        QComboBox *combo = nullptr;
    };

    QWidget *buildLabPage();
    QWidget *buildNodePage();
    QWidget *buildInterfacePage();
    QWidget *buildLinkPage();
    void fillNode(const model::Node &n);
    void fillInterface(const model::Node &n, const model::InterfaceSpec &i);
    void commitSysctl(const SysctlRow &row);
    void commitInterfaceFields();
    void showRouteRefusal(const QString &message, const QString &hint);

    CanvasController *m_controller;
    QStackedWidget *m_stack;
    Page m_page = LabPage;
    model::NodeId m_node;
    std::string m_iface;
    model::LinkId m_link;
    bool m_filling = false;

    // lab page
    QLineEdit *m_labTitle;
    QPlainTextEdit *m_labDescription;
    QLabel *m_labSummary;
    QListWidget *m_problemList;
    // node page
    QLabel *m_nodeHeading;
    QLineEdit *m_nodeName;
    QComboBox *m_nodeKind;
    QComboBox *m_nodeHost;
    std::vector<SysctlRow> m_sysctls;
    QListWidget *m_ifaceList;
    QTableView *m_routeTable;
    RouteTableModel *m_routeModel;
    QWidget *m_routeForm;
    std::vector<QLineEdit *> m_routeFields;
    QComboBox *m_routeScope;
    QComboBox *m_routeType;
    QCheckBox *m_routeOnlink;
    QLabel *m_routeError;
    QPushButton *m_routeRemove;
    QLabel *m_nodeProblems;
    // interface page
    QLabel *m_ifaceHeading;
    QLineEdit *m_ifaceName;
    QCheckBox *m_ifaceUp;
    QLineEdit *m_ifaceAddresses;
    QSpinBox *m_ifaceMtu;
    QLineEdit *m_ifaceMac;
    QLabel *m_ifacePeer;
    QLabel *m_ifaceError;
    std::vector<DevSysctlRow> m_devSysctls;
    // link page
    QLabel *m_linkText;
};

} // namespace nslab::gui
