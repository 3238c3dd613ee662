"""The bulletin's files: valid self-contained HTML, crawled text inert in HTML, Markdown and
Atom, the demonstration notice everywhere, the feed of all bulletins, the CLI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import html5lib
import pytest
from bulletin_data import EVIL, EVIL_ORG, MONDAY, THEMES, WEEK, add, fill, make_config
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from scanner.bulletin import build_bulletin, last_complete_week, write_bulletin
from scanner.bulletin.model import DEMO_NOTICE
from scanner.cli import app
from scanner.config import Config
from scanner.store import Store

ATOM = {"a": "http://www.w3.org/2005/Atom"}
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def env(tmp_path: Path) -> tuple[Config, Store]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    for s in cfg.sources:
        store.articles.upsert_source(s)
    fill(store)
    yield cfg, store
    store.close()


@pytest.fixture
def files(env: tuple[Config, Store]) -> dict[str, Path]:
    cfg, store = env
    return write_bulletin(cfg, build_bulletin(cfg, store, WEEK), Path(cfg.output.dir))


def text_of(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def test_html_is_valid_and_self_contained(files: dict[str, Path]) -> None:
    html = files["html"].read_text(encoding="utf-8")
    # html5lib in strict mode raises on any parse error the HTML standard defines
    doc = html5lib.HTMLParser(strict=True).parse(html)
    assert doc.get("lang") == "fr"
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # nothing fetched: no script, stylesheet link, image, frame or font from anywhere
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert doc.find(f".//{XHTML}{tag}") is None, tag
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(?!#)", html)
    # every link is an article (http/https), an anchor in the page, or a sibling file
    for a in doc.iter(f"{XHTML}a"):
        href = a.get("href", "")
        assert re.match(r"^(https?://|#|bulletin-|bulletins\.atom$)", href), href
    # a text alternative beside each chart
    for chart in ("chart-history", "chart-money"):
        fig = next(el for el in doc.iter() if el.get("id") == chart)
        assert fig.find(".//{http://www.w3.org/2000/svg}svg") is not None, chart
        assert fig.find(f".//{XHTML}table") is not None, chart
    sections = [el.get("id") for el in doc.iter(f"{XHTML}section")]
    head = ["essentiel", "activite", "evolutions"]
    tail = ["emergents", "financements", "organisations", "graphiques"]
    assert sections == head + [f"theme-{k}" for k in THEMES] + tail  # the order


def test_crawled_text_is_escaped_in_html(files: dict[str, Path]) -> None:
    html = files["html"].read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    doc = html5lib.parse(html)
    link = next(a for a in doc.iter(f"{XHTML}a") if a.get("href") == "https://news.test/evil")
    assert text_of(link) == " ".join(EVIL.split())  # shown as text, exactly
    orgs = next(el for el in doc.iter() if el.get("id") == "organisations")
    assert EVIL_ORG in text_of(orgs)
    assert "Aucun article retenu cette semaine pour ce thème" in html  # prevention is empty


def test_crawled_text_is_escaped_in_markdown(files: dict[str, Path]) -> None:
    md = files["md"].read_text(encoding="utf-8")
    assert r"\<script\>" in md and r"\[piège\](javascript" in md
    # what a Markdown reader shows: render it (CommonMark + tables, raw HTML allowed, as
    # most renderers do) and look at the result
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    doc = html5lib.parse(html)
    assert doc.find(f".//{XHTML}script") is None and doc.find(f".//{XHTML}img") is None
    hrefs = [a.get("href", "") for a in doc.iter(f"{XHTML}a")]
    assert hrefs and all(h.startswith("https://news.test/") for h in hrefs), hrefs
    evil = [text_of(a) for a in doc.iter(f"{XHTML}a") if a.get("href") == "https://news.test/evil"]
    assert set(evil) == {" ".join(EVIL.split()), EVIL_ORG}  # the title and the organisation
    # a "|" in a title cannot add a cell: every table row has its header's cell count
    for table in doc.iter(f"{XHTML}table"):
        widths = {
            len(tr.findall(f"{XHTML}td") + tr.findall(f"{XHTML}th"))
            for tr in table.iter(f"{XHTML}tr")
        }
        assert len(widths) == 1, widths


def test_crawled_text_is_escaped_in_atom(files: dict[str, Path]) -> None:
    raw = files["atom"].read_text(encoding="utf-8")
    assert "<script>" not in raw
    feed = ET.fromstring(raw)  # well-formed XML despite "]]>", "&" and "<" in a title
    (entry,) = feed.findall("a:entry", ATOM)
    summary = entry.find("a:summary", ATOM).text or ""  # type: ignore[union-attr]
    assert "France 2030" in summary
    body = json.loads(files["json"].read_text(encoding="utf-8"))
    assert "evil" in [s["id"] for s in body["top_signals"]]
    assert EVIL in summary  # the hostile title comes back intact, as text


def test_demonstration_data_is_said_so_in_every_output(tmp_path: Path) -> None:
    cfg = make_config(tmp_path, host="127.0.0.1:8765")  # sources on the demo site
    with Store.from_config(cfg.store) as store:
        add(store, "d1", "Démo", "Un article de démonstration.", MONDAY, "src1")
        files = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), tmp_path / "out")
    html = files["html"].read_text("utf-8")
    doc = html5lib.parse(html)
    banner = next(el for el in doc.iter() if el.get("class") == "demo-banner")
    assert text_of(banner) == DEMO_NOTICE
    assert "(démonstration)" in text_of(doc.find(f".//{XHTML}title"))  # type: ignore[arg-type]
    md = files["md"].read_text("utf-8")
    assert "démonstration" in md.split("\n\n")[1]  # right under the title
    body = json.loads(files["json"].read_text("utf-8"))
    assert body["demo"] is True and body["notice"] == DEMO_NOTICE
    feed = ET.parse(files["atom"]).getroot()
    assert feed.find("a:subtitle", ATOM).text == DEMO_NOTICE  # type: ignore[union-attr]
    entry = feed.find("a:entry", ATOM)
    assert "(démonstration)" in entry.find("a:title", ATOM).text  # type: ignore[union-attr,operator]
    assert DEMO_NOTICE in entry.find("a:summary", ATOM).text  # type: ignore[union-attr,operator]


def test_real_sources_carry_no_demonstration_notice(files: dict[str, Path]) -> None:
    assert DEMO_NOTICE not in files["html"].read_text("utf-8")
    assert DEMO_NOTICE not in files["md"].read_text("utf-8")
    assert json.loads(files["json"].read_text("utf-8"))["demo"] is False


def test_json_file_is_the_stored_body(env: tuple[Config, Store], files: dict[str, Path]) -> None:
    _, store = env
    assert json.loads(files["json"].read_text("utf-8")) == store.bulletins.get(WEEK)


def test_atom_feed_lists_every_bulletin(env: tuple[Config, Store], tmp_path: Path) -> None:
    cfg, store = env
    out = Path(cfg.output.dir)
    write_bulletin(cfg, build_bulletin(cfg, store, "2026-W44"), out)
    build_bulletin(cfg, store, "2026-W45")  # stored, never written to this folder
    b = build_bulletin(cfg, store, WEEK)
    archive = [r.body for r in store.bulletins.list()]
    files = write_bulletin(cfg, b, out, archive=archive)
    feed = ET.parse(files["atom"]).getroot()
    entries = {e.find("a:id", ATOM).text: e for e in feed.findall("a:entry", ATOM)}  # type: ignore[union-attr]
    assert list(entries) == [f"urn:scanner:bulletins:2026-W{n}" for n in (46, 45, 44)]
    links = {
        k: [x.get("href") for x in e.findall("a:link[@rel='alternate']", ATOM)]
        for k, e in entries.items()
    }
    assert links["urn:scanner:bulletins:2026-W46"] == [
        "bulletin-2026-W46.html",
        "bulletin-2026-W46.json",
    ]
    # each entry links its top signals' articles (no app address: the source articles)
    related = [
        x.get("href")
        for x in entries[f"urn:scanner:bulletins:{WEEK}"].findall("a:link[@rel='related']", ATOM)
    ]
    assert related and related == [s.url for s in b.signals]
    # W45 has no files here: the entry carries its text instead of a dead link
    w45 = entries["urn:scanner:bulletins:2026-W45"]
    assert links["urn:scanner:bulletins:2026-W45"] == []
    assert w45.find("a:content", ATOM) is not None
    updated = feed.find("a:updated", ATOM).text  # type: ignore[union-attr]
    assert updated == max(r.generated_at for r in store.bulletins.list())


def test_base_url_makes_feed_links_absolute_and_items_open_the_app(
    env: tuple[Config, Store], tmp_path: Path
) -> None:
    cfg, store = env
    cfg = replace(cfg, web=replace(cfg.web, base_url="https://veille.example.org/"))
    b = build_bulletin(cfg, store, WEEK)
    files = write_bulletin(cfg, b, Path(cfg.output.dir))
    feed = ET.parse(files["atom"]).getroot()
    hrefs = [x.get("href") or "" for x in feed.iter(f"{{{ATOM['a']}}}link")]
    assert hrefs and all(h.startswith("https://veille.example.org/") for h in hrefs)
    assert "https://veille.example.org/bulletins.atom" in hrefs
    assert f"https://veille.example.org/bulletins/{WEEK}" in hrefs
    assert f"https://veille.example.org/articles/{b.signals[0].id}" in hrefs
    # the HTML and the Markdown: every item opens the app's article page, names a search
    html = files["html"].read_text(encoding="utf-8")
    md = files["md"].read_text(encoding="utf-8")
    for item in b.items():
        assert f'href="https://veille.example.org/articles/{item.id}"' in html
        assert f"(https://veille.example.org/articles/{item.id})" in md
    assert "https://veille.example.org/?q=Bpifrance&amp;organisation=Bpifrance" in html
    assert "https://veille.example.org/?q=France%202030&amp;programme=France%202030" in html
    assert "https://veille.example.org/?q=France%202030&programme=France%202030" in md
    # without it: no app link at all (nothing to open)
    plain = write_bulletin(replace(cfg, web=replace(cfg.web, base_url="")), b, tmp_path / "p")
    assert "/articles/" not in plain["html"].read_text(encoding="utf-8")


def write_toml(tmp_path: Path, cfg: Config) -> Path:
    toml = tmp_path / "config.toml"
    lines = [f'[store]\nurl = "{cfg.store.url}"\n', f'[output]\ndir = "{tmp_path / "o"}"\n']
    for k, v in THEMES.items():
        lines.append(f'[taxonomy.{k}]\nlabel = "{v}"\ndescription = "d"\nseeds = ["s"]\n')
    toml.write_text("\n".join(lines), encoding="utf-8")
    return toml


def test_cli_writes_the_files(env: tuple[Config, Store], tmp_path: Path) -> None:
    cfg, store = env
    toml = write_toml(tmp_path, cfg)
    build_bulletin(cfg, store, "2026-W45")  # in the store: the feed lists it too
    run = CliRunner().invoke(
        app, ["bulletin", "--week", WEEK, "--config", str(toml), "--out", str(tmp_path / "cli")]
    )
    assert run.exit_code == 0, run.output
    assert f"bulletin {WEEK}: 6 of 7 article(s) on theme" in run.output
    for ext in ("html", "md", "json"):
        assert str(tmp_path / "cli" / f"bulletin-{WEEK}.{ext}") in run.output
    feed = ET.parse(tmp_path / "cli" / "bulletins.atom").getroot()
    assert len(feed.findall("a:entry", ATOM)) == 2
    # default folder: [output].dir
    run = CliRunner().invoke(app, ["bulletin", "--week", WEEK, "--config", str(toml)])
    assert run.exit_code == 0 and (tmp_path / "o" / f"bulletin-{WEEK}.html").is_file()


def test_cli_says_clearly_when_a_week_has_no_data(
    env: tuple[Config, Store], tmp_path: Path
) -> None:
    cfg, _ = env
    toml = write_toml(tmp_path, cfg)
    out = tmp_path / "cli"
    run = CliRunner().invoke(
        app, ["bulletin", "--week", "2026-W48", "--config", str(toml), "--out", str(out)]
    )
    assert run.exit_code == 1
    assert "no article published in week 2026-W48" in run.output
    assert "try --week 2026-W46" in run.output
    assert not out.exists()  # nothing written for an empty week
    # the default week is the last complete one
    default = last_complete_week(date.today())
    run = CliRunner().invoke(app, ["bulletin", "--config", str(toml), "--out", str(out)])
    if default != WEEK:  # the test data lies in 2026-W42..W46
        assert run.exit_code == 1 and f"no article published in week {default}" in run.output
    bad = CliRunner().invoke(app, ["bulletin", "--week", "nope", "--config", str(toml)])
    assert bad.exit_code == 2 and "ISO week" in bad.output
