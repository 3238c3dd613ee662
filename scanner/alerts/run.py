"""Running the saved searches: what each finds that it had not found before, recorded, and
mailed as a digest when `[alerts.smtp]` is configured.

    runs = run_alerts(cfg, store)              # after a crawl, or from cron
    for r in runs: print(r.name, r.new, r.mailed_to, r.error)

Each alert runs on its own: a failing one (a theme removed from the taxonomy, a mail server
that refuses or times out) is recorded with its error and the others go on; nothing found is
lost, since hits are recorded before mail is attempted and a digest that could not be sent is
sent with the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from scanner.alerts.digest import digest_html, digest_subject, digest_text, entries
from scanner.alerts.feed import feed_path
from scanner.config import Config
from scanner.errors import ScannerError
from scanner.notify.mail import send_mail
from scanner.records import Alert
from scanner.search.hybrid import all_hits
from scanner.store import Store, now_iso

log = logging.getLogger(__name__)


@dataclass
class AlertRun:
    """What one alert's run did."""

    name: str
    new: int = 0
    mailed_to: list[str] = field(default_factory=list)
    error: str = ""


def run_alerts(
    cfg: Config,
    store: Store,
    names: Sequence[str] | None = None,
    *,
    mail: bool = True,
    clock: Callable[[], str] = now_iso,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[AlertRun]:
    """Run every alert (or those named: an unknown name is NotFound before any runs)."""
    alerts = [store.alerts.get(n) for n in names] if names else store.alerts.all()
    runs = []
    for i, alert in enumerate(alerts, start=1):
        runs.append(run_alert(cfg, store, alert, mail=mail, at=clock()))
        if progress:
            progress("alerts", i, len(alerts))
    return runs


def run_alert(cfg: Config, store: Store, alert: Alert, *, mail: bool, at: str) -> AlertRun:
    """One alert: search, record what is new, mail the digest of what is not mailed yet."""
    run = AlertRun(alert.name)
    try:
        hits = all_hits(cfg, store, alert.query, alert.filters, alert.mode)
        run.new = len(store.alerts.record(alert.name, [(h.article_id, h.score) for h in hits], at))
    except Exception as exc:  # one alert's failure is its own: the batch goes on
        run.error = _message(exc)
        log.warning("alert %s failed: %s", alert.name, run.error)
        store.alerts.failed(alert.name, at, run.error)
        return run
    if mail and cfg.alerts.smtp.host:
        try:
            run.mailed_to = mail_digest(cfg, store, alert)
        except Exception as exc:
            run.error = _message(exc)
            log.warning("alert %s: digest not sent: %s", alert.name, run.error)
            store.alerts.failed(alert.name, at, run.error)
    return run


def mail_digest(cfg: Config, store: Store, alert: Alert) -> list[str]:
    """Mail the hits not mailed yet (the best `[alerts].digest_hits` listed, the rest
    counted); returns the addresses it went to ([] when there was nothing to send)."""
    total = store.alerts.count_hits(alert.name, unmailed=True)
    if not total:
        return []
    pending = store.alerts.hits(alert.name, limit=total, unmailed=True)
    shown = sorted(pending, key=lambda h: -h.score)[: cfg.alerts.digest_hits]
    articles = store.articles.many([h.article_id for h in shown])
    items = entries(shown, articles, cfg.web.base_url)
    feed = cfg.web.base_url.rstrip("/") + feed_path(alert.name) if cfg.web.base_url else ""
    sent = send_mail(
        cfg.alerts.smtp,
        digest_subject(alert, total),
        digest_text(alert, items, total, feed),
        html=digest_html(alert, items, total, feed),
        to=alert.recipients or None,
    )
    store.alerts.mark_mailed(alert.name, [h.article_id for h in pending])
    return sent


def _message(exc: Exception) -> str:
    return str(exc) if isinstance(exc, ScannerError) else f"{type(exc).__name__}: {exc}"
