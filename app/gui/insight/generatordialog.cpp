#include "generatordialog.h"

#include "editcommand.h"
#include "labanalysis.h"
#include "labedits.h"
#include "mainwindow.h"
#include "routing/bridge.h"
#include "routing/hostgateway.h"
#include "theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace nslab::gui::insight {

GeneratorDialog::GeneratorDialog(MainWindow *window)
    : QDialog(window)
    , m_window(window)
    , m_kind(new QComboBox)
    , m_preview(new QTextBrowser)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Generate Routes"));
    resize(1000, 720);
    m_kind->addItem(tr("Calico: 169.254.1.1 gateway, proxy ARP on the host side, /32 per pod"), int(Kind::Calico));
    m_kind->addItem(tr("Host gateway: the lesson's solution — the host's LAN address on link, everything through it"),
                    int(Kind::HostGateway));
    m_kind->addItem(tr("Bridge: host-side veths on a bridge with the gateway address, default via it"), int(Kind::Bridge));
    m_kind->setObjectName(QStringLiteral("generatorKind"));
    m_preview->setObjectName(QStringLiteral("generatorPreview"));
    QFont mono = Theme::current().monoFont;
    mono.setWeight(QFont::Normal);
    mono.setPointSizeF(mono.pointSizeF() + 1.5);
    m_preview->setFont(mono);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Wire the namespaces of every host (their veth to the host, the host's LAN address):")));
    layout->addWidget(m_kind);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Apply)->setText(tr("Apply (one undo step)"));
    connect(m_kind, &QComboBox::currentIndexChanged, this, &GeneratorDialog::refresh);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] {
        if (applyGenerated())
            accept();
    });
    refresh();
}

void GeneratorDialog::setKind(Kind kind) { m_kind->setCurrentIndex(m_kind->findData(int(kind))); }

std::optional<model::Topology> GeneratorDialog::generate(const model::Topology &t, Kind kind, std::string *error,
                                                         std::vector<std::string> *notes)
{
    switch (kind) {
    case Kind::Calico: return model::routing::generateCalicoRoutes(t, error, notes);
    case Kind::HostGateway: return model::routing::generateHostGateway(t, error, notes);
    case Kind::Bridge: return model::routing::generateBridge(t, error, notes);
    }
    return std::nullopt;
}

QString GeneratorDialog::previewText(const model::Topology &before, const model::Topology &after)
{
    const auto a = analyzeLab(before);
    const auto b = analyzeLab(after);
    QString out;
    for (const auto &[name, text] : b->routesMain) {
        const auto old = a->routesMain.find(name);
        const std::string oldText = old == a->routesMain.end() ? std::string() : old->second;
        if (oldText == text)
            continue;
        out += QStringLiteral("== %1 ==\n").arg(QString::fromStdString(name));
        const QStringList was = QString::fromStdString(oldText).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList now = QString::fromStdString(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &l : was)
            out += (now.contains(l) ? QStringLiteral("  ") : QStringLiteral("- ")) + l + QLatin1Char('\n');
        for (const QString &l : now)
            if (!was.contains(l))
                out += QStringLiteral("+ ") + l + QLatin1Char('\n');
        out += QLatin1Char('\n');
    }
    const auto replies = [](const LabAnalysis &x) {
        int n = 0;
        for (auto c : x.matrix.exitCodes)
            n += c == 0;
        return n;
    };
    out += QStringLiteral("pings answered: %1 of %2 before, %3 of %4 after\n")
               .arg(replies(*a))
               .arg(a->matrix.exitCodes.size())
               .arg(replies(*b))
               .arg(b->matrix.exitCodes.size());
    if (!b->failures.empty())
        out += QStringLiteral("the kernel would refuse: %1\n").arg(QString::fromStdString(b->failures.front()));
    return out;
}

void GeneratorDialog::refresh()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    std::string error;
    std::vector<std::string> notes;
    const model::Topology &t = m_window->document()->topology();
    m_generated = generate(t, kind, &error, &notes);
    QString html;
    const Theme &theme = Theme::current();
    if (!m_generated) {
        html = QStringLiteral("<p style='color:%1'>%2</p>").arg(theme.problem.name(), QString::fromStdString(error).toHtmlEscaped());
    } else {
        const QString text = previewText(t, *m_generated);
        html = QStringLiteral("<pre>");
        for (const QString &line : text.split(QLatin1Char('\n'))) {
            const QString esc = line.toHtmlEscaped();
            if (line.startsWith(QLatin1String("+ ")))
                html += QStringLiteral("<span style='color:#2e9e5b;font-weight:bold'>%1</span>\n").arg(esc);
            else if (line.startsWith(QLatin1String("- ")))
                html += QStringLiteral("<span style='color:%1'>%2</span>\n").arg(theme.problem.name(), esc);
            else if (line.startsWith(QLatin1String("== ")))
                html += QStringLiteral("<b>%1</b>\n").arg(esc);
            else
                html += esc + QLatin1Char('\n');
        }
        html += QStringLiteral("</pre>");
    }
    for (const auto &n : notes)
        html += QStringLiteral("<p>• %1</p>").arg(QString::fromStdString(n).toHtmlEscaped());
    m_preview->setHtml(html);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(m_generated.has_value());
}

QString GeneratorDialog::preview() const { return m_preview->toPlainText(); }

bool GeneratorDialog::applyGenerated()
{
    if (!m_generated)
        return false;
    const auto kind = Kind(m_kind->currentData().toInt());
    const std::string text = kind == Kind::Calico ? "Generate Calico routes" : kind == Kind::HostGateway ? "Generate host-gateway routes" : "Generate bridge wiring";
    std::string error;
    const auto e = editBetween(m_window->document()->topology(), *m_generated, text, &error);
    if (!e)
        return error.empty();
    return EditCommand::push(m_window->undoStack(), m_window->document(), *e);
}

} // namespace nslab::gui::insight
