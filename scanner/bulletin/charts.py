"""The bulletin's charts as inline SVG (matplotlib, Agg, text kept as text).

    svg = theme_history_svg(weeks, counts, labels, current="2026-W46")
    svg = money_svg(totals, labels)   # None when no money this week

Each SVG carries role="img" and an aria-label; the HTML puts a table beside it as the text
alternative. Output is deterministic (fixed id salt, no date) so re-runs give the same file.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the bulletin is built in batch runs and servers

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from scanner.bulletin.model import format_eur  # noqa: E402

INK = "#1d2b3a"
MUTED = "#8a96a3"
BAR = "#b9c7d6"
ACCENT = "#0b5c8e"
GRID = "#e3e8ee"

RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 8.5,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
}


def theme_history_svg(
    weeks: Sequence[str],
    counts: Mapping[str, Sequence[int]],
    labels: Mapping[str, str],
    current: str,
) -> str:
    """Small multiples: on-theme articles per week, one panel per theme, this week in colour."""
    keys = list(labels)
    cols = 4 if len(keys) > 4 else max(1, len(keys))
    rows = math.ceil(len(keys) / cols) or 1
    top = max([1, *(max(v, default=0) for v in counts.values())])
    with rc_context({**RC, "svg.hashsalt": "bulletin-history"}):
        fig = Figure(figsize=(9.2, 1.75 * rows + 0.2))
        axes = fig.subplots(rows, cols, squeeze=False, sharey=True)
        for n, ax in enumerate(axes.flat):
            if n >= len(keys):
                ax.set_visible(False)
                continue
            key = keys[n]
            values = list(counts.get(key, ()))
            colours = [ACCENT if w == current else BAR for w in weeks]
            ax.bar(range(len(values)), values, color=colours, width=0.75)
            ax.set_ylim(0, top * 1.15)
            ax.set_title(_wrap(labels[key], 28), fontsize=8.5, loc="left", color=INK)
            ax.set_xticks([0, len(weeks) - 1] if len(weeks) > 1 else [0])
            ax.set_xticklabels([_short(weeks[0]), _short(weeks[-1])][: len(ax.get_xticks())])
            _tidy(ax)
            if values:
                ax.annotate(
                    str(values[-1]),
                    (len(values) - 1, values[-1]),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    color=ACCENT,
                    fontweight="bold",
                )
        fig.subplots_adjust(left=0.04, right=0.99, top=0.86, bottom=0.1, wspace=0.12, hspace=0.75)
        return _svg(fig, f"Articles par thème sur {len(weeks)} semaines")


def money_svg(totals: Mapping[str, float], labels: Mapping[str, str]) -> str | None:
    """Horizontal bars: euros announced per theme this week; None when there are none."""
    keys = [k for k in labels if totals.get(k, 0) > 0]
    if not keys:
        return None
    keys.sort(key=lambda k: -totals[k])
    values = [totals[k] for k in keys]
    with rc_context({**RC, "svg.hashsalt": "bulletin-money"}):
        fig = Figure(figsize=(9.2, 0.42 * len(keys) + 0.5))
        ax = fig.subplots()
        ypos = list(range(len(keys)))[::-1]
        # log scale: a 2 Md€ plan would otherwise flatten every start-up round to nothing
        ax.barh(ypos, values, color=ACCENT, height=0.6)
        ax.set_xscale("log")
        ax.set_xlim(min(values) / 3, max(values) * 12)
        ax.set_yticks(ypos)
        ax.set_yticklabels([_wrap(labels[k], 40) for k in keys], color=INK)
        for y, v in zip(ypos, values, strict=True):
            ax.annotate(
                format_eur(v),
                (v, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                color=INK,
                fontweight="bold",
            )
        ax.set_xticks([])
        ax.minorticks_off()
        _tidy(ax, grid=False)
        ax.tick_params(axis="y", length=0)
        fig.subplots_adjust(left=0.3, right=0.98, top=0.95, bottom=0.05)
        return _svg(fig, "Montants annoncés par thème cette semaine (échelle logarithmique)")


def _tidy(ax: Any, grid: bool = True) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, labelsize=7.5)
    if grid:
        ax.yaxis.grid(True, color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)


def _svg(fig: Figure, label: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE: it goes inline
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _short(week: str) -> str:
    return week.split("-")[-1] if "-" in week else week


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])
