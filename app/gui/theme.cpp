#include "theme.h"

#include <QGuiApplication>

#include <optional>

namespace nslab::gui {

namespace {
// Built on first use: fonts need a QGuiApplication.
std::optional<Theme> g_theme;

QFont makeFont(const QStringList &families, qreal pointSize, QFont::Weight weight = QFont::Normal)
{
    QFont f;
    f.setFamilies(families);
    f.setPointSizeF(pointSize);
    f.setWeight(weight);
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
}
} // namespace

Theme Theme::fromPalette(const QPalette &palette)
{
    Theme t;
    t.dark = palette.color(QPalette::Window).lightness() < 128;
    const QStringList sans = {QStringLiteral("Noto Sans"), QStringLiteral("Cantarell"), QStringLiteral("DejaVu Sans"),
                              QStringLiteral("sans-serif")};
    const QStringList mono = {QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Noto Sans Mono"),
                              QStringLiteral("monospace")};
    t.titleFont = makeFont(sans, 12.5, QFont::Bold);
    t.nameFont = makeFont(sans, 11.5, QFont::DemiBold);
    t.smallFont = makeFont(sans, 9);
    t.monoFont = makeFont(mono, 9.5, QFont::Bold);
    t.monoSmallFont = makeFont(mono, 9);
    if (t.dark) {
        t.background = QColor::fromRgb(0x1b1e24u);
        t.grid = QColor::fromRgb(0x272b33u);
        t.gridMajor = QColor::fromRgb(0x30353fu);
        t.text = QColor::fromRgb(0xe8eaedu);
        t.textMuted = QColor::fromRgb(0xa0a8b4u);
        t.accent = QColor::fromRgb(0x5ea1ffu);
        t.selection = QColor::fromRgb(0xffc857u);
        t.problem = QColor::fromRgb(0xff6b6bu);
        t.problemFill = QColor::fromRgb(0x4a2326u);
        t.hostFill = QColor::fromRgb(0x232831u);
        t.hostBorder = QColor::fromRgb(0x4b5565u);
        t.hostHeader = QColor::fromRgb(0x2c3340u);
        t.netnsFill = QColor::fromRgb(0x2b323du);
        t.netnsBorder = QColor::fromRgb(0x5ea1ffu);
        t.netnsStripe = QColor::fromRgb(0x5ea1ffu);
        t.routerFill = QColor::fromRgb(0x33302au);
        t.routerBorder = QColor::fromRgb(0xf0a33au);
        t.routerStripe = QColor::fromRgb(0xf0a33au);
        t.lanBus = QColor::fromRgb(0x2fb8a6u);
        t.lanText = QColor::fromRgb(0x6fdccdu);
        t.link = QColor::fromRgb(0xc9d1dcu);
        t.linkHover = QColor::fromRgb(0xffffffu);
        t.portFill = QColor::fromRgb(0x5ea1ffu);
        t.portUnlinked = QColor::fromRgb(0x7b8494u);
        t.labelFill = QColor(27, 30, 36, 215);
    } else {
        t.background = QColor::fromRgb(0xf7f8fau);
        t.grid = QColor::fromRgb(0xe6e9eeu);
        t.gridMajor = QColor::fromRgb(0xd8dde4u);
        t.text = QColor::fromRgb(0x1d2430u);
        t.textMuted = QColor::fromRgb(0x556070u);
        t.accent = QColor::fromRgb(0x2563ebu);
        t.selection = QColor::fromRgb(0xe8a600u);
        t.problem = QColor::fromRgb(0xd92d20u);
        t.problemFill = QColor::fromRgb(0xfde8e7u);
        t.hostFill = QColor::fromRgb(0xeef2f7u);
        t.hostBorder = QColor::fromRgb(0x9aa6b5u);
        t.hostHeader = QColor::fromRgb(0xdde5efu);
        t.netnsFill = QColor::fromRgb(0xffffffu);
        t.netnsBorder = QColor::fromRgb(0x2563ebu);
        t.netnsStripe = QColor::fromRgb(0x2563ebu);
        t.routerFill = QColor::fromRgb(0xfffbf2u);
        t.routerBorder = QColor::fromRgb(0xd97706u);
        t.routerStripe = QColor::fromRgb(0xd97706u);
        t.lanBus = QColor::fromRgb(0x0f9488u);
        t.lanText = QColor::fromRgb(0x0b6b63u);
        t.link = QColor::fromRgb(0x2f3b4cu);
        t.linkHover = QColor::fromRgb(0x000000u);
        t.portFill = QColor::fromRgb(0x2563ebu);
        t.portUnlinked = QColor::fromRgb(0x8a94a3u);
        t.labelFill = QColor(247, 248, 250, 225);
    }
    return t;
}

const Theme &Theme::current()
{
    if (!g_theme)
        g_theme = fromPalette(QGuiApplication::palette());
    return *g_theme;
}

void Theme::refresh(const QPalette &palette)
{
    g_theme = fromPalette(palette);
}

} // namespace nslab::gui
