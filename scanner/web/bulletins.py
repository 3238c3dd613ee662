"""Weekly bulletins: the archive, each bulletin's stored HTML, downloads, the Atom feed.

The bulletin stage writes `bulletin-<week>.{html,md,json}` and `bulletins.atom` into
`[output].dir`; the store keeps each bulletin's JSON body. The archive lists the union of both,
so a bulletin is listed even when only one side has it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from scanner.bulletin.atom import atom_feed as render_atom
from scanner.bulletin.render import FEED_TITLE
from scanner.errors import InputError, NotFound
from scanner.web.rendering import SECURITY_HEADERS, WebState, render, state_of
from scanner.weeks import week_start

router = APIRouter()

FILE = re.compile(r"bulletin-([0-9]{4}-W[0-9]{2})\.(html|md|json)", re.ASCII)
# other files a bulletin page may link to (charts), served from the output folder only
ASSET = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(png|svg|css)", re.ASCII)
MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "png": "image/png",
    "svg": "image/svg+xml",
    "css": "text/css",
}


@dataclass
class BulletinEntry:
    """One week's bulletin and the formats on disk."""

    week: str
    formats: list[str] = field(default_factory=list)
    stored: bool = False
    generated_at: str = ""


def out_dir(st: WebState) -> Path:
    return Path(st.cfg.output.dir)


def list_bulletins(st: WebState) -> list[BulletinEntry]:
    """Newest week first."""
    entries: dict[str, BulletinEntry] = {}
    folder = out_dir(st)
    if folder.is_dir():
        for path in folder.iterdir():
            m = FILE.fullmatch(path.name)
            if m:
                entries.setdefault(m[1], BulletinEntry(m[1])).formats.append(m[2])
    for stored in st.store.bulletins.list():
        entry = entries.setdefault(stored.week, BulletinEntry(stored.week))
        entry.stored, entry.generated_at = True, stored.generated_at
    for entry in entries.values():
        entry.formats.sort(key=["html", "md", "json"].index)
    return sorted(entries.values(), key=lambda e: e.week, reverse=True)


def bulletin_body(st: WebState, week: str) -> dict[str, Any]:
    """The bulletin's JSON body: from the store, else from the JSON file."""
    _check_week(week)
    try:
        return st.store.bulletins.get(week)
    except NotFound:
        pass
    path = out_dir(st) / f"bulletin-{week}.json"
    if not path.is_file():
        raise NotFound(f"no bulletin for week {week}")
    return json.loads(path.read_text(encoding="utf-8"))


def _check_week(week: str) -> None:
    try:
        week_start(week)
    except InputError as exc:
        raise NotFound(str(exc)) from None


def _is_week(name: str) -> bool:
    try:
        week_start(name)
    except InputError:
        return False
    return True


@router.get("/bulletins", response_class=HTMLResponse, summary="Bulletin archive")
def archive(request: Request) -> HTMLResponse:
    """All weekly bulletins; JSON twin: /api/bulletins."""
    st = state_of(request)
    atom = (out_dir(st) / "bulletins.atom").is_file()
    return render(request, "bulletins.html", bulletins=list_bulletins(st), atom=atom)


@router.get("/bulletins.atom", summary="Bulletin Atom feed")
def atom_feed(request: Request) -> Response:
    """Every bulletin, with absolute links into this app: `[web].base_url` when set, else the
    address the request came to (a feed reader resolves nothing relative reliably)."""
    st = state_of(request)
    entries = [e for e in list_bulletins(st) if e.stored or "json" in e.formats]
    if not entries:
        raise NotFound("no Atom feed yet: write a bulletin first (scanner bulletin)")
    base = st.cfg.web.app_url or str(request.base_url).rstrip("/")
    bodies = [bulletin_body(st, e.week) for e in entries]
    feed = render_atom(bodies, title=FEED_TITLE, base_url=base)
    return Response(feed, media_type="application/atom+xml", headers=SECURITY_HEADERS)


@router.get("/bulletins/{name}", summary="A bulletin (HTML) or one of its files")
def bulletin_file(request: Request, name: str) -> Response:
    """`/bulletins/2026-W46` shows the bulletin; `bulletin-2026-W46.md` downloads a format."""
    st = state_of(request)
    folder = out_dir(st)
    if name == "bulletins.atom":  # what a bulletin page served here links to, relatively
        return atom_feed(request)
    if _is_week(name):
        path = folder / f"bulletin-{name}.html"
        if not path.is_file():
            raise NotFound(f"no HTML bulletin for week {name} in {folder}")
        return HTMLResponse(path.read_text(encoding="utf-8"), headers=SECURITY_HEADERS)
    m = FILE.fullmatch(name)
    if m or ASSET.fullmatch(name):
        path = folder / name
        if not path.is_file():
            raise NotFound(f"no file {name} in {folder}")
        ext = name.rsplit(".", 1)[1]
        return FileResponse(
            path,
            media_type=MEDIA[ext],
            headers=SECURITY_HEADERS,
            filename=name if m else None,  # a named file is a download
        )
    raise NotFound(f"no bulletin {name!r}")
