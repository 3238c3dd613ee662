"""What the web tests share: a small watch (config, store, articles with a hostile title), a
uvicorn server on a free loopback port, the Chromium launch settings."""

from __future__ import annotations

import re
import socket
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from scanner.config import Config, config_from_dict
from scanner.records import Article, FundingFact, Maturity, Mention, ThemeScore
from scanner.store import Store
from scanner.web.security import add_user

EVIL = "<script>alert('xss')</script> Robot chirurgical & bloc"
PASSWORD = "correct horse battery"
THEMES = {"bloc_operatoire": "Bloc opératoire", "sante_numerique": "Santé numérique"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def make_config(tmp: Path, store_url: str | None = None, **web: object) -> Config:
    """A watch in `tmp` (its store there too unless `store_url` names one); its gazetteers
    and curated names too, so nothing is written to the repo."""
    return config_from_dict(
        {
            "store": {"url": store_url or f"sqlite:///{tmp / 'w.db'}"},
            "output": {"dir": str(tmp / "out")},
            "index": {"path": str(tmp / "index")},
            "nlp": {
                "programmes": str(tmp / "gazetteer" / "programmes.jsonl"),
                "organisations": str(tmp / "gazetteer" / "organisations.jsonl"),
                "rates": {"USD": 0.92},
                "curated_dir": str(tmp / "curated"),
            },
            "web": {"secret_file": str(tmp / "secret"), "session_hours": 8, **web},
            "taxonomy": {
                key: {"label": label, "description": "d", "seeds": ["s"]}
                for key, label in THEMES.items()
            },
        }
    )


def fill_store(store: Store) -> None:
    """Three articles (a1 and a2 one story), a1 with a <script> title, two model mentions
    (the amount's value wrong) and a theme score; one curator, alice."""
    rows = [
        ("a1", EVIL, "Un robot chirurgical financé par Bpifrance à hauteur de 3 M€.", "s1"),
        ("a2", "Robot au bloc", "Le robot chirurgical arrive au bloc opératoire de Lyon.", "s1"),
        ("a3", "Télésurveillance", "La télésurveillance des patients progresse.", "s2"),
    ]
    for i, (aid, title, text, story) in enumerate(rows):
        store.articles.add(
            Article(
                id=aid,
                url=f"http://x.test/{aid}",
                title=title,
                text=text,
                content_hash=f"h{aid}",
                published=date(2026, 11, 10 + i),
                source_id="demo",
                story_id=story,
                lang="fr",
            )
        )
    full = store.articles.get("a1").full_text
    b, m = full.index("Bpifrance"), full.index("3 M€")
    org = Mention(
        kind="organisation",
        start=b,
        end=b + 9,
        text="Bpifrance",
        canonical="Bpifrance",
        confidence=0.9,
    )
    amount = Mention(
        kind="amount",
        start=m,
        end=m + 4,
        text="3 M€",
        value_eur=300_000.0,  # the model's mistake: 3 M€ is 3 000 000
        currency="EUR",
        confidence=0.4,
        fact=FundingFact("grant", True, None, ("Bpifrance",), None, (("role", "rule:verb"),)),
    )
    store.mentions.replace_auto("a1", [org, amount])
    store.themes.replace("a1", [ThemeScore("a1", "bloc_operatoire", 0.8, True, ("robot",))])
    store.stages.replace(Maturity("a1", "market", None, 0.8, ("stade : marché (0,80)",)))
    add_user(store, "alice", PASSWORD)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found[1]


class Clock:
    """A clock the test moves (session expiry)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Server:
    """uvicorn serving the app in a thread, on a port the OS picked."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def no_dialogs(page: Any) -> list[str]:
    """Collect dialogs: an alert() would mean crawled script ran."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen
