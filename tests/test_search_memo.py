"""Search results kept until the store changes (`store.memo`): a kept result is never stale,
whichever connection or process changed the store; nothing is kept on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from scanner.records import Article, SearchFilters
from scanner.search.hybrid import search_page
from scanner.store import Store


def counting(results: list[int]):  # type: ignore[no-untyped-def]
    """A computation that says how often it ran."""

    def compute() -> int:
        results.append(len(results))
        return results[-1]

    return compute


def article(aid: str, title: str, text: str) -> Article:
    url = f"https://memo.test/{aid}"
    return Article(id=aid, url=url, canonical_url=url, title=title, text=text, lang="fr",
                   content_hash=aid * 8)  # fmt: skip


def test_a_result_is_kept_until_any_connection_changes_the_store(any_store, store_url) -> None:  # type: ignore[no-untyped-def]
    runs: list[int] = []
    compute = counting(runs)
    first = any_store.memo.get("k", compute, size=8)
    again = any_store.memo.get("k", compute, size=8)
    if any_store.dialect == "postgresql":  # no cheap "has anything changed": never kept
        assert runs == [0, 1] and again == 1
        return
    assert runs == [0] and again == first
    any_store.articles.add(article("own", "Écrit ici", "par cette connexion"))
    assert any_store.memo.get("k", compute, size=8) == 1  # this connection's own write
    assert any_store.memo.get("k", compute, size=8) == 1
    with Store.open(store_url) as other:  # another connection, as another process would be
        other.articles.add(article("other", "Écrit ailleurs", "par une autre connexion"))
    assert any_store.memo.get("k", compute, size=8) == 2
    assert runs == [0, 1, 2]


def test_the_memo_is_bounded_and_can_be_turned_off(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "m.db") as store:
        runs: list[int] = []
        for key in ("a", "b", "c"):
            store.memo.get(key, counting(runs), size=2)
        assert store.memo.get("b", counting(runs), size=2) == 1  # kept
        assert store.memo.get("a", counting(runs), size=2) == 3  # the oldest went first
        assert store.memo.get("c", counting(runs), size=0) == 4  # 0: never kept
        assert store.memo.get("c", counting(runs), size=0) == 5


def test_a_search_page_sees_an_article_stored_after_it_was_kept(search_copy) -> None:  # type: ignore[no-untyped-def]
    """The page is served from the memo the second time, and an article stored since, by
    another connection, is found at once: the memo emptied itself."""
    cfg, store = search_copy
    query = "bioréacteur orbital"
    before = search_page(cfg, store, query, k=5, mode="lexical", cutoff=0)
    assert search_page(cfg, store, query, k=5, mode="lexical", cutoff=0) == before
    with Store.open(cfg.store.url) as other:
        other.articles.add(article("neuf", "Un bioréacteur orbital", "Le bioréacteur orbital "
                                   "d'une start-up lyonnaise produit des cellules."))  # fmt: skip
    after = search_page(cfg, store, query, k=5, mode="lexical", cutoff=0)
    assert after.total == before.total + 1
    assert after.hits[0].article_id == "neuf"
    # the same page with the memo off gives the same answer
    off = replace(cfg, search=replace(cfg.search, cache=0))
    assert search_page(off, store, query, k=5, mode="lexical", cutoff=0) == after
    assert search_page(off, store, query, k=5, filters=SearchFilters(langs=("fr",)),
                       mode="lexical", cutoff=0).hits[0].article_id == "neuf"  # fmt: skip
