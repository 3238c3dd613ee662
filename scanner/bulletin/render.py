"""Render a bulletin to self-contained HTML and to Markdown, and write every format.

    files = write_bulletin(cfg, bulletin, Path("out"))
    files["html"]   # out/bulletin-2026-W46.html (inline CSS and SVG, nothing fetched)

HTML goes through Jinja2 with autoescaping on; Markdown escapes crawled text with `md` so a
title cannot inject links or HTML. Only http(s) links are emitted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scanner.bulletin.atom import atom_feed
from scanner.bulletin.charts import money_svg, theme_history_svg
from scanner.bulletin.explain import MONTHS
from scanner.bulletin.model import DEMO_NOTICE, Bulletin, bulletin_json
from scanner.bulletin.money import KINDS, ROLE_LABELS
from scanner.config import Config
from scanner.errors import OutputError
from scanner.nlp.money_format import format_eur

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FEED_TITLE = "Bulletins de veille prospective — innovation en santé"
CHANGE_LABELS = {
    "grew": "S'est renforcé",
    "continued": "Se poursuit",
    "quiet": "Sans suite cette semaine",
}
LINEAGE_LABELS = {
    "new": "nouveau sujet",
    "grown": "en croissance",
    "merged": "né d'une fusion",
    "split": "né d'une scission",
}
SIGNAL_LABELS = {
    "theme": "pertinence thématique",
    "novelty": "nouveauté",
    "salience": "nombre de sources",
    "money": "montant",
    "key_entities": "programmes et acteurs clés",
    "authority": "autorité de la source",
    "recency": "fraîcheur",
}
# characters that start Markdown syntax (links, emphasis, HTML, tables, headings, code)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&])")


def fr_date(d: date | str | None, weekday: bool = False) -> str:
    """ "9 novembre 2026" (with the weekday: "lundi 9 novembre 2026")."""
    if d is None:
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    text = f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{DAYS[d.weekday()]} {text}" if weekday else text


def fr_number(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def signed(n: float) -> str:
    """+3, −2, = (a real minus sign reads better in tables)."""
    if n == 0:
        return "="
    text = fr_number(abs(n), 0 if float(n).is_integer() else 1)
    return f"+{text}" if n > 0 else f"−{text}"


def safe_url(url: str | None) -> str:
    """The URL when it is http(s); "#" otherwise (no javascript: or data: from a crawl)."""
    if not url:
        return "#"
    try:
        return url if urlsplit(url).scheme in ("http", "https") else "#"
    except ValueError:  # "http://[": malformed, no link
        return "#"


def md(text: Any) -> str:
    """Crawled text made inert in Markdown: one line, syntax characters backslash-escaped."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def md_url(url: str | None) -> str:
    """A link target that cannot end the link early or carry spaces."""
    return quote(safe_url(url), safe=":/?#&=%~+@,;.-_!$'*")


def quote_param(value: Any) -> str:
    """A value for a URL path segment or query parameter ("/" and "&" quoted too)."""
    return quote(str(value), safe="")


def week_label(week: str) -> str:
    year, num = week.split("-W")
    return f"semaine {int(num)} de {year}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment (templates compile once per process)."""
    env = Environment(
        loader=PackageLoader("scanner", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        fr_date=fr_date,
        eur=format_eur,
        num=fr_number,
        signed=signed,
        safe_url=safe_url,
        md=md,
        md_url=md_url,
        week_label=week_label,
        q=quote_param,
    )
    env.globals.update(
        change_labels=CHANGE_LABELS, signal_labels=SIGNAL_LABELS, lineage_labels=LINEAGE_LABELS
    )
    return env


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def changes_lead(b: Bulletin) -> str:
    """What changed since last week, in one plain sentence (the lists follow it)."""
    last = week_label(iso_week_before(b.start))
    kinds = {k: sum(1 for c in b.changes if c.kind == k) for k in CHANGE_LABELS}
    told = kinds["grew"] + kinds["continued"]
    if not b.changes:
        if b.changes_from_bulletin:
            return f"Le bulletin de la {last} ne retenait aucun sujet : rien à suivre."
        return f"Pas de bulletin précédent, ni de sujet paru la {last} : rien à comparer."
    parts = []
    if kinds["grew"]:
        parts.append(_count(kinds["grew"], "s'est renforcé", "se sont renforcés"))
    if kinds["continued"]:
        parts.append(_count(kinds["continued"], "se poursuit", "se poursuivent"))
    if kinds["quiet"]:
        parts.append(_count(kinds["quiet"], "est resté sans suite", "sont restés sans suite"))
    what = ", ".join(parts[:-1]) + (" et " if len(parts) > 1 else "") + parts[-1]
    if b.changes_from_bulletin:
        return f"Des sujets du bulletin de la {last}, {what} cette semaine."
    head = f"Pas de bulletin précédent (aucun n'a été établi pour la {last})"
    if not told:
        total = _count(kinds["quiet"], "sujet paru", "sujets parus")
        return f"{head}. Aucun des {total} cette semaine-là n'a eu de suite cette semaine."
    return f"{head} : parmi les sujets parus cette semaine-là, {what} cette semaine."


def iso_week_before(start: date) -> str:
    year, week, _ = (start - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def context(b: Bulletin, base_url: str = "") -> dict[str, Any]:
    labels = {s.theme: s.label for s in b.sections}
    return {
        "b": b,
        "app": base_url.rstrip("/"),  # the web app's address: article pages, searches
        "labels": labels,
        # one total per kind of new money: an envelope is never added to a round
        "money_totals": [(KINDS[k], v) for k, v in b.money_totals.items() if k in KINDS],
        "role_labels": ROLE_LABELS,
        "kind_labels": KINDS,
        "changes": {k: [c for c in b.changes if c.kind == k] for k in CHANGE_LABELS},
        "changes_lead": changes_lead(b),
        "avg_weeks": b.themes[0].weeks if b.themes else 0,
        "new_orgs": sum(1 for o in b.organisations if o.new),
        "demo_notice": DEMO_NOTICE,
    }


def render_html(b: Bulletin, base_url: str = "") -> str:
    """The self-contained HTML bulletin; with `base_url` (the web app's address) each item
    also opens the app's article page and each name a search filtered on it."""
    labels = {s.theme: s.label for s in b.sections}
    charts = {
        "history": theme_history_svg(b.history_weeks, b.history, labels, b.week),
        "money": money_svg(b.money_by_theme, labels, KINDS),
    }
    return (
        environment().get_template("bulletin.html.j2").render(**context(b, base_url), charts=charts)
    )


def render_markdown(b: Bulletin, base_url: str = "") -> str:
    return environment().get_template("bulletin.md.j2").render(**context(b, base_url))


def write_bulletin(
    cfg: Config,
    bulletin: Bulletin,
    out_dir: Path,
    archive: Iterable[dict[str, Any]] = (),
) -> dict[str, Path]:
    """Write bulletin-<week>.html/.md/.json and refresh bulletins.atom; returns the paths.

    The feed lists this bulletin, the other bulletins of `archive` (JSON bodies, e.g. every
    bulletin in the store) and those whose JSON is already in `out_dir`.
    """
    out_dir = Path(out_dir)
    try:
        return _write_all(bulletin, out_dir, archive, cfg.web.base_url)
    except OSError as exc:
        raise OutputError(
            f"cannot write the bulletin into {out_dir}: {exc.strerror or exc}"
            + (f" ({exc.filename})" if exc.filename else "")
        ) from exc


def _write_all(
    bulletin: Bulletin, out_dir: Path, archive: Iterable[dict[str, Any]], base_url: str
) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"bulletin-{bulletin.week}"
    body = bulletin_json(bulletin)
    files = {
        "html": (stem.with_suffix(".html"), render_html(bulletin, base_url)),
        "md": (stem.with_suffix(".md"), render_markdown(bulletin, base_url)),
        "json": (stem.with_suffix(".json"), json.dumps(body, ensure_ascii=False, indent=2) + "\n"),
    }
    for path, text in files.values():
        _write(path, text)
    others = [b for b in archive if str(b.get("week")) != bulletin.week]
    bodies = [body, *others, *_other_bodies(out_dir, bulletin.week)]
    linked = {p.stem.removeprefix("bulletin-") for p in out_dir.glob("bulletin-*.html")}
    atom = out_dir / "bulletins.atom"
    _write(atom, atom_feed(bodies, title=FEED_TITLE, linked=linked, base_url=base_url))
    return {fmt: path for fmt, (path, _) in files.items()} | {"atom": atom}


def _other_bodies(out_dir: Path, week: str) -> list[dict[str, Any]]:
    """The JSON of every other bulletin written in this folder (the feed lists them all)."""
    out = []
    for path in sorted(out_dir.glob("bulletin-*.json")):
        if path.stem == f"bulletin-{week}":
            continue
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a half-written or foreign file must not stop this week's bulletin
        if isinstance(body, dict) and "week" in body:
            out.append(body)
    return out


def _write(path: Path, text: str) -> None:
    """Write through a temporary file so a reader never sees half a bulletin."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
