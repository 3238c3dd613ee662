"""The bulletin's charts as inline SVG, drawn directly (bars and text, nothing else).

    svg = theme_history_svg(weeks, counts, labels, current="2026-W46")
    svg = money_svg(by_theme, labels, kinds)   # None when no new money this week

Hand-written rather than plotted: two bar charts need no plotting library, the SVG stays a few
kilobytes of plain shapes and real text (selectable, printable, readable by screen readers),
draws in milliseconds for any size of week, and is byte-identical from one run to the next.
Each SVG carries role="img", a <title> and an aria-label; the HTML puts a table beside it as
the text alternative. Every text is XML-escaped.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from scanner.nlp.money_format import format_eur

INK = "#1d2b3a"
MUTED = "#5f6c7b"
BAR = "#b9c7d6"
ACCENT = "#0b5c8e"
GRID = "#e3e8ee"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

WIDTH = 920
COLS = 4
PANEL_H = 150  # one theme's panel: title, bars, week labels
PLOT_TOP = 38  # room for a two-line title
PLOT_H = 80
BAR_ROW = 30  # money chart: height of one theme's bar row
LABEL_W = 290  # money chart: room for theme labels on the left


def theme_history_svg(
    weeks: Sequence[str],
    counts: Mapping[str, Sequence[int]],
    labels: Mapping[str, str],
    current: str,
) -> str:
    """Small multiples: on-theme articles per week, one panel per theme, this week in colour;
    all panels share one scale so themes compare at a glance."""
    keys = list(labels)
    cols = min(COLS, max(1, len(keys)))
    rows = max(1, math.ceil(len(keys) / cols))
    top = max([1, *(max(counts.get(k, ()) or [0]) for k in keys)])
    panel_w = WIDTH / cols
    label = f"Articles par thème sur {len(weeks)} semaines"
    parts = [_open(WIDTH, rows * PANEL_H, label)]
    for n, key in enumerate(keys):
        x0, y0 = (n % cols) * panel_w, (n // cols) * PANEL_H
        parts.append(_panel(x0, y0, panel_w, weeks, list(counts.get(key, ())), top, current))
        parts.append(_lines(x0 + 8, y0 + 14, _wrap(labels[key], 30), size=12, colour=INK))
    parts.append("</svg>")
    return "".join(parts)


def _panel(
    x0: float, y0: float, w: float, weeks: Sequence[str], values: list[int], top: int, now: str
) -> str:
    left, right = x0 + 28, x0 + w - 10
    base = y0 + PLOT_TOP + PLOT_H
    out = []
    for tick in sorted({0, top // 2, top}):  # a light grid with its scale on the left
        y = base - PLOT_H * tick / top
        out.append(_line(left, y, right, y, GRID))
        out.append(_text(left - 4, y + 3.5, str(tick), size=9, colour=MUTED, anchor="end"))
    step = (right - left) / max(1, len(weeks))
    for i, week in enumerate(weeks):
        v = values[i] if i < len(values) else 0
        h = PLOT_H * v / top
        colour = ACCENT if week == now else BAR
        title = f"{week} : {v} article{'s' if v > 1 else ''}"
        out.append(
            f'<rect class="bar" x="{left + i * step + step * 0.15:.1f}" y="{base - h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(title)}</title></rect>"
        )
    if weeks:
        last = values[len(weeks) - 1] if len(values) >= len(weeks) else 0
        x_last = left + (len(weeks) - 0.5) * step
        y_last = base - PLOT_H * last / top - 4
        out.append(
            _text(x_last, y_last, str(last), size=10, colour=ACCENT, anchor="middle", bold=True)
        )
        out.append(_text(left, base + 14, _short(weeks[0]), size=9, colour=MUTED))
        out.append(_text(right, base + 14, _short(weeks[-1]), size=9, colour=MUTED, anchor="end"))
    return "".join(out)


def money_svg(
    by_theme: Mapping[str, Mapping[str, float]],
    labels: Mapping[str, str],
    kinds: Mapping[str, str],
) -> str | None:
    """Horizontal bars: new money per theme and kind this week (a round and an envelope are
    two bars, never one sum), largest first, on a log scale (a 2 Md€ plan would otherwise
    flatten every start-up round to nothing); None when there is no new money."""
    rows = [
        (f"{labels[t]} — {kinds.get(k, k).lower()}", v)
        for t in labels
        for k, v in by_theme.get(t, {}).items()
        if v > 0
    ]
    rows.sort(key=lambda r: -r[1])
    if not rows:
        return None
    lo = math.log10(min(v for _, v in rows)) - 0.5
    hi = math.log10(max(v for _, v in rows))
    span = max(hi - lo, 1e-9)
    bar_max = WIDTH - LABEL_W - 90  # room for the value after the longest bar
    label = "Nouveaux financements par thème et par nature cette semaine (échelle logarithmique)"
    parts = [_open(WIDTH, len(rows) * BAR_ROW + 10, label)]
    for n, (row_label, value) in enumerate(rows):
        y = 5 + n * BAR_ROW
        w = max(2.0, bar_max * (math.log10(value) - lo) / span)
        name = _wrap(row_label, 44)
        parts.append(_lines(LABEL_W - 8, y + 18 - 6 * (len(name) - 1), name, 11, INK, "end"))
        parts.append(
            f'<rect class="bar" x="{LABEL_W}" y="{y + 5}" width="{w:.1f}" '
            f'height="{BAR_ROW - 10}" fill="{ACCENT}"><title>{escape(row_label)} : '
            f"{escape(format_eur(value))}</title></rect>"
        )
        parts.append(
            _text(LABEL_W + w + 6, y + 19, format_eur(value), size=11, colour=INK, bold=True)
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label={quoteattr(label)} '
        f'font-family="{FONT}"><title>{escape(label)}</title>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="1"/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: str,
    anchor: str = "start",
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" '
        f'text-anchor="{anchor}"{weight}>{escape(text)}</text>'
    )


def _lines(
    x: float, y: float, lines: Sequence[str], size: float, colour: str, anchor: str = "start"
) -> str:
    return "".join(
        _text(x, y + i * (size + 2), line, size, colour, anchor) for i, line in enumerate(lines)
    )


def _short(week: str) -> str:
    return week.split("-")[-1] if "-" in week else week


def _wrap(text: str, width: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:  # two lines at most: the rest is in the table beside the chart
        lines = [lines[0], lines[1][: width - 1].rstrip() + "…"]
    return lines
