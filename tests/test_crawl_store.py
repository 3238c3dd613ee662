"""What the crawler remembers: failed URLs retried or not, and each source's health."""

from __future__ import annotations

from scanner.records import SourceStats
from scanner.store import Store


def run(store: Store, source: str, **figures: object) -> None:
    run_id = store.runs.start("crawl")
    store.crawl.save_stats(run_id, SourceStats(source_id=source, **figures))  # type: ignore[arg-type]


def test_failed_urls_are_retried_only_when_worth_it(any_store: Store) -> None:
    store = any_store
    store.crawl.record_failure("https://h/timeout", "s", "timeout", retry=True)
    store.crawl.record_failure("https://h/gone", "s", "http_404", retry=False)
    store.crawl.record_article("https://h/ok", "s", 200, "a1")
    urls = ["https://h/timeout", "https://h/gone", "https://h/ok", "https://h/new"]
    assert store.crawl.known_urls(urls, max_attempts=3) == {"https://h/gone", "https://h/ok"}
    assert store.crawl.pending("s", max_attempts=3) == ["https://h/timeout"]
    for _ in range(2):
        store.crawl.record_failure("https://h/timeout", "s", "timeout", retry=True)
    assert store.crawl.pending("s", max_attempts=3) == []  # three strikes
    assert "https://h/timeout" in store.crawl.known_urls(urls, max_attempts=3)
    assert store.crawl.failures("s") == {"timeout": 1, "http_404": 1}


def test_health_flags_a_source_that_starts_failing_or_stops_yielding(any_store: Store) -> None:
    store = any_store
    for _ in range(3):
        run(store, "steady", listed=10, fetched=2, new=2)
    run(store, "breaking", listed=10, fetched=5, new=5)
    run(store, "breaking", failed=True, errors={"http_503": 1})
    run(store, "breaking", failed=True, errors={"timeout": 1})
    for _ in range(2):
        run(store, "drying", listed=10, fetched=3, new=3)
    for _ in range(5):
        run(store, "drying", listed=10, known=10)
    run(store, "dead", failed=True, errors={"connect": 1})
    run(store, "blocked", listed=4, fetched=4, errors={"http_403": 4})
    health = store.crawl.health(["steady", "breaking", "drying", "dead", "blocked", "new"], 5)
    assert health["steady"].status == "ok"
    assert health["breaking"].status == "failing"
    assert (
        "2 crawl(s)" in health["breaking"].reason and "worked before" in health["breaking"].reason
    )
    assert health["drying"].status == "stale" and "yielded some before" in health["drying"].reason
    assert health["dead"].status == "failing" and "never worked" in health["dead"].reason
    assert health["blocked"].status == "failing"  # every page it gave failed
    assert "new" not in health  # never crawled
    text = str(health["breaking"])
    assert text.startswith("FAILING:") and "timeout 1" in text
