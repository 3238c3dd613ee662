"""The watch unit's habits (issue 18): OPML in and out, `sources add URL` finding a site's
feeds or sitemap on a real HTTP server on 127.0.0.1 (a real French page's
`<link rel=alternate>`, real feed and sitemap files), `--config` before the command, and a
crawl where no source answers saying why and what to do."""

from __future__ import annotations

import socket
from pathlib import Path

import listparser
import pytest
from crawl_server import Reply, Server, serving, static_reply
from typer.testing import CliRunner

from scanner.cli import app
from scanner.config import load_config

# shared/ sits beside the project (a clone), or beside the folder of worktrees
_HERE = Path(__file__).resolve()
SHARED = next(
    (p / "shared" / "fixtures" for p in _HERE.parents[2:4] if (p / "shared").is_dir()),
    _HERE.parents[2] / "shared" / "fixtures",
)
PAGE = SHARED / "html" / "trafilatura-fr" / "blog.mondediplo.net.turpitude.html"
FEEDS = SHARED / "feeds" / "trafilatura"

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Abonnements</title></head>
  <body>
    <outline text="Santé" title="Santé">
      <outline type="rss" text="TIC Santé" title="TIC Santé" xmlUrl="https://www.ticsante.com/rss"
               htmlUrl="https://www.ticsante.com/"/>
      <outline type="rss" text="The Conversation — Santé"
               xmlUrl="https://theconversation.com/fr/sante/articles.atom"/>
    </outline>
    <outline type="rss" text="DSIH" xmlUrl="https://www.dsih.fr/rss"/>
    <outline type="rss" text="pas un flux" xmlUrl="javascript:alert(1)"/>
  </body>
</opml>
"""


def watch(tmp_path: Path, extra: str = "") -> Path:
    toml = tmp_path / "config.toml"
    toml.write_text(
        "# my watch\n"
        f'[store]\nurl = "sqlite:///{tmp_path / "w.db"}"\n'
        "[crawl]\ndelay = 0.0\ntimeout = 2.0\nretries = 0\n" + extra,
        encoding="utf-8",
    )
    return toml


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())  # the console wraps long lines


def test_opml_import_then_export_round_trip(tmp_path: Path) -> None:
    toml = watch(tmp_path)
    opml = tmp_path / "abonnements.opml"
    opml.write_text(OPML, encoding="utf-8")
    code, output = run("sources", "import", str(opml), "--config", str(toml))
    assert code == 0, output
    assert "3 feed(s) added" in output
    sources = load_config(toml).sources
    assert [(s.id, s.kind, s.url) for s in sources] == [
        ("ticsante-com", "feed", "https://www.ticsante.com/rss"),
        ("theconversation-com", "feed", "https://theconversation.com/fr/sante/articles.atom"),
        ("dsih-fr", "feed", "https://www.dsih.fr/rss"),
    ]
    assert sources[1].name == "The Conversation — Santé"
    assert toml.read_text(encoding="utf-8").startswith("# my watch\n")  # comments kept
    # again: nothing twice
    code, output = run("sources", "import", str(opml), "--config", str(toml))
    assert code == 0 and "0 feed(s) added" in output and "3 already there" in output
    # export, as a feed reader would read it
    out = tmp_path / "export.opml"
    code, output = run("sources", "export", "--config", str(toml), "--out", str(out))
    assert code == 0, output
    parsed = listparser.parse(out.read_bytes())
    assert [f.url for f in parsed.feeds] == [s.url for s in sources]
    assert parsed.feeds[1].title == "The Conversation — Santé"
    # and into another watch
    other = watch(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path)
    code, output = run("sources", "import", str(out), "--config", str(other))
    assert code == 0 and [s.url for s in load_config(other).sources] == [s.url for s in sources]


def test_a_broken_opml_says_so(tmp_path: Path) -> None:
    toml = watch(tmp_path)
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline text='x'/></body>", encoding="utf-8")
    code, output = run("sources", "import", str(bad), "--config", str(toml))
    assert code == 2 and "no feed found" in output
    assert load_config(toml).sources == ()


def site_with_feed(server: Server) -> None:
    if not PAGE.is_file():
        pytest.skip(f"{PAGE} is missing (the shared fixtures sit beside the project)")
    html = PAGE.read_bytes().replace(b"https://blog.mondediplo.net/rss/", b"/rss/")
    server.route("/", Reply(200, html, {"Content-Type": "text/html; charset=utf-8"}))
    server.route("/rss/", static_reply(FEEDS / "feed2.rss"))
    server.route("/robots.txt", lambda h: Reply(200, f"User-agent: *\nSitemap: {server.base}/"
                                              "sm.xml\n".encode(), {"Content-Type": "text/plain"}))  # fmt: skip
    server.route("/sm.xml", static_reply(FEEDS / "sitemap.xml"))


def test_sources_add_finds_the_feed_and_sitemap_and_says_so(tmp_path: Path) -> None:
    toml = watch(tmp_path)
    server = Server()
    site_with_feed(server)
    with serving(server):
        home = server.url("/")
        code, output = run("sources", "add", home, "--config", str(toml), "--dry-run")
        assert code == 0, output
        assert f"found feed “RSS”: {server.url('/rss/')} (from <link rel=alternate>)" in output
        assert "item(s) listed now" in output
        assert f"found sitemap: {server.url('/sm.xml')} (from robots.txt (Sitemap:))" in output
        assert load_config(toml).sources == ()  # dry run
        code, output = run("--config", str(toml), "sources", "add", home)
        assert code == 0, output
        (added,) = load_config(toml).sources
        assert (added.kind, added.url, added.name) == ("feed", server.url("/rss/"), "RSS")
        assert f"check it with: scanner crawl --source {added.id}" in output
        code, output = run("sources", "add", home, "--config", str(toml))
        assert code == 0 and "nothing added" in output


def test_sources_add_falls_back_to_sitemap_then_listing(tmp_path: Path) -> None:
    toml = watch(tmp_path)
    server = Server()
    server.html("/", "<html><head><title>Actualités santé</title></head><body>x</body></html>")
    server.route("/sitemap.xml", static_reply(FEEDS / "sitemap.xml"))
    with serving(server):
        code, output = run("sources", "add", server.url("/"), "--config", str(toml))
        assert code == 0, output
        assert "from /sitemap.xml" in output
        assert [s.kind for s in load_config(toml).sources] == ["sitemap"]
    bare = Server()
    bare.html("/news/", "<html><head><title>Actualités</title></head><body>x</body></html>")
    with serving(bare):
        code, output = run("sources", "add", bare.url("/news/"), "--config", str(toml))
        assert code == 0, output
        assert "found listing page “Actualités”" in output
        assert [s.kind for s in load_config(toml).sources] == ["sitemap", "listing"]
    # a site that does not answer: a clear error, nothing written
    code, output = run("sources", "add", bare.url("/news/"), "--config", str(toml))
    assert code == 2 and "connect" in output
    assert len(load_config(toml).sources) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_crawl_after_the_demo_says_what_happened(tmp_path: Path) -> None:
    port = free_port()  # the demo site is not served there any more
    sources = "".join(
        f'[[sources]]\nid = "demo{i}"\nkind = "feed"\n'
        f'url = "http://127.0.0.1:{port}/outlet{i}/rss.xml"\n'
        for i in range(3)
    )
    toml = watch(tmp_path, f"[demo]\nport = {port}\n{sources}")
    code, output = run("--config", str(toml), "crawl")
    assert code == 1
    assert "served only while `scanner demo` runs" in " ".join(output.split())
    assert "scanner sources add" in output
    # other sources that do not answer: the network or the addresses
    toml = watch(tmp_path, sources)
    code, output = run("crawl", "--config", str(toml))
    assert code == 1 and "check the network" in " ".join(output.split())
