"""Issue 17: the CLI commands that need no model, given hostile arguments and options:
every answer is a message and an exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from watch import watch_config

from scanner.cli import app

runner = CliRunner()
HUGE = "9" * 30
# commands whose odd input is no error: a free-text search that finds nothing, an empty file,
# clusters rebuilt on an empty store
ALLOWED_ZERO = {"clusters", "config", "search"}


def cases(tmp: Path) -> list[list[str]]:
    blocker = tmp / "a-file"
    blocker.write_text("x")
    folder = tmp / "folder"
    folder.mkdir(exist_ok=True)
    unwritable = str(blocker / "sub")
    return [
        ["config", "nosuchsection"],
        ["config", "../../etc"],
        ["sources", "--history", "-5"],
        ["sources", "--history", HUGE],
        ["search", "", "--mode", "lexical"],
        ["search", "\x00", "--mode", "lexical"],
        ["search", "robot", "--mode", "nope"],
        ["search", "robot", "--k", "0", "--mode", "lexical"],
        ["search", "robot", "--k", HUGE, "--mode", "lexical"],
        ["search", "robot", "--since", "2026-13-45", "--mode", "lexical"],
        ["search", "robot", "--theme", "nosuchtheme", "--mode", "lexical"],
        ["search", "robot", "--min-amount", "-5", "--mode", "lexical"],
        ["search", 'NEAR( " * ^', "--mode", "lexical"],
        ["remove", "nosuch", HUGE],
        ["bulletin", "--week", "2026-W99"],
        ["bulletin", "--week", "2026-W46", "--out", unwritable],
        ["users", "add", "bad name!", "--password-stdin"],
        ["users", "add", "bob", "--password-stdin", "--role", "admin"],
        ["users", "add", "x" * 5000, "--password-stdin"],
        ["users", "remove", "nosuch"],
        ["curate", "log", "--format", "xml"],
        ["curate", "log", "--limit", HUGE],
        ["curate", "log", "--limit", "-1"],
        ["curate", "export", "--out", unwritable],
        ["clusters", "rebuild"],
        ["ingest", "--jsonl", str(folder), "--no-process"],
        ["ingest", "--jsonl", str(tmp / "missing.jsonl"), "--no-process"],
        ["ingest", str(tmp / "missing.html"), "--no-process"],
        ["ingest", str(blocker), "--no-process"],
        ["crawl", "--url", "javascript:alert(1)", "--no-process"],
        ["crawl", "--url", "http://[::1", "--no-process"],
        ["crawl", "--url", "ftp://example.org/x", "--no-process"],
        ["crawl", "--url", "http://127.0.0.1:9/x", "--kind", "nope", "--no-process"],
        ["crawl", "--source", "nosuch", "--no-process"],
        ["analyze", "--jsonl", str(tmp / "missing.jsonl")],
        ["serve", "--port", "99999"],
    ]


def test_hostile_arguments_never_give_a_traceback(tmp_path: Path) -> None:
    config = watch_config(tmp_path, crawl={"retries": 0, "timeout": 2.0})
    problems = []
    for args in cases(tmp_path):
        result = runner.invoke(app, [*args, "-c", str(config)], input="short\n")
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if crashed or "Traceback" in result.output:
            problems.append((args[:3], repr(result.exception)[:200]))
        elif result.exit_code == 0 and args[0] not in ALLOWED_ZERO:
            problems.append((args[:3], "exit 0 for bad input", result.output[-200:]))
    assert not problems, problems


@pytest.mark.parametrize("body", [b"\x00\xff" * 100, b"[crawl]\ntimeout = nan\n", b"x = ["])
def test_a_broken_config_file_is_a_message(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(body)
    result = runner.invoke(app, ["sources", "-c", str(path)])
    assert result.exit_code == 2 and "config" in result.output
