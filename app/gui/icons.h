#pragma once
// The SVG icons in :/icons, tinted to the colour they are drawn in (so one drawing serves light
// and dark themes).
#include <QColor>
#include <QIcon>
#include <QRectF>
#include <QString>

class QPainter;

namespace nslab::gui {

class Icons
{
public:
    // Paints icon `name` (":/icons/NAME.svg") into `rect`, in `color`.
    static void paint(QPainter *painter, const QString &name, const QRectF &rect, const QColor &color);
    // The icon for menus, toolbars and the palette, in the palette's text colour.
    static QIcon icon(const QString &name);
    static QImage image(const QString &name, QSize size, const QColor &color);
};

} // namespace nslab::gui
