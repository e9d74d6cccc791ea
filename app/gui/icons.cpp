#include "icons.h"

#include <QGuiApplication>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

namespace nslab::gui {

QImage Icons::image(const QString &name, QSize size, const QColor &color)
{
    // Cached: the canvas repaints often and the same few icons come back in the same colours.
    static QHash<QString, QImage> cache;
    const QString key = name + QLatin1Char('/') + QString::number(size.width()) + QLatin1Char('x')
        + QString::number(size.height()) + QLatin1Char('/') + color.name(QColor::HexArgb);
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QSvgRenderer svg(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (svg.isValid()) {
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        svg.render(&p, QRectF(QPointF(0, 0), QSizeF(size)));
        p.setCompositionMode(QPainter::CompositionMode_SourceIn);
        p.fillRect(img.rect(), color);
    }
    cache.insert(key, img);
    return img;
}

void Icons::paint(QPainter *painter, const QString &name, const QRectF &rect, const QColor &color)
{
    // Render at device resolution so that zoomed-in canvases and exports stay crisp.
    const qreal scale = std::max<qreal>(1.0, painter->transform().m11()) * painter->device()->devicePixelRatioF();
    const int w = std::clamp(int(std::ceil(rect.width() * scale)), 8, 256);
    const int h = std::clamp(int(std::ceil(rect.height() * scale)), 8, 256);
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(rect, image(name, QSize(w, h), color));
    painter->restore();
}

QIcon Icons::icon(const QString &name)
{
    QIcon icon;
    const QColor text = QGuiApplication::palette().color(QPalette::WindowText);
    const QColor disabled = QGuiApplication::palette().color(QPalette::Disabled, QPalette::WindowText);
    for (int s : {16, 22, 24, 32, 48}) {
        icon.addPixmap(QPixmap::fromImage(image(name, QSize(s, s), text)), QIcon::Normal);
        icon.addPixmap(QPixmap::fromImage(image(name, QSize(s, s), disabled)), QIcon::Disabled);
    }
    return icon;
}

} // namespace nslab::gui
