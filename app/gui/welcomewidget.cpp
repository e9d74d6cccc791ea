#include "welcomewidget.h"

#include "icons.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace nslab::gui {

namespace {

QString labTitle(const QString &path)
{
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        const auto doc = QJsonDocument::fromJson(f.read(1 << 20));
        const QString title = doc.object().value(QStringLiteral("title")).toString();
        if (!title.isEmpty())
            return title;
    }
    return QFileInfo(path).completeBaseName();
}

QLabel *sectionLabel(const QString &text)
{
    auto *l = new QLabel(text);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

} // namespace

WelcomeWidget::WelcomeWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcome"));
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto *center = new QHBoxLayout;
    outer->addLayout(center);
    outer->addStretch(2);
    center->addStretch();
    auto *box = new QWidget;
    box->setMaximumWidth(760);
    box->setMinimumWidth(520);
    center->addWidget(box, 3);
    center->addStretch();
    auto *v = new QVBoxLayout(box);

    auto *top = new QHBoxLayout;
    auto *logo = new QLabel;
    logo->setPixmap(QIcon(QStringLiteral(":/icons/nslab.svg")).pixmap(64, 64));
    top->addWidget(logo);
    auto *titles = new QVBoxLayout;
    auto *title = new QLabel(QStringLiteral("nslab"));
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 2.2);
    tf.setBold(true);
    title->setFont(tf);
    titles->addWidget(title);
    auto *sub = new QLabel(tr("Draw Linux network-namespace labs, see every route table and ping before you run "
                              "anything, then apply them or export a script."));
    sub->setWordWrap(true);
    titles->addWidget(sub);
    top->addLayout(titles, 1);
    v->addLayout(top);
    v->addSpacing(16);

    auto *buttons = new QHBoxLayout;
    auto *newButton = new QPushButton(Icons::icon(QStringLiteral("netns")), tr("New lab"));
    newButton->setObjectName(QStringLiteral("welcomeNew"));
    auto *openButton = new QPushButton(tr("Open…"));
    for (QPushButton *b : {newButton, openButton}) {
        b->setMinimumHeight(36);
        b->setMinimumWidth(140);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    v->addLayout(buttons);
    v->addSpacing(12);

    auto *lists = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(sectionLabel(tr("Examples")));
    m_examples = new QListWidget;
    m_examples->setObjectName(QStringLiteral("examples"));
    left->addWidget(m_examples);
    auto *right = new QVBoxLayout;
    right->addWidget(sectionLabel(tr("Recent labs")));
    m_recent = new QListWidget;
    right->addWidget(m_recent);
    lists->addLayout(left);
    lists->addLayout(right);
    v->addLayout(lists);

    for (const QString &path : examplePaths()) {
        auto *item = new QListWidgetItem(Icons::icon(QStringLiteral("layout")), labTitle(path));
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        m_examples->addItem(item);
    }
    if (m_examples->count() == 0)
        m_examples->addItem(tr("(no examples installed)"));

    connect(newButton, &QPushButton::clicked, this, &WelcomeWidget::newRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomeWidget::openRequested);
    for (QListWidget *list : {m_examples, m_recent})
        connect(list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
            const QString path = item->data(Qt::UserRole).toString();
            if (!path.isEmpty())
                Q_EMIT openPath(path);
        });
}

void WelcomeWidget::setRecent(const QStringList &paths)
{
    m_recent->clear();
    for (const QString &p : paths) {
        auto *item = new QListWidgetItem(QFileInfo(p).fileName() + QStringLiteral("   ") + QFileInfo(p).absolutePath());
        item->setData(Qt::UserRole, p);
        item->setToolTip(p);
        m_recent->addItem(item);
    }
    if (paths.isEmpty())
        m_recent->addItem(tr("(none yet)"));
}

QStringList WelcomeWidget::examplePaths()
{
    QStringList out;
    QStringList seen;
    const auto add = [&](const QString &dir) {
        const QDir d(dir);
        for (const QString &f : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            if (!seen.contains(f)) {
                seen << f;
                out << d.filePath(f);
            }
    };
    add(QStringLiteral(":/labs"));
    add(QStringLiteral(NSLAB_DATADIR "/nslab/labs"));
    return out;
}

} // namespace nslab::gui
