"""The CLI as a batch user meets it: the analyze/ingest/search contract and bad input."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner
from watch import watch_config

from scanner.cli import app
from scanner.records import STAGES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
runner = CliRunner()


def config_in(tmp_path: Path, extra: str = "") -> Path:
    path = watch_config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def seeds_jsonl(tmp_path: Path) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found beside the project")
    path = tmp_path / "seeds.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            f.write(json.dumps({"id": seed.stem, "text": text, "date": "2026-11-10"}) + "\n")
    return path


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("crawl", "ingest", "process", "bulletin", "search", "analyze", "demo", "eval"):
        assert command in result.output


def test_analyze_contract_on_the_seeds(tmp_path: Path) -> None:
    cfg = config_in(tmp_path)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["analyze", "--jsonl", str(seeds_jsonl(tmp_path)), "--out", str(out), "-c", str(cfg)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    texts = {s.stem: s.read_text(encoding="utf-8") for s in SEEDS.glob("*.txt")}
    values: dict[str, float] = {}
    for line in lines:
        assert set(line) == {"id", "lang", "themes", "stage", "phase", "evidence", "mentions"}
        assert line["stage"] in (None, *STAGES) and (line["stage"] is None) == (not line["themes"])
        assert line["lang"] == "fr"
        scores = [t["score"] for t in line["themes"]]
        assert scores == sorted(scores, reverse=True)
        base = {"kind", "text", "start", "end", "canonical", "value_eur", "currency"}
        fact = {"role", "new", "recipient", "payers", "programme", "high_eur", "approx"}
        for m in line["mentions"]:
            assert set(m) == (base | fact | {"decided_by"} if m["kind"] == "amount" else base)
            assert texts[line["id"]][m["start"] : m["end"]] == m["text"]
            if m["kind"] == "amount":
                values[m["text"]] = m["value_eur"]
                assert m["new"] in (True, False, None) and isinstance(m["payers"], list)
    assert values["2,3 Mds€"] == pytest.approx(2.3e9)
    assert values["670M€"] == pytest.approx(6.7e8)
    assert values["718,4 millions d’euros"] == pytest.approx(7.184e8)
    assert not (tmp_path / "w.db").exists()  # analyze stores nothing


def test_ingest_is_idempotent_and_reports_bad_lines(tmp_path: Path) -> None:
    cfg = config_in(tmp_path)
    items = tmp_path / "items.jsonl"
    good = [
        {
            "id": "x1",
            "title": "Robot chirurgical au CHU",
            "text": "Le CHU de Lille acquiert "
            "un robot chirurgical pour la chirurgie mini-invasive, financé à hauteur de 2 M€.",
            "date": "2026-11-10",
        },
        {
            "id": "x2",
            "title": "Dépistage du cancer",
            "text": "Une campagne de dépistage "
            "organisé du cancer colorectal commence en Bretagne avec l'ARS.",
            "date": "2026-11-11",
        },
    ]
    items.write_text(
        "\n".join([json.dumps(g, ensure_ascii=False) for g in good] + ["{not json", '{"id": 3}']),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", "--jsonl", str(items), "-c", str(cfg)])
    assert result.exit_code == 1  # bad lines are reported, good ones kept
    assert "stored 2 new item(s), 2 bad line(s)" in result.output
    again = runner.invoke(app, ["ingest", "--jsonl", str(items), "-c", str(cfg)])
    assert "stored 0 new item(s)" in again.output
    assert "processed 0 article(s)" in again.output
    found = runner.invoke(app, ["search", "robot opératoire", "--json", "-c", str(cfg)])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.output)
    assert hits[0]["id"] == "x1"
    assert set(hits[0]) == {
        "id",
        "score",
        "title",
        "url",
        "snippet",
        "published",
        "source",
        "themes",
    }


def test_malformed_config_is_a_clear_error(tmp_path: Path) -> None:
    cfg = config_in(tmp_path, "\n[crawl2]\nx = 1\n")
    result = runner.invoke(app, ["search", "x", "-c", str(cfg)])
    assert result.exit_code == 2
    assert "crawl2" in result.output
    cfg.write_text("[crawl]\ntimeout = 'slow'\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "x", "-c", str(cfg)])
    assert result.exit_code == 2


def test_unreachable_source_is_reported_and_nothing_is_lost(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = watch_config(
        tmp_path,
        sources=f'[[sources]]\nid = "down"\nkind = "feed"\nurl = "http://127.0.0.1:{port}/rss.xml"\n',
    )
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"id": "k1", "text": "Texte gardé " * 20}) + "\n", "utf-8")
    assert runner.invoke(app, ["ingest", "--jsonl", str(items), "-c", str(cfg)]).exit_code == 0
    result = runner.invoke(app, ["crawl", "-c", str(cfg), "--no-process"])
    assert result.exit_code == 1
    assert "down" in result.output
    from scanner.store import Store

    with Store.open(tmp_path / "w.db") as store:
        assert store.articles.count() == 1


def test_analyze_gives_every_awkward_item_a_result_with_its_evidence(tmp_path: Path) -> None:
    """A one-line item, a 50,000-word report, a German item, a list of links: each gets a
    line (maybe no theme, no stage) saying why, and the run succeeds."""
    cfg = config_in(tmp_path)
    report = " ".join(
        ["Le rapport annuel de la chambre régionale des comptes examine la gestion communale."]
        * 4200
    )
    assert len(report.split()) > 50_000
    items = [
        {"id": "one", "text": "Robot chirurgical au CHU de Lille."},
        {"id": "long", "title": "Rapport", "text": report},
        {
            "id": "de",
            "text": "Der Bundestag hat die Krankenhausreform verabschiedet. "
            "Kliniken erhalten eine Vorhaltepauschale.",
            "lang": "de",
        },
        {"id": "links", "text": "https://a.example/x https://b.example/y\nhttps://c.example/z"},
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["analyze", "--jsonl", str(path), "--out", str(out), "-c", str(cfg)]
    )
    assert result.exit_code == 0, result.output
    lines = {x["id"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == {"one", "long", "de", "links"}
    for line in lines.values():
        assert line["evidence"]["theme"] and line["evidence"]["stage"]
    for odd in ("long", "de", "links"):
        assert lines[odd]["themes"] == [] and lines[odd]["stage"] is None
        assert lines[odd]["evidence"]["theme"][0].startswith("hors sujet")
    assert lines["de"]["lang"] == "de"
    assert [t["theme"] for t in lines["one"]["themes"]] == ["bloc_operatoire"]
