"""Charts for the notebooks (matplotlib). Each returns a `Figure` made without pyplot, so a
notebook shows it once, a script can `savefig` it, and no global figure state leaks.

Colours: one per theme in taxonomy order (the same on every chart), off-topic in light grey.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Patch, Polygon, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from scanner.analysis.landscape import Outline
from scanner.analysis.watch import OFF_TOPIC
from scanner.nlp.money_format import format_eur

# tab10 without its grey (kept for off-topic), then two darker tones for longer taxonomies
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
)
OFF_TOPIC_COLOUR = "#c9c9c9"
LINEAGE_COLOURS = {
    "new": "#2ca02c",
    "grown": "#1f77b4",
    "stable": "#7f7f7f",
    "shrunk": "#ff7f0e",
    "merged": "#9467bd",
    "split": "#8c564b",
    "faded": "#d62728",
}


def theme_colours(labels: Mapping[str, str]) -> dict[str, str]:
    """Theme key → colour, taxonomy order; off-topic grey."""
    keys = [k for k in labels if k != OFF_TOPIC]
    out = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    out[OFF_TOPIC] = OFF_TOPIC_COLOUR
    return out


def plain(text: str) -> str:
    """Text drawn as is: crawled words with a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def _short_week(week: str) -> str:
    return week.split("-", 1)[-1] if isinstance(week, str) else str(week)


def plot_landscape(
    land: pd.DataFrame,
    labels: Mapping[str, str],
    outlines: Sequence[Outline] = (),
    size: tuple[float, float] = (11, 8),
    words: int = 3,
    box: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> Figure:
    """The map: a dot per article coloured by its best theme, off-topic greyed underneath,
    each outlined cluster drawn round its members and labelled with its first words, and
    `box` ((x0, x1), (y0, y1)), a region being looked at, as a red rectangle."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    colours = theme_colours(labels)
    off = land[land["theme"] == OFF_TOPIC]
    ax.scatter(off["x"], off["y"], s=22, c=OFF_TOPIC_COLOUR, label=labels.get(OFF_TOPIC), zorder=1)
    for key, label in labels.items():
        pts = land[land["theme"] == key]
        if key == OFF_TOPIC or pts.empty:
            continue
        ax.scatter(
            pts["x"], pts["y"], s=34, c=colours[key], label=label, zorder=2, edgecolors="white"
        )
    span = max(float(np.ptp(land["x"])) if len(land) else 1.0, 1e-6)
    for o in outlines:
        pts = land[land["id"].isin(o.article_ids)][["x", "y"]].to_numpy()
        if len(pts) == 0:
            continue
        _outline(ax, pts, pad=0.03 * span)
        top = pts[np.argmax(pts[:, 1])]
        ax.annotate(
            plain(f"{o.cluster}: {', '.join(o.words[:words])}"),
            (top[0], top[1]),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=8.5,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#333333", "alpha": 0.9},
        )
    if box is not None:
        (x0, x1), (y0, y1) = sorted(box[0]), sorted(box[1])
        ax.add_patch(
            Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#d62728", linewidth=1.5)
        )
    ax.set_title(
        f"{len(land)} articles, {land.attrs.get('method', '?')} of their embeddings "
        f"({len(outlines)} emerging cluster(s) outlined)"
    )
    ax.grid(True, alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return fig


def _outline(ax: Axes, pts: np.ndarray, pad: float) -> None:
    """A dashed hull round the points (an ellipse when they are fewer than three or aligned)."""
    from scipy.spatial import ConvexHull, QhullError

    centre = pts.mean(axis=0)
    try:
        hull = pts[ConvexHull(pts).vertices] if len(pts) >= 3 else None
    except QhullError:
        hull = None
    patch: Patch
    if hull is None:
        w, h = np.ptp(pts[:, 0]) + 2 * pad, np.ptp(pts[:, 1]) + 2 * pad
        patch = Ellipse(tuple(centre), max(w, pad * 2), max(h, pad * 2), fill=False)
    else:
        away = hull - centre
        norms = np.linalg.norm(away, axis=1, keepdims=True)
        grown = hull + away / np.where(norms > 0, norms, 1.0) * pad
        patch = Polygon(grown, closed=True, fill=False)
    patch.set(edgecolor="#222222", linestyle="--", linewidth=1.2, zorder=3)
    ax.add_patch(patch)


def plot_theme_weeks(
    counts: pd.DataFrame, labels: Mapping[str, str], size: tuple[float, float] = (11, 4.5)
) -> Figure:
    """Items per theme per ISO week, one line per theme (off-topic dashed)."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    colours = theme_colours(labels)
    x = np.arange(len(counts.index))
    for key in counts.columns:
        style = "--" if key == OFF_TOPIC else "-"
        ax.plot(
            x, counts[key], style, marker="o", ms=4, color=colours.get(key), label=labels.get(key)
        )
    _week_axis(ax, counts.index)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("items")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return fig


def _week_axis(ax: Axes, weeks: Sequence[str]) -> None:
    ax.set_xticks(np.arange(len(weeks)), [_short_week(w) for w in weeks], rotation=0)
    ax.set_xlabel("ISO week")


def plot_money(
    table: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    top: int = 8,
    size: tuple[float, float] = (11, 4.5),
    title: str = "",
) -> Figure:
    """Euros announced per week, stacked by the table's columns (the `top` largest; the rest
    as "autres")."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    shown = table.iloc[:, :top].copy()
    if table.shape[1] > top:
        shown["autres"] = table.iloc[:, top:].sum(axis=1)
    x = np.arange(len(shown.index))
    bottom = np.zeros(len(x))
    for i, col in enumerate(shown.columns):
        colour = (colours or {}).get(col, PALETTE[i % len(PALETTE)])
        label = plain((labels or {}).get(col, col))
        ax.bar(x, shown[col], bottom=bottom, color=colour, label=label)
        bottom += shown[col].to_numpy()
    _week_axis(ax, shown.index)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_eur(v) if v > 0 else "0"))
    ax.set_title(title)
    ax.grid(True, axis="y", alpha=0.25)
    if len(shown.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return fig


def plot_cluster_timeline(
    lineage: pd.DataFrame, weeks: Sequence[str], size: tuple[float, float] | None = None
) -> Figure:
    """One row per cluster id: a dot per week it was seen, sized by its articles and coloured
    by its lineage that week (appeared, grew, held, shrank, merged, split, faded)."""
    order = list(lineage.groupby("cluster")["week"].min().sort_values(kind="stable").index)
    fig = Figure(figsize=size or (11, 1.8 + 0.45 * max(1, len(order))), layout="constrained")
    ax = fig.add_subplot()
    col = {w: i for i, w in enumerate(weeks)}
    for row, cid in enumerate(order):
        g = lineage[lineage["cluster"] == cid].sort_values("week")
        xs = [col[w] for w in g["week"] if w in col]
        ax.plot(xs, [row] * len(xs), color="#bbbbbb", zorder=1)
        ax.scatter(
            xs,
            [row] * len(xs),
            s=[40 + 25 * s for s in g["size"]],
            c=[LINEAGE_COLOURS.get(lin, "#333333") for lin in g["lineage"]],
            zorder=2,
            edgecolors="white",
        )
        words = g[g["lineage"] != "faded"]["words"]
        ax.annotate(
            plain(", ".join(words.iloc[-1].split(", ")[:4])) if len(words) else "",
            (max(xs, default=0), row),
            xytext=(12, -3),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_yticks(range(len(order)), order, fontsize=8)
    ax.invert_yaxis()
    _week_axis(ax, weeks)
    ax.set_xlim(-0.5, len(weeks) + 2.5)  # room for the words after the last week
    for lin, colour in LINEAGE_COLOURS.items():
        ax.scatter([], [], c=colour, label=lin, s=40)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, ncol=1)
    ax.set_title("emerging clusters by stable id (dot size: articles in the window)")
    return fig


def plot_lines(
    table: pd.DataFrame, size: tuple[float, float] = (11, 4), ylabel: str = "stories"
) -> Figure:
    """A line per column over the weeks of the index (organisations' mentions, say)."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    x = np.arange(len(table.index))
    for i, col in enumerate(table.columns):
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(x, table[col], marker="o", ms=4, color=colour, label=plain(col))
    _week_axis(ax, table.index)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.25)
    if len(table.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return fig


def plot_confusion(confusion: pd.DataFrame, size: tuple[float, float] = (8.5, 7)) -> Figure:
    """A heatmap of a confusion table (gold rows × assigned columns), counts written in; the
    diagonal is what was right."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    values = confusion.to_numpy(dtype=float)
    ax.imshow(values, cmap="Blues", aspect="auto")
    top = values.max() if values.size else 0
    for (i, j), v in np.ndenumerate(values):
        if v:
            colour = "white" if v > top / 2 else "black"
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", color=colour, fontsize=9)
    ax.set_xticks(range(len(confusion.columns)), confusion.columns, rotation=40, ha="right")
    ax.set_yticks(range(len(confusion.index)), confusion.index)
    ax.set_xlabel("assigned (cross-validated)")
    ax.set_ylabel("gold")
    return fig


def plot_theme_stages(table: pd.DataFrame, size: tuple[float, float] = (9, 5)) -> Figure:
    """Themes × maturity stages as a heatmap, counts written in (`theme_stage_table`)."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    values = table.to_numpy(dtype=float)
    ax.imshow(values, cmap="Oranges", aspect="auto")
    top = values.max() if values.size else 0
    for (i, j), v in np.ndenumerate(values):
        if v:
            colour = "white" if v > top / 2 else "black"
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", color=colour, fontsize=9)
    ax.set_xticks(range(len(table.columns)), [plain(c) for c in table.columns], rotation=30,
                  ha="right")  # fmt: skip
    ax.set_yticks(range(len(table.index)), [plain(t) for t in table.index])
    ax.set_xlabel("stade de maturité")
    return fig
