"""A small hand-made week for the bulletin tests (no models): an old story's fifth rewrite, a
newly announced funded programme, a story told by three outlets, a hostile crawled title, an
off-theme article, and four weeks of history before them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scanner.config import Config, config_from_dict
from scanner.records import Article, FundingFact, Mention, ThemeScore
from scanner.store import Store

WEEK = "2026-W46"  # Monday 9 to Sunday 15 November 2026
MONDAY = date(2026, 11, 9)
# a crawled title that tries HTML, attribute, Markdown, table and XML injection at once
EVIL = (
    "<script>alert('x')</script> \"><img src=x onerror=alert(2)> [piège](javascript:alert(1)) "
    "*gras* _it_ | Implant &amp; ]]>"
)
EVIL_ORG = "Agence <Régionale> & Cie"
THEMES = {
    "sante_numerique": "Santé numérique",
    "dispositifs_medicaux": "Dispositifs médicaux",
    "prevention": "Prévention",
}
SOURCES = {"src1": 1.0, "src2": 1.0, "src3": 1.0, "src4": 1.0, "src5": 1.0, "agence": 1.5}


def make_config(
    tmp: Path,
    rank: dict[str, Any] | None = None,
    host: str = "news.test",
    store_url: str | None = None,
) -> Config:
    return config_from_dict(
        {
            "store": {"url": store_url or f"sqlite:///{tmp / 'b.db'}"},
            "output": {"dir": str(tmp / "out")},
            "rank": rank or {},
            "taxonomy": {
                k: {"label": v, "description": "d", "seeds": ["s"]} for k, v in THEMES.items()
            },
            "sources": [
                {
                    "id": s,
                    "kind": "feed",
                    "url": f"http://{host}/{s}.xml",
                    "name": s.upper(),
                    "weight": w,
                }
                for s, w in SOURCES.items()
            ],
        }
    )


def add(
    store: Store,
    aid: str,
    title: str,
    text: str,
    day: date,
    source: str,
    story: str = "",
    theme: str | None = "sante_numerique",
    score: float = 0.8,
    mentions: tuple[tuple[Any, ...], ...] = (),
    host: str = "news.test",
    evidence: tuple[str, ...] = (),
    scored: bool = True,
) -> None:
    """One article, its theme scores (`theme` None: scored, off-topic; `scored` False: not
    scored yet) and the mentions (kind, text, canonical, euros) found in it."""
    store.articles.add(
        Article(
            id=aid,
            url=f"https://{host}/{aid}" if host == "news.test" else f"http://{host}/{aid}",
            title=title,
            text=text,
            source_id=source,
            published=day,
            lang="fr",
            content_hash=f"h-{aid}",
            story_id=story or aid,
        )
    )
    if scored:
        others = [t for t in THEMES if t != theme]
        store.themes.replace(
            aid,
            ([ThemeScore(aid, theme, score, True, evidence)] if theme else [])
            + [ThemeScore(aid, t, 0.1, False) for t in others],
        )
    full = f"{title}\n\n{text}"
    found = []
    for kind, span, canonical, eur, *more in mentions:
        # an amount: (…, euros[, role[, currency[, other fact fields]]]), by default a new
        # envelope in euros
        role = more[0] if more else "public_budget"
        currency = more[1] if len(more) > 1 else ("EUR" if kind == "amount" else None)
        fields = {"new": True} | (more[2] if len(more) > 2 else {})
        fact = FundingFact(role=role, **fields) if kind == "amount" else None
        start = full.index(span)
        found.append(
            Mention(
                kind=kind,  # type: ignore[arg-type]
                start=start,
                end=start + len(span),
                text=span,
                canonical=canonical,
                value_eur=eur,
                fact=fact,
                currency=currency,
            )
        )
    store.mentions.replace_auto(aid, found)


OLD_TEXT = (
    "Le Health Data Hub ouvre son entrepôt national de données de santé aux chercheurs. "
    "La plateforme héberge les données de l'assurance maladie et des hôpitaux. "
    "Les projets de recherche devront passer par un comité scientifique et éthique."
)


def fill(store: Store) -> None:
    """Week W46 and history: an old story's fifth rewrite, a new funded programme, a story
    covered by three sources, a crawled <script> title, an off-theme article."""
    for n in range(4):  # the old story, covered weekly since W42 by a new outlet each time
        add(
            store,
            f"old{n}",
            "Le Health Data Hub ouvre ses données",
            OLD_TEXT,
            MONDAY - timedelta(weeks=4 - n),
            f"src{n + 1}",
            story="s-old",
            mentions=(("organisation", "Health Data Hub", "Health Data Hub", None),),
        )
    add(  # fifth rewrite, this week
        store,
        "old4",
        "Health Data Hub : l'entrepôt de données de santé ouvert aux chercheurs",
        OLD_TEXT,
        MONDAY + timedelta(days=3),
        "src5",
        story="s-old",
        mentions=(("organisation", "Health Data Hub", "Health Data Hub", None),),
    )
    add(  # Bpifrance already in the news in W44
        store,
        "early",
        "Bpifrance soutient la e-santé",
        "Bpifrance lance un appel à projets.",
        MONDAY - timedelta(weeks=2),
        "src1",
        mentions=(("organisation", "Bpifrance", "Bpifrance", None),),
    )
    add(
        store,
        "new",
        "France 2030 : un programme de 2,3 milliards pour la télésurveillance",
        "Le gouvernement annonce un programme de 2,3 milliards d'euros dans le cadre de France "
        "2030 pour déployer la télésurveillance médicale à domicile. Bpifrance et l'Agence de "
        "l'innovation en santé piloteront les appels à projets. Les premiers lauréats seront "
        "connus au printemps. Une start-up lyonnaise, Telecare Lyon, prépare déjà sa candidature.",
        MONDAY + timedelta(days=1),
        "src2",
        score=0.75,
        evidence=("télésurveillance médicale des patients à domicile",),
        mentions=(
            ("programme", "France 2030", "France 2030", None),
            (
                "amount",
                "2,3 milliards d'euros",
                "",
                2.3e9,
                "public_budget",
                "EUR",
                {"payers": ("Bpifrance",), "programme": "France 2030"},
            ),
            ("organisation", "Bpifrance", "Bpifrance", None),
            ("organisation", "Agence de l'innovation en santé", "AIS", None),
            ("organisation", "Telecare Lyon", "Telecare Lyon", None),
        ),
    )
    implant = (
        "Cardiotech obtient le marquage CE pour son implant cardiaque connecté. "
        "La medtech grenobloise lève 12 millions d'euros pour préparer sa commercialisation. "
        "Les premiers patients seront équipés en 2027."
    )
    for n, src in enumerate(("src1", "src3", "src4")):
        add(
            store,
            f"dup{n}",
            f"Implant cardiaque connecté : marquage CE pour Cardiotech ({n})",
            implant + f" Dépêche {n}.",
            MONDAY + timedelta(days=2 + n),
            src,
            story="s-dup",
            theme="dispositifs_medicaux",
            score=0.7,
            mentions=(
                ("organisation", "Cardiotech", "Cardiotech", None),
                (
                    "amount",
                    "12 millions d'euros",
                    "",
                    1.2e7,
                    "equity",
                    "EUR",
                    {"recipient": "Cardiotech"},
                ),
            ),
        )
    add(
        store,
        "evil",
        EVIL,
        "Un implant est présenté par l'Agence <Régionale> & Cie. Le dispositif reste expérimental.",
        MONDAY + timedelta(days=4),
        "agence",
        theme="dispositifs_medicaux",
        score=0.6,
        mentions=(("organisation", EVIL_ORG, EVIL_ORG, None),),
    )
    add(
        store,
        "offtopic",
        "Résultats du championnat de pétanque",
        "Le club local remporte le championnat.",
        MONDAY + timedelta(days=1),
        "src3",
        theme=None,
    )
