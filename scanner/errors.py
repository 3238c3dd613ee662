"""Exceptions raised by scanner.

    ScannerError                 every error this package raises on purpose
    ├── ConfigError              config.toml is missing, malformed, or has a bad key/value
    ├── ModelNotInstalled        a spaCy or sentence-transformers model is not on disk
    ├── StoreError               the database cannot be opened, migrated or copied
    │   └── StoreUnavailable     the database server cannot be reached (retry later)
    ├── OutputError              an output file or folder cannot be written (bulletins)
    ├── FetchError               an HTTP fetch failed (kind: timeout, status, too_large, ...)
    ├── FeedError                a feed yields nothing usable            (crawl/feeds.py)
    ├── SitemapError             a sitemap cannot be read                (crawl/sitemaps.py)
    ├── ListingError             a listing page cannot be read           (crawl/listing.py)
    ├── ExtractError             a page yielded no usable text
    ├── UnknownTheme             a theme key not in the taxonomy
    ├── ModelStale               the saved theme model is missing/stale  (themes/model.py)
    ├── StageModelStale          the saved stage model is missing/stale  (maturity/model.py)
    ├── LinkerUnusable           the fact linker is missing/corrupt: rules alone (nlp/facts/linker.py)
    ├── IndexMismatch            a FAISS index built with another model or out of step
    ├── NotFound                 an article, mention or bulletin that does not exist
    ├── InputError               a bad item in user input (JSONL line, query, file)
    │   ├── AlertExists          an alert of that name is saved already  (alerts/saved.py)
    │   └── CannotUndo           a correction that cannot be undone     (curation/undo.py)
    ├── MailError                the SMTP server refused or failed a message
    ├── Forbidden                needs a curator's session or a CSRF token (web/security.py)
    ├── LoginRequired            reading needs an account                (web/security.py)
    ├── TooManyLogins            failed logins used up, wait (429)       (web/throttle.py)
    └── Busy                     too many logins being hashed (503)      (web/throttle.py)

Errors defined beside the code that raises them are listed here too (a test checks the
drawing names every subclass).
Batch runners catch ScannerError per item, log it and go on; the CLI turns it into a message
and a non-zero exit code.
"""

from __future__ import annotations


class ScannerError(Exception):
    """Base of every deliberate scanner error."""

    http_status = 500


class ConfigError(ScannerError):
    """The configuration is invalid; the message names the key."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(f"config [{key}]: {message}" if key else f"config: {message}")


class ModelNotInstalled(ScannerError):
    """A model named in the config is not installed; the message says how to install it."""


class StoreError(ScannerError):
    """The store cannot be opened, migrated or written."""


class StoreUnavailable(StoreError):
    """The database server cannot be reached (down, restarting, network): the unit of work in
    flight was rolled back; a long-running worker waits and tries again."""


class OutputError(ScannerError):
    """An output file or folder cannot be written; the message names it."""


class FetchError(ScannerError):
    """A fetch failed; `kind` groups failures for per-source statistics."""

    def __init__(self, url: str, kind: str, detail: str = "") -> None:
        self.url = url
        self.kind = kind
        super().__init__(f"{kind}: {url}" + (f" ({detail})" if detail else ""))


class ExtractError(ScannerError):
    """A page yielded no usable text."""


class UnknownTheme(ScannerError):
    """A theme key that is not in the taxonomy."""

    http_status = 400

    def __init__(self, theme: str, known: list[str]) -> None:
        self.theme = theme
        super().__init__(f"unknown theme {theme!r}; known themes: {', '.join(known)}")


class IndexMismatch(ScannerError):
    """An index on disk does not match the configured model or the store."""


class NotFound(ScannerError):
    """The requested object does not exist."""

    http_status = 404


class InputError(ScannerError):
    """Bad user input: a JSONL line, a query, a file."""

    http_status = 400


class MailError(ScannerError):
    """Sending mail failed; the message names the server and the reason."""

    def __init__(self, server: str, detail: str) -> None:
        self.server = server
        super().__init__(f"mail through {server} failed: {detail}")
