"""`scanner bulletin --mail` against a real SMTP server (aiosmtpd on 127.0.0.1): the Markdown as
the text part, HTML whose styles are inline (no <style> block, no CSS variable, no SVG), the
crawled <script> title still inert; and a server that refuses says so with a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import html5lib
from bulletin_data import EVIL, THEMES, WEEK, fill, make_config
from test_mail import free_port, smtp_server
from typer.testing import CliRunner

from scanner.cli import app
from scanner.store import Store


def watch(tmp_path: Path, port: int, recipients: str = '["analyste@example.org"]') -> Path:
    cfg = make_config(tmp_path)
    with Store.from_config(cfg.store) as store:
        for s in cfg.sources:
            store.articles.upsert_source(s)
        fill(store)
    toml = tmp_path / "config.toml"
    lines = [
        f'[store]\nurl = "{cfg.store.url}"\n',
        f'[output]\ndir = "{tmp_path / "out"}"\n',
        '[web]\nbase_url = "https://veille.example.org"\n',
        f'[alerts.smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        f"timeout = 5.0\nrecipients = {recipients}\n",
    ]
    for k, v in THEMES.items():
        lines.append(f'[taxonomy.{k}]\nlabel = "{v}"\ndescription = "d"\nseeds = ["s"]\n')
    toml.write_text("\n".join(lines), encoding="utf-8")
    return toml


def test_bulletin_is_mailed_as_inline_styled_html_and_markdown(tmp_path: Path) -> None:
    with smtp_server() as (inbox, port):
        toml = watch(tmp_path, port)
        run = CliRunner().invoke(
            app,
            ["bulletin", "--week", WEEK, "--config", str(toml), "--mail", "--to", "a@example.org"],
        )
    assert run.exit_code == 0, run.output
    assert "mailed to a@example.org" in run.output
    [(rcpts, msg)] = inbox.messages
    assert rcpts == ["a@example.org"]
    assert msg["Subject"] == "Bulletin de veille — semaine 46 de 2026"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    md = (tmp_path / "out" / f"bulletin-{WEEK}.md").read_text(encoding="utf-8")
    # the Markdown, as written beside the HTML (mail transport may end lines with CRLF)
    assert [x.rstrip() for x in text.splitlines()] == [x.rstrip() for x in md.splitlines()]
    # styles live in attributes: mail clients drop <style> and var(); no SVG chart, no menu
    assert "<style" not in html and "var(--" not in html and "<svg" not in html
    assert 'class="toc"' not in html and 'id="graphiques"' not in html
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    heads = doc.findall(".//h2")
    assert heads and all("font-size" in (h.get("style") or "") for h in heads)
    signals = doc.find(".//ol")
    assert signals is not None and "list-style: decimal" in (signals.get("style") or "")
    masthead = doc.find(".//header")
    assert masthead is not None and "background" in (masthead.get("style") or "")
    # the items still open the app, and crawled text is still text
    assert "https://veille.example.org/articles/new" in html
    assert "<script>alert" not in html and EVIL.split(">")[0].replace("<", "&lt;") in html


def test_mail_refused_says_why_and_fails(tmp_path: Path) -> None:
    toml = watch(tmp_path, free_port())  # nobody listens there
    run = CliRunner().invoke(app, ["bulletin", "--week", WEEK, "--config", str(toml), "--mail"])
    assert run.exit_code != 0
    assert "mail through 127.0.0.1" in run.output
    # the files are written all the same: only the mail failed
    assert (tmp_path / "out" / f"bulletin-{WEEK}.html").is_file()
