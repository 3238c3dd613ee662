"""Issue 17, the CLI and the JSONL reader: bad input is a clear message and an exit code,
never a traceback; good lines of a bad file are kept; nothing is stored silently wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from watch import watch_config

from scanner.cli import app
from scanner.config import config_from_dict
from scanner.errors import ConfigError, InputError
from scanner.pipeline import read_items
from scanner.store import Store

runner = CliRunner()
TEXT = "Le CHU de Lyon lance un programme de chirurgie robotique financé par Bpifrance."


def invoke(*args: str) -> object:
    result = runner.invoke(app, list(args))
    # a deliberate exit (typer.Exit / SystemExit) is fine; any other exception is a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}\n{result.output}"
    )
    return result


# ---- the JSONL reader ---------------------------------------------------------------------


def jsonl(tmp_path: Path, *lines: bytes) -> Path:
    path = tmp_path / "items.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def good(n: int) -> bytes:
    text = f"{TEXT} Article {n} : {'un deux trois quatre cinq six sept huit neuf' * n}"
    return json.dumps({"id": f"g{n}", "text": text, "date": "2026-11-10"}).encode()


def test_one_bad_byte_costs_its_line_only(tmp_path: Path) -> None:
    path = jsonl(tmp_path, good(1), b'{"id": "x", "text": "caf\xe9 cr\xe8me"}', good(2))
    found = list(read_items(path))
    assert [getattr(i, "id", None) for i in found] == ["g1", None, "g2"]
    assert isinstance(found[1], InputError) and ":2:" in str(found[1])
    assert "UTF-8" in str(found[1])


@pytest.mark.parametrize(
    "line, why",
    [
        (b'{"id": "s", "text": "bad \\ud800 surrogate"}', "surrogate"),
        (b'{"id": "n", "text": "t", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
        (b'{"id": "t", "text": "t", "title": ["a", "b"]}', "'title' must be a string"),
        (b'{"id": 7, "text": "t"}', "'id' must be a string"),
        (b'{"id": "d", "text": "t", "date": "2026-11-1\xef\xbc\x90"}', "bad date"),
        (b'{"id": "y", "text": "t", "date": "9999-12-31"}', "outside"),
        (b'{"id": "u", "text": "t", "url": "javascript:alert(1)"}', "http(s)"),
        (b'{"id": "l", "text": "t", "lang": "<script>"}', "language code"),
        (b'["not", "an", "object"]', "JSON object"),
        (b'{"id": "e", "text": "   "}', "empty"),
        (b'{"id": "big", "text": "1' + b"0" * 5000 + b'"}', None),  # a long text is fine
        (b'{"id": "i", "text": "t", "n": 1' + b"0" * 5000 + b"}", "usable JSON"),
    ],
)
def test_bad_lines_are_refused_with_the_reason(tmp_path: Path, line: bytes, why: str) -> None:
    found = list(read_items(jsonl(tmp_path, good(1), line, good(2))))
    assert [getattr(i, "id", None) for i in (found[0], found[2])] == ["g1", "g2"]
    if why is None:
        assert not isinstance(found[1], InputError)
    else:
        assert isinstance(found[1], InputError) and why in str(found[1]), found[1]


def test_an_overlong_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "mot " * 300_000}).encode()
    found = list(read_items(jsonl(tmp_path, good(1), big, good(2)), max_bytes=100_000))
    assert isinstance(found[1], InputError) and "longer than" in str(found[1])
    assert [getattr(i, "id", None) for i in (found[0], found[2])] == ["g1", "g2"]


def test_ingest_stores_the_good_lines_and_summarises_the_bad(tmp_path: Path) -> None:
    cfg = watch_config(tmp_path)
    path = jsonl(
        tmp_path,
        good(1),
        b'{"id": "s", "text": "bad \\ud800 surrogate"}',
        b"\xff\xfe garbage",
        b'{"id": "t", "text": "t", "title": ["a"]}',
        good(2),
    )
    result = invoke("ingest", "--jsonl", str(path), "--no-process", "-c", str(cfg))
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "stored 2 new item(s), 3 bad line(s) skipped" in result.output  # type: ignore[attr-defined]
    with Store.open(tmp_path / "w.db") as store:
        assert sorted(a.id for a in store.articles.all()) == ["g1", "g2"]


def test_ingest_of_a_jsonl_path_without_the_option_says_so(tmp_path: Path) -> None:
    cfg = watch_config(tmp_path)
    path = jsonl(tmp_path, good(1))
    result = invoke("ingest", str(path), "--no-process", "-c", str(cfg))
    assert result.exit_code == 2 and "--jsonl" in result.output  # type: ignore[attr-defined]
    notes = tmp_path / "notes.txt"
    notes.write_text("rien")
    result = invoke("ingest", str(notes), "--no-process", "-c", str(cfg))
    assert result.exit_code == 2 and "neither HTML" in result.output  # type: ignore[attr-defined]


def test_mentions_are_capped_per_article() -> None:
    from scanner.pipeline import capped
    from scanner.records import Article, Mention

    article = Article(id="a", url="u", title="", text="x", content_hash="h")
    many = [Mention(kind="amount", start=i, end=i + 1, text="1") for i in range(50, 0, -1)]
    kept = capped(article, many, 10)
    assert [m.start for m in kept] == list(range(1, 11))


# ---- weeks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "week", ["9999-W52", "2026-W4\uff16", "2026-W46\n", "\u0662\u0660\u0662\u0666-W46", "0001-W01",
             "2026-W54", "2026-W00", "2026W46", "2026-w46"],
)  # fmt: skip
def test_bad_weeks_are_usage_errors(tmp_path: Path, week: str) -> None:
    cfg = watch_config(tmp_path)
    result = invoke("bulletin", "--week", week, "-c", str(cfg))
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "week" in result.output  # type: ignore[attr-defined]
    with Store.open(tmp_path / "w.db") as store:
        assert store.bulletins.list() == []  # nothing stored as a new bulletin


def test_week_parser_accepts_real_weeks() -> None:
    from datetime import date

    from scanner.weeks import week_bounds, week_start

    assert week_start("2026-W46") == date(2026, 11, 9)
    assert week_bounds("2020-W53")[1] == date(2021, 1, 4)


# ---- output and store paths -------------------------------------------------------------------


def test_bulletin_to_an_unwritable_folder_is_a_message(tmp_path: Path) -> None:
    from scanner.crawl.items import Item, item_to_article

    cfg = watch_config(tmp_path)
    with Store.open(tmp_path / "w.db") as store:
        from datetime import date

        store.articles.add(item_to_article(Item(id="a", text=TEXT, date=date(2026, 11, 10))))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = invoke("bulletin", "--week", "2026-W46", "--out", str(blocker / "out"), "-c", str(cfg))
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "cannot write the bulletin" in result.output  # type: ignore[attr-defined]


def test_a_store_whose_folder_cannot_be_made_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cfg = watch_config(tmp_path, store={"url": f"sqlite:///{blocker / 'sub' / 'w.db'}"})
    result = invoke("sources", "-c", str(cfg))
    assert result.exit_code == 2 and "store" in result.output  # type: ignore[attr-defined]


# ---- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["-5", "nan", "inf"])
def test_search_refuses_a_negative_or_non_finite_minimum_amount(
    tmp_path: Path, amount: str
) -> None:
    cfg = watch_config(tmp_path)
    result = invoke("search", "robot", "--min-amount", amount, "-c", str(cfg))
    assert result.exit_code == 2 and "minimum amount" in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "section, key, value",
    [
        ("themes", "threshold", 7.5),
        ("themes", "cluster_link", -0.2),
        ("dedup", "threshold", 1.5),
        ("web", "port", 99_999),
        ("crawl", "timeout", float("nan")),
        ("crawl", "delay", float("inf")),
        ("crawl", "concurrency", 0),
        ("bulletin", "history_weeks", 10**12),
        ("nlp", "workers", 0),
    ],
)
def test_config_values_outside_their_range_name_the_key(
    section: str, key: str, value: object
) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_dict({section: {key: value}})
    assert f"{section}.{key}" in str(caught.value)


def test_every_range_names_a_real_setting_and_every_default_is_inside() -> None:
    import tomllib
    from dataclasses import fields

    from scanner.config import _SECTIONS, DEFAULTS_FILE, RANGES

    for key in RANGES:
        section, name = key.split(".")[:2]
        assert name in {f.name for f in fields(_SECTIONS[section])}, key
    defaults = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    config_from_dict({k: v for k, v in defaults.items() if k != "taxonomy"})  # no ConfigError


def test_a_bad_config_through_the_cli_is_a_message(tmp_path: Path) -> None:
    cfg = watch_config(tmp_path, themes={"threshold": 7.5})
    result = invoke("config", "-c", str(cfg))
    assert result.exit_code == 2 and "themes.threshold" in result.output  # type: ignore[attr-defined]


# ---- malformed URLs from hostile pages and servers (found by the fuzz suite) ------------------


def test_a_malformed_link_costs_that_link_only() -> None:
    from scanner.crawl.listing import parse_listing
    from scanner.crawl.sitemaps import parse_sitemap
    from scanner.crawl.urls import is_http, join_url

    assert not is_http("http://[") and join_url("http://example.org/", "http://[") == ""
    html = (
        "<html><body><main>"
        + "".join(
            f'<a href="{h}">Un article sur la santé numérique et les hôpitaux</a>'
            for h in ["http://[", "//[x", "/actu/article-1", "http://a]b/x"]
        )
        + '</main><base href="http://["></body></html>'
    )
    links = parse_listing(html, "http://example.org/actu/").links
    assert [e.url for e in links] == ["http://example.org/actu/article-1"]
    xml = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://[</loc></url><url><loc>http://ok.org/x</loc></url></urlset>"
    )
    assert [e.url for e in parse_sitemap(xml, "http://ok.org/sitemap.xml").entries] == [
        "http://ok.org/x"
    ]


def test_a_redirect_to_a_malformed_url_is_a_fetch_error(tmp_path: Path) -> None:
    from crawl_server import Reply, Server, crawl_config, serving

    from scanner.crawl import crawl
    from scanner.records import Source

    server = Server()
    with serving(server):
        server.route("/p.html", Reply(302, b"", {"Location": "http://["}))
        store = Store.open(tmp_path / "w.db")
        report = crawl(
            crawl_config(), store, [Source(id="p", kind="page", url=server.url("/p.html"))]
        )
        assert report.per_source["p"].errors == {"bad_url": 1}
        store.close()
