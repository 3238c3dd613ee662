"""Archives a user already has: HTML files, a folder of them, a WARC file — through the library
and through `scanner ingest`; re-ingesting adds nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from crawl_server import article_html, crawl_config
from typer.testing import CliRunner
from watch import watch_config

from scanner.cli import app
from scanner.crawl import ingest_html_paths
from scanner.errors import InputError
from scanner.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "html" / "trafilatura-fr"


def write_warc(path: Path, pages: dict[str, str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")  # fmt: skip
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)
        # a non-HTML record and a request record, which are skipped
        writer.write_record(writer.create_warc_record(
            "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                          protocol="HTTP/1.1")))  # fmt: skip
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
            )
        )


def test_html_files_folders_and_warc(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "deep").mkdir(parents=True)
    (folder / "one.html").write_text(article_html(1), encoding="utf-8")
    canonical = article_html(2).replace(
        "<head>", '<head><link rel="canonical" href="https://www.example.org/sante/deux.html">'
    )
    (folder / "deep" / "two.htm").write_text(canonical, encoding="utf-8")
    (folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, {
        "https://www.example.org/a.html?utm_source=x": article_html(3),
        "https://www.example.org/sante/deux.html": article_html(2),  # also saved as a file
    })  # fmt: skip
    broken = tmp_path / "broken.warc.gz"  # a corrupt archive
    broken.write_bytes(b"\x1f\x8b\x08 truncated gzip data")
    cfg = crawl_config()
    with Store.open(tmp_path / "w.db") as store:
        report = ingest_html_paths(cfg, store, [folder, warc, broken])
        local, archived = report.per_source["local"], report.per_source["warc"]
        assert (local.new, local.errors) == (2, {"empty": 1})
        assert archived.new == 1 and archived.known + archived.duplicate == 1  # deux.html
        assert archived.errors == {"bad_warc": 1}
        urls = {a.canonical_url for a in store.articles.all()}
        assert "https://www.example.org/sante/deux.html" in urls  # the page's own URL
        assert "https://www.example.org/a.html" in urls  # tracking parameter dropped
        assert any(u.startswith("file://") and u.endswith("one.html") for u in urls)
        again = ingest_html_paths(cfg, store, [folder, warc])
        assert not again.new_ids and store.articles.count() == 3
        with pytest.raises(InputError, match="not found"):
            ingest_html_paths(cfg, store, [tmp_path / "nowhere"])


def test_ingest_command_takes_html_and_jsonl(tmp_path: Path) -> None:
    config = watch_config(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.html").write_text(article_html(10 + i), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(pages), "-c", str(config), "--no-process"])
    assert result.exit_code == 0, result.output
    assert "stored 3 new item(s)" in result.output
    again = runner.invoke(app, ["ingest", str(pages), "-c", str(config), "--no-process"])
    assert "stored 0 new item(s)" in again.output
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "-c", str(config)])
    assert missing.exit_code == 2 and "not found" in missing.output


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/fixtures not found")
def test_real_french_pages_keep_their_text(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (FIXTURES / "manifest.jsonl").read_text().splitlines()]
    chosen = rows[:6]
    folder = tmp_path / "pages"
    folder.mkdir()
    for row in chosen:
        (folder / row["file"]).write_bytes((FIXTURES / row["file"]).read_bytes())
    with Store.open(tmp_path / "w.db") as store:
        report = ingest_html_paths(crawl_config(), store, [folder])
        assert len(report.new_ids) == len(chosen)
        texts = " ".join(a.text for a in store.articles.all())
    found = sum(s in texts for row in chosen for s in row["expected_with"])
    total = sum(len(row["expected_with"]) for row in chosen)
    assert found / total >= 0.8
