"""The researchers' notebooks run top to bottom on a small watch built here, and are committed
without outputs.

The watch is two dozen sample items (themes, off-topic items, a near-duplicate story and the
psychedelics topic that becomes an emerging cluster) ingested and processed with the real
pipeline; its gold set is the same items, so the extraction-quality notebook evaluates on them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import nbformat
import pytest

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((PROJECT / "notebooks").glob("*.ipynb"))
# themes across seven ISO weeks, two off-topic items, a three-outlet story; then the
# psychedelics topic, which no theme names: it appears and grows
THEMED = ["a001", "a003", "a005", "a007", "a008", "a009", "a012", "a014", "a020", "b001"]
THEMED += ["b002", "b003", "b004", "b007", "b010", "b019", "b027", "a046"]
ITEMS = [*THEMED, "a025", "a029", "a030", "a041", "a042", "a043"]


def _subset(name: str, keep: set[str]) -> list[dict]:
    rows = []
    for path in sorted((PROJECT / "corpora" / name).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return [r for r in rows if r.get("id") in keep]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def _small_corpus(root: Path) -> list[dict]:
    keep = set(ITEMS)
    items = _subset("sample", keep)
    _write_jsonl(root / "sample" / "items_t.jsonl", items)
    gold = [r for r in _read_gold() if r["id"] in keep]
    _write_jsonl(root / "gold" / "annotations_t.jsonl", gold)
    queries = []
    for q in _read_gold("queries_*.jsonl"):
        relevant = {k: v for k, v in q["relevant"].items() if k in keep}
        if relevant:
            queries.append({**q, "relevant": relevant})
    _write_jsonl(root / "gold" / "queries_t.jsonl", queries)
    return items


def _read_gold(pattern: str = "annotations_*.jsonl") -> list[dict]:
    rows = []
    for path in sorted((PROJECT / "corpora" / "gold").glob(pattern)):
        rows += [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    return rows


@pytest.fixture(scope="module")
def small_watch(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A watch folder: the project's config.toml, the small corpus as its gold set
    (`[themes].gold = "corpora"` resolves there), its store processed and clustered."""
    from scanner.config import load_config
    from scanner.curation import corrections as curation
    from scanner.extract.dedup import store_article
    from scanner.pipeline import Item, item_to_article, process_articles, update_clusters
    from scanner.store import Store
    from scanner.themes.data import GoldVectorCache
    from scanner.themes.scoring import GOLD_CACHE
    from scanner.vectors.embed import load_embedder

    folder = tmp_path_factory.mktemp("watch")
    shutil.copy(PROJECT / "config.toml", folder / "config.toml")
    items = _small_corpus(folder / "corpora")
    # the shipped vectors of the gold texts: training the theme model on this gold set and
    # evaluating it re-embed nothing
    (folder / "models" / "themes").mkdir(parents=True)
    shutil.copy(PROJECT / "models" / "themes" / "gold-vectors.npz", folder / "models" / "themes")
    mp = pytest.MonkeyPatch()
    mp.chdir(folder)
    cfg = load_config(folder / "config.toml")
    store = Store.from_config(cfg.store)
    try:
        for r in items:
            item = Item(
                id=r["id"],
                text=r["text"],
                title=r["title"],
                date=date.fromisoformat(r["published"]),
                url=f"https://{r['outlet']}.example.org/{r['slug']}",
                lang=r["lang"],
            )
            article = replace(item_to_article(item), source_id=r["outlet"])
            store_article(store, article, policy=cfg.dedup)
        # the embedding cache filled from the shipped gold vectors (same model, same passages,
        # keyed by content hash as the pipeline keys it): processing embeds nothing again
        embedder = load_embedder(cfg.embed)
        articles = store.articles.all()
        cached = GoldVectorCache(folder / "models" / "themes" / GOLD_CACHE).passages(
            embedder, articles, cfg.embed
        )
        for a in articles:
            store.vectors.put(a.content_hash, embedder.model_name, cached[a.id])
        counts = process_articles(cfg, store)
        assert counts.done == len(items)
        update_clusters(cfg, store)
        # a few curators' corrections, for the last part of the quality notebook
        orgs = [m for m in store.mentions.for_article("a001") if m.kind == "organisation"]
        curation.accept_mention(store, orgs[0].id, "claire")
        curation.reject_mention(store, orgs[1].id, "claire")
        curation.set_theme_label(store, "a025", "prevention", 1, "paul", cfg.theme_keys)
        curation.merge_organisations(
            store, "SGPI", "Secrétariat général pour l'investissement", "paul"
        )
    finally:
        store.close()
        mp.undo()
    return folder


# every notebook, the quality one included (~40 s: it loads spaCy and the embedder in its own
# kernel and runs the three evaluations): a notebook that breaks must fail CI
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, small_watch, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("SCANNER_CONFIG", str(small_watch / "config.toml"))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # a cell that raises fails here, naming the cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"config {small_watch / 'config.toml'}" in text  # it read the watch it was given
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "no chart drawn"
    tables = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    if path.stem.startswith("01"):
        assert len(images) == 3  # the map, themes × stages, the map with the region drawn
        assert "politique publique" in tables and "non dit" in tables  # themes × stages
        assert "Psilocybine" in tables or "Psychédéliques" in tables  # the region listed
    elif path.stem.startswith("02"):
        assert "appeared 2026-W4" in tables  # a cluster followed by its id
    else:
        assert "macro-F1" in text and "nDCG@10 all" in tables
        assert "reject" in tables and "SGPI" in tables  # the corrections made above


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_is_stripped_and_calls_the_library(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code"
    strip = f"{path.name} was saved with outputs: run `nbstripout notebooks/*.ipynb`"
    for cell in code:
        assert cell.outputs == [], f"{strip} (cell {cell.source[:40]!r})"
        assert cell.execution_count is None, strip
        assert "execution" not in cell.metadata, strip
        # logic lives in scanner.analysis, cells call it
        assert "def " not in cell.source and "class " not in cell.source, cell.source[:60]
    assert "an.open_watch()" in code[0].source  # $SCANNER_CONFIG or ../config.toml


@pytest.mark.slow  # ~29 s: trains the theme model twice; `make test-all` runs it
def test_theme_predictions_match_the_eval_report(small_watch, monkeypatch):
    """The per-item predictions behind the confusion view are those `scanner eval` scores."""
    from scanner import analysis as an
    from scanner.config import load_config
    from scanner.eval.themes import evaluate_themes

    monkeypatch.chdir(small_watch)
    cfg = load_config(small_watch / "config.toml")
    corpora = an.corpora_folder(cfg)
    assert corpora.resolve() == (small_watch / "corpora").resolve()
    report = evaluate_themes(cfg, corpora)
    predictions = an.theme_predictions(report)
    assert len(predictions) == report.items == len(ITEMS)
    confusion = an.theme_confusion(predictions, cfg.theme_keys)
    for key in cfg.theme_keys:
        prf = report.overall["combined"].per_theme[key]
        found = predictions["assigned"].map(lambda got, k=key: k in got)
        wanted = predictions["gold"].map(lambda gold, k=key: k in gold)
        assert (found & wanted).sum() == prf.tp == confusion.loc[key, key]
        assert (found & ~wanted).sum() == prf.fp
        assert (~found & wanted).sum() == prf.fn
