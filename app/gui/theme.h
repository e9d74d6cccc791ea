#pragma once
// Colours and fonts of the canvas, derived from the application palette so that the drawing
// follows dark mode. One place, so items never hard-code a colour.
#include <QColor>
#include <QFont>
#include <QPalette>

namespace nslab::gui {

struct Theme {
    bool dark = false;
    QColor background, grid, gridMajor;
    QColor text, textMuted, accent, selection, problem, problemFill;
    QColor hostFill, hostBorder, hostHeader;
    QColor netnsFill, netnsBorder, netnsStripe;
    QColor routerFill, routerBorder, routerStripe;
    QColor lanBus, lanText;
    QColor link, linkHover;
    QColor portFill, portUnlinked;
    QColor labelFill;
    QFont titleFont, nameFont, smallFont, monoFont, monoSmallFont;

    static Theme fromPalette(const QPalette &palette);
    // The theme the canvas uses now (rebuilt when the palette changes).
    static const Theme &current();
    static void refresh(const QPalette &palette);
};

} // namespace nslab::gui
