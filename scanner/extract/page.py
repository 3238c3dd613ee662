"""A fetched page → an `Article`: main text and metadata (trafilatura), date, language.

    extract_article(ExtractJob(url=..., final_url=..., html=...)) -> Article

Pure and CPU-bound: the crawl runs it in worker processes (`run_job` never raises, so a bad
page comes back as a reason, not as a dead worker).

- Text, title, author, site name: trafilatura (`[crawl].extraction` picks its precision /
  recall trade-off); the feed's title and summary are the fallbacks. A leading line that
  repeats the title is dropped (the title is stored apart).
- Publication date, first that is plausible (not before 1995, not after the fetch — so never
  a cookie's expiry date): the page's own metadata (htmldate, fast mode: meta tags, JSON-LD,
  <time>), the feed's date, a full date in the URL, then htmldate's extensive search.
- Language: langdetect (seeded) on title + text, else the page's `lang`, else the source's;
  an article outside the configured languages is kept with `lang_ok=False`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypedDict

import trafilatura

from scanner.crawl.urls import canonical_url, same_site, url_date
from scanner.errors import ExtractError
from scanner.extract.dedup import article_id_for_url, content_hash, signature, stems
from scanner.records import Article, FeedEntry
from scanner.text.lang import detect_language

log = logging.getLogger(__name__)


class _ModeOptions(TypedDict, total=False):
    """trafilatura options of an extraction mode."""

    favor_precision: bool
    favor_recall: bool


MODES: dict[str, _ModeOptions] = {
    "precision": {"favor_precision": True},
    "balanced": {},
    "recall": {"favor_recall": True},
}
EARLIEST = date(1995, 1, 1)
LANG_SAMPLE = 1500
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.I)
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """Everything extraction needs, picklable for a worker process."""

    url: str  # the canonical URL the crawl asked for
    final_url: str  # where the page really came from (after redirects)
    html: str
    source_id: str = ""
    source_lang: str = ""
    entry: FeedEntry | None = None
    fetched: date | None = None
    languages: tuple[str, ...] = ("fr", "en")
    mode: str = "precision"
    min_chars: int = 80
    min_words: int = 20


@dataclass(frozen=True, slots=True)
class Extracted:
    """A worker's answer: the article and its MinHash signature, or why there is none."""

    url: str
    article: Article | None = None
    signature: bytes | None = None
    error: str = ""


def run_job(job: ExtractJob) -> Extracted:
    """Extract one page; never raises (worker-process entry point)."""
    try:
        article = extract_article(job)
    except ExtractError as exc:
        return Extracted(job.url, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - hostile HTML must not kill the worker pool
        log.warning("extraction of %s crashed: %s", job.url, exc)
        return Extracted(job.url, error=f"extraction crashed ({type(exc).__name__})")
    words = stems(f"{article.title}\n{article.text}")
    return Extracted(job.url, article=article, signature=signature(words, job.min_words))


def extract_article(job: ExtractJob) -> Article:
    """The article a page holds; ExtractError when it has no usable text."""
    if job.mode not in MODES:
        raise ExtractError(f"unknown extraction mode {job.mode!r}; known: {', '.join(MODES)}")
    fetched = job.fetched or date.today()
    doc = None
    if job.html.strip():
        doc = trafilatura.bare_extraction(
            job.html,
            url=job.final_url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "max_date": (fetched + timedelta(days=1)).isoformat(),
            },
            **MODES[job.mode],
        )
    entry = job.entry or FeedEntry(url=job.url)
    title = _clean(getattr(doc, "title", None) or "") or entry.title
    text = _drop_title(_text_of(doc), title)
    if len(text) < job.min_chars and len(entry.summary) >= job.min_chars:
        text = entry.summary  # a teaser is better than nothing; the feed vouches for it
    if len(text) < job.min_chars:
        raise ExtractError(f"no usable text ({len(text)} characters) at {job.final_url}")
    canonical = _canonical(getattr(doc, "url", None), job)
    # langdetect's cost grows with the sample and is most of extraction's: 1,500 characters
    # tell French from English as well as 4,000
    sample = f"{title}\n{text}"
    lang = detect_language(sample, LANG_SAMPLE) or _page_lang(job.html) or job.source_lang
    return Article(
        id=article_id_for_url(canonical),
        url=job.final_url,
        canonical_url=canonical,
        title=title,
        text=text,
        source_id=job.source_id,
        published=publication_date(job, getattr(doc, "date", None), fetched),
        lang=lang,
        lang_ok=(lang in job.languages) if lang else True,
        author=_clean(getattr(doc, "author", None) or "")[:200],
        site_name=_clean(getattr(doc, "sitename", None) or "")[:200],
        content_hash=content_hash(title, text),
    )


def publication_date(job: ExtractJob, metadata_date: str | None, fetched: date) -> date | None:
    """The first plausible date among metadata, feed, URL and htmldate's extensive search."""
    candidates = (
        lambda: _iso(metadata_date),
        lambda: job.entry.published if job.entry else None,
        lambda: url_date(job.final_url) or url_date(job.url),
        lambda: _extensive_date(job.html, job.final_url, fetched),
    )
    for candidate in candidates:
        found = candidate()
        if found is not None and EARLIEST <= found <= fetched + timedelta(days=1):
            return found
    return None


def _extensive_date(html: str, url: str, fetched: date) -> date | None:
    if not html.strip():
        return None
    from htmldate import find_date

    try:
        found = find_date(
            html,
            url=url,
            extensive_search=True,
            original_date=True,
            min_date=EARLIEST.isoformat(),
            max_date=(fetched + timedelta(days=1)).isoformat(),
        )
    except (ValueError, TypeError) as exc:
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return _iso(found)


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


def _text_of(doc: object) -> str:
    raw = getattr(doc, "text", None) or ""
    lines = (_SPACES.sub(" ", line).strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def _drop_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.strip().casefold():
        return rest.strip()
    return text


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _canonical(declared: str | None, job: ExtractJob) -> str:
    """The page's rel=canonical when it is on the same site and not the home page."""
    fallback = job.url
    if not declared:
        return fallback
    try:
        url = canonical_url(declared, base=job.final_url)
    except ValueError:
        return fallback
    if not same_site(url, job.final_url) or url.rstrip("/").count("/") < 3:
        return fallback  # a site-wide canonical (the home page) would merge every article
    return url


def _page_lang(html: str) -> str:
    m = _HTML_LANG.search(html[:5000])
    return m[1].lower() if m else ""
