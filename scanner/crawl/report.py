"""What a crawl did: per-source statistics and the ids of the articles it stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.records import SourceStats

__all__ = ["CrawlReport", "SourceStats"]

_COLUMNS = (
    ("listed", "listed"),
    ("known", "known"),
    ("fetched", "fetched"),
    ("new", "new"),
    ("duplicate", "dup"),
    ("near_duplicate", "near"),
    ("not_modified", "304"),
    ("robots", "robots"),
)


@dataclass
class CrawlReport:
    """The outcome of one crawl run; `summary()` is the per-source table the CLI prints."""

    run_id: int | None = None
    per_source: dict[str, SourceStats] = field(default_factory=dict)
    new_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    busy: dict[str, str] = field(default_factory=dict)  # source id → crawl holding it
    left: int = 0  # URLs not fetched: the crawl's time budget ran out (the next crawl will)
    deferred: int = 0  # failed URLs waiting for their retry time (`--retry-failed`: now)

    def stats(self, source_id: str, kind: str = "", url: str = "") -> SourceStats:
        if source_id not in self.per_source:
            self.per_source[source_id] = SourceStats(source_id=source_id, kind=kind, url=url)
        return self.per_source[source_id]

    @property
    def failed_sources(self) -> int:
        """Sources that could not be read at all (their feed, sitemap, listing or page)."""
        return sum(1 for s in self.per_source.values() if s.failed)

    @property
    def fetched(self) -> int:
        return sum(s.fetched for s in self.per_source.values())

    def summary(self) -> str:
        """A table: one line per source, a total, and the errors by kind."""
        width = max([len("source"), *(len(s) for s in self.per_source)]) + 2
        head = "source".ljust(width) + "".join(f"{label:>8}" for _, label in _COLUMNS)
        lines = [head + "  errors"]
        total = SourceStats(source_id="total")
        for sid, s in self.per_source.items():
            cells = "".join(f"{getattr(s, name):>8}" for name, _ in _COLUMNS)
            errors = ", ".join(f"{k} {v}" for k, v in sorted(s.errors.items())) or "-"
            if s.failed:
                errors += "  (source unreadable)"
            if s.lang_flagged:
                errors += f"  [{s.lang_flagged} outside the languages]"
            lines.append(sid.ljust(width) + cells + "  " + errors)
            for name, _ in _COLUMNS:
                setattr(total, name, getattr(total, name) + getattr(s, name))
            for kind, n in s.errors.items():
                total.errors[kind] = total.errors.get(kind, 0) + n
        if len(self.per_source) > 1:
            cells = "".join(f"{getattr(total, name):>8}" for name, _ in _COLUMNS)
            lines.append("total".ljust(width) + cells + f"  {total.error_count} error(s)")
        for sid, holder in sorted(self.busy.items()):
            lines.append(f"{sid}: skipped, being crawled by {holder}")
        state = "interrupted after" if self.interrupted else "done in"
        lines.append(
            f"crawl {state} {self.seconds:.1f} s: {len(self.new_ids)} new article(s), "
            f"{self.failed_sources} source(s) unreadable"
        )
        if self.left:
            lines.append(
                f"time budget ([crawl].budget_seconds) used up: {self.left} URL(s) left "
                "for the next crawl"
            )
        if self.deferred:
            lines.append(
                f"{self.deferred} failed URL(s) wait for their retry time "
                "(scanner crawl --retry-failed retries them now)"
            )
        return "\n".join(lines)


UNREACHABLE = ("connect", "timeout")


def advice(report: CrawlReport, demo_port: int) -> str:
    """What to do when every source failed to answer ("" otherwise): the demo site is only
    served while `scanner demo` runs, which a newcomer cannot guess from six `connect` errors."""
    tried = [s for s in report.per_source.values()]
    if not tried or not all(s.failed for s in tried):
        return ""
    if not all(set(s.errors) <= set(UNREACHABLE) for s in tried):
        return ""
    demo = [s for s in tried if _is_demo(s.url, demo_port)]
    if len(demo) == len(tried):
        return (
            "no source answered: these are the demonstration sources, and the demo site "
            f"(127.0.0.1:{demo_port}) is served only while `scanner demo` runs. Run "
            "`scanner demo` again to crawl it, or follow real sites: "
            "`scanner sources add https://…` or `scanner sources import feeds.opml`."
        )
    return (
        "no source answered (connection refused or timed out): check the network or proxy, "
        "and the addresses with `scanner sources`; every article stored so far is kept."
    )


def _is_demo(url: str, port: int) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.hostname in ("127.0.0.1", "localhost", "::1") and parts.port == port
