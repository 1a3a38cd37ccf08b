"""Tiny server-rendered SVG charts: horizontal bars and monthly columns (with an optional line).

No JavaScript and no inline styles (the console's content security policy allows neither):
colours are SVG presentation attributes and fonts come from ``stats.css``. Positions are in
percent of the chart's width, so the text keeps its size on a phone instead of shrinking
with a scaled ``viewBox``. Every bar that stands for cases links to their list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from bot.console_stats.figures import Bar

COLOUR = "#1d5fa8"
TRACK = "#e9edf2"
LINE = "#a86a00"
ROW = 40  # px per horizontal bar: a label line and the bar under it
COLUMNS_HEIGHT = 180
LinkFor = Callable[[Bar], str | None]


def _linked(href: str | None, inner: str, title: str) -> str:
    titled = f"<title>{escape(title)}</title>{inner}"
    return f'<a href="{escape(href)}">{titled}</a>' if href else f"<g>{titled}</g>"


def bars(items: Sequence[Bar], label: str, link: LinkFor | None = None) -> Markup:
    """One bar per item, longest first as given; the label above its bar, the number at the end."""
    if not items:
        return Markup('<p class="muted small">没有数据。</p>')
    top = max(b.value for b in items) or 1
    rows = []
    for i, bar in enumerate(items):
        y = i * ROW
        width = 100.0 * bar.value / top
        inner = (f'<text x="0" y="{y + 15}" class="chart-label">{escape(bar.label)}</text>'
                 f'<text x="100%" y="{y + 15}" text-anchor="end" class="chart-value">{bar.value}</text>'
                 f'<rect x="0" y="{y + 22}" width="100%" height="10" rx="3" fill="{TRACK}"/>'
                 f'<rect x="0" y="{y + 22}" width="{width:.2f}%" height="10" rx="3" fill="{COLOUR}"/>')
        rows.append(_linked(link(bar) if link else None, inner, f"{bar.label}：{bar.value}"))
    height = len(items) * ROW
    return Markup(f'<svg class="chart" role="img" aria-label="{escape(label)}" width="100%" height="{height}" '
                  f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>')


def columns(items: Sequence[Bar], label: str, line: bool = False, tick: Callable[[Bar], str] | None = None) -> Markup:
    """Vertical columns (months), the number above each; ``line`` also joins their tops.
    ``tick`` shortens the labels under the columns (a phone has room for "11", not "11月")."""
    if not items:
        return Markup('<p class="muted small">没有数据。</p>')
    top = max(b.value for b in items) or 1
    plot = COLUMNS_HEIGHT - 40  # room for the numbers above and the labels below
    slot = 100.0 / len(items)
    parts = [f'<line x1="0" y1="{plot + 20}" x2="100%" y2="{plot + 20}" stroke="#b8c2cc"/>']
    points = []
    for i, bar in enumerate(items):
        h = plot * bar.value / top
        x = i * slot + slot * 0.18
        centre = i * slot + slot / 2
        parts.append(_linked(None, f'<rect x="{x:.2f}%" y="{plot + 20 - h:.1f}" width="{slot * 0.64:.2f}%" '
                                   f'height="{h:.1f}" rx="2" fill="{COLOUR}"/>', f"{bar.label}：{bar.value}"))
        parts.append(f'<text x="{centre:.2f}%" y="{plot + 14 - h:.1f}" text-anchor="middle" '
                     f'class="chart-value small">{bar.value}</text>')
        parts.append(f'<text x="{centre:.2f}%" y="{plot + 36}" text-anchor="middle" '
                     f'class="chart-label small">{escape(tick(bar) if tick else bar.label)}</text>')
        points.append(f"{centre:.2f},{100.0 * (1 - bar.value / top):.2f}")
    if line and len(points) > 1:
        # A nested, stretched 100×100 box for the line; the stroke keeps its width.
        parts.append(f'<svg x="0" y="20" width="100%" height="{plot}" viewBox="0 0 100 100" '
                     f'preserveAspectRatio="none"><polyline points="{" ".join(points)}" fill="none" '
                     f'stroke="{LINE}" stroke-width="2" vector-effect="non-scaling-stroke"/></svg>')
    return Markup(f'<svg class="chart" role="img" aria-label="{escape(label)}" width="100%" '
                  f'height="{COLUMNS_HEIGHT}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')
