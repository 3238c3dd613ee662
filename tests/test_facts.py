"""Funding facts: what each amount is, whether it is news, who gets it, who pays.

Sentences written for these tests (none from the gold set), through the real mention stage
(spaCy NER and parser, gazetteers, rules); bad input (no verb, a shared envelope, a table
flattened into text, English, hostile text) gives a fact with empty fields, never a crash or
an invented payer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.curation import corrections as curation
from scanner.curation.audit import describe
from scanner.curation.facts import edit_fact
from scanner.curation.learning import gazetteer_names, training_examples
from scanner.errors import InputError
from scanner.nlp.facts import find_facts
from scanner.nlp.mentions import MentionExtractor
from scanner.pipeline import mention_line
from scanner.records import FUNDING_ROLES, Article, FundingFact, Mention
from scanner.store import Store
from scanner.store.dialect import for_dialect
from scanner.store.schema import MIGRATIONS

NOV = date(2026, 11, 10)


def facts(extractor: MentionExtractor, text: str, published: date | None = NOV) -> list[Mention]:
    return [m for m in extractor.extract_one(text, published) if m.kind == "amount"]


def fact(extractor: MentionExtractor, text: str, published: date | None = NOV) -> FundingFact:
    (m,) = facts(extractor, text, published)
    assert m.fact is not None
    return m.fact


@pytest.mark.parametrize(
    "text, role",
    [
        (
            "La biotech nantaise Ostéalis lève 9 millions d'euros pour son essai de phase 2.",
            "equity",
        ),
        ("La medtech prépare une levée de fonds de 12 millions d'euros.", "equity"),
        ("Un tour de table de 14 M€ a été bouclé en juin par la start-up.", "equity"),
        ("L'État soutient le projet à hauteur de 22 millions d'euros.", "grant"),
        ("Une subvention de 500 k€ accompagne le prix remporté par la jeune pousse.", "grant"),
        ("La Banque européenne d'investissement accorde un prêt de 30 M€ à la société.", "loan"),
        ("Le plan régional de prévention est doté de 40 millions d'euros.", "public_budget"),
        ("L'appel à projets, doté de 15 M€, ouvre le 2 décembre.", "public_budget"),
        ("La société investit 140 millions d'euros dans une usine à Lyon.", "investment"),
        ("Le coût du nouveau bâtiment est estimé à 35 millions d'euros.", "investment"),
        ("Sanofi rachète la biotech pour 1,2 milliard d'euros.", "acquisition"),
        ("Le laboratoire a signé un contrat de 4 millions d'euros avec l'hôpital.", "contract"),
        ("Le marché mondial des robots chirurgicaux atteindra 20 milliards d'euros.", "market"),
        ("Le traitement coûte environ 350 000 € par injection.", "cost"),
        ("L'entreprise réalise un chiffre d'affaires de 8 millions d'euros.", "revenue"),
        ("L'hôpital s'est vu réclamer une rançon de 2 millions d'euros.", "other"),
    ],
)
def test_roles(mention_extractor: MentionExtractor, text: str, role: str) -> None:
    f = fact(mention_extractor, text)
    assert f.role == role
    assert f.why()["role"].startswith("rule:")  # a curator sees which rule decided


@pytest.mark.parametrize(
    "text, new",
    [
        ("Ostéalis lève 9 millions d'euros auprès de Bpifrance.", True),
        ("Ostéalis avait levé 9 millions d'euros en 2024.", False),
        ("Fondée en 2019, Ostéalis a levé 9 millions d'euros en 2025.", False),
        ("La société a déjà obtenu 2 millions d'euros de l'ANR.", False),
        ("Le projet a bénéficié d'un financement de 1,5 million d'euros de l'ANR.", False),
        ("Le gouvernement annonce un plan de 50 millions d'euros pour la psychiatrie.", True),
        ("Le marché pourrait atteindre 5 milliards d'euros en 2030.", False),
        ("Le traitement coûte 2 millions d'euros par patient.", False),
    ],
)
def test_new_money_against_past_money(
    mention_extractor: MentionExtractor, text: str, new: bool
) -> None:
    assert fact(mention_extractor, text).new is new


def test_recipient_and_payers_of_a_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Oncovia lève 18 millions d'euros\n\n"
        "La biotech lyonnaise Oncovia a annoncé une levée de fonds de 18 millions d'euros "
        "auprès de Sofinnova Partners et de Bpifrance. Elle avait levé 4 millions d'euros en "
        "2023."
    )
    found = facts(mention_extractor, text)
    title, body, past = (m.fact for m in found)
    assert title == body or (title and body and title.role == body.role == "equity")
    assert body is not None and body.new is True and body.recipient == "Oncovia"
    assert set(body.payers) == {"Sofinnova Partners", "Bpifrance"}
    assert past is not None and past.role == "equity" and past.new is False


def test_a_grant_and_its_project(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le CHU de Rouen inaugure sa plateforme de thérapie cellulaire\n\n"
        "Le CHU de Rouen a inauguré lundi sa plateforme de thérapie cellulaire. "
        "Le projet a coûté 20 millions d'euros, dont 6 millions d'euros apportés par la "
        "Région Normandie."
    )
    total, part = (m.fact for m in facts(mention_extractor, text))
    assert total is not None and part is not None
    # the project's cost is the owner's own money: it pays, no one receives (own_spending)
    assert (total.role, total.new, total.recipient) == ("investment", True, None)
    assert total.payers == ("CHU de Rouen",)
    assert (part.role, part.recipient, part.payers) == (
        "grant",
        "CHU de Rouen",
        ("Région Normandie",),
    )
    assert total.why()["payers"] == "rule:own_spending"


def test_an_investment_under_a_programme_is_still_its_owners_money(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Bioproduction : une usine de 40 millions d'euros pour Ardillac Biologics\n\n"
        "Ardillac Biologics va construire une usine de 40 millions d'euros à Tours, un projet "
        "soutenu par France 2030 avec une subvention de 8 millions d'euros de Bpifrance."
    )
    found = [m.fact for m in facts(mention_extractor, text)]
    plant = [f for f in found if f is not None and f.role == "investment"]
    grant = [f for f in found if f is not None and f.role == "grant"]
    assert plant and all(f.programme is None and f.recipient is None for f in plant)
    assert all(f.payers == ("Ardillac Biologics",) for f in plant)
    # the programme stays with the money it pays, the grant (the near case)
    assert grant and grant[0].programme == "France 2030" and grant[0].recipient


def test_an_operator_pays_for_the_state(mention_extractor: MentionExtractor) -> None:
    f = fact(
        mention_extractor,
        "L'État apporte 9 millions d'euros au titre de France 2030, via un appel à projets "
        "opéré par Bpifrance.",
    )
    assert (f.role, f.payers, f.programme) == ("grant", ("Bpifrance",), "France 2030")


# ---- bad input: empty fields, never a crash, never an invented payer ----


def test_an_amount_with_no_verb(mention_extractor: MentionExtractor) -> None:
    f = fact(mention_extractor, "Budget : 12 M€.")
    assert f.role in FUNDING_ROLES and f.payers == () and f.recipient is None


def test_ten_laureates_sharing_one_envelope(mention_extractor: MentionExtractor) -> None:
    names = ", ".join(f"Lauréat{n} SAS" for n in range(10))
    text = (
        f"Dix lauréats se partagent une enveloppe de 5 millions d'euros : {names}. "
        "Chaque projet recevra entre 300 000 et 700 000 euros."
    )
    for m in facts(mention_extractor, text):
        assert m.fact is not None
        assert m.fact.recipient is None  # no single one of the ten
        assert not any(p.startswith("Lauréat") for p in m.fact.payers)


def test_a_table_flattened_into_text(mention_extractor: MentionExtractor) -> None:
    text = (
        "Société Montant Investisseurs Oncovia 18 M€ Bpifrance Ostéalis 9 M€ Sofinnova "
        "Cardiolis 4 M€ Kurma Partners Neurolis 7 M€ Andera Partners Visiolis 3 M€ Truffle"
    )
    found = facts(mention_extractor, text)
    assert len(found) == 5
    for m in found:
        assert m.fact is not None and m.fact.new is None
        assert m.fact.recipient is None and m.fact.payers == ()
        assert m.fact.why()["payers"] == "rule:crowded_sentence"


def test_an_english_press_release(mention_extractor: MentionExtractor) -> None:
    text = (
        "Oncovia raises €18 million\n\n"
        "Lyon-based Oncovia has closed an €18 million Series A round led by Sofinnova "
        "Partners. The company previously received a €1.5 million grant."
    )
    title, body, grant = (m.fact for m in facts(mention_extractor, text))
    assert body is not None and (body.role, body.new, body.recipient) == ("equity", True, "Oncovia")
    assert body.payers == ("Sofinnova Partners",)
    assert grant is not None and (grant.role, grant.new) == ("grant", False)


def test_no_date_no_parser_and_foreign_text_still_give_facts(
    mention_extractor: MentionExtractor,
) -> None:
    text = "La start-up Oncovia lève 18 millions d'euros en 2025."
    assert fact(mention_extractor, text, None).new is True  # no article date: no past year
    assert fact(mention_extractor, text, NOV).new is False
    mentions = mention_extractor.extract_one(text, NOV)
    bare = [m for m in find_facts(text, mentions, NOV, parse=None) if m.kind == "amount"]
    assert bare[0].fact is not None and bare[0].fact.role == "equity"  # rules without the parse
    assert find_facts("", []) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "12 M€",
                "lève",
                "auprès de",
                "Bpifrance",
                "dont",
                ",",
                ";",
                ".",
                "\n\n",
                "(",
                ")",
                "l'État",
                "doté de",
                "en 2019",
                "<b>",
                "€",
                "par",
                "et",
                "déjà",
                "x" * 700,
                "appel à projets",
                "Chaque projet",
                "the round",
                "raised",
                "Région",
            ]
        ),
        max_size=40,
    )
)
def test_facts_never_crash_nor_move_offsets(words: list[str]) -> None:
    text = " ".join(words)
    amounts = [
        Mention("amount", i, i + 5, text[i : i + 5], value_eur=1.2e7)
        for i in range(len(text) - 5)
        if text[i : i + 5] == "12 M€"
    ]
    found = find_facts(text, amounts, NOV, parse=None)
    assert [(m.start, m.end) for m in found] == [(m.start, m.end) for m in amounts]
    for m in found:
        assert m.fact is not None and m.fact.role in FUNDING_ROLES
        assert all(p and p != m.fact.recipient for p in m.fact.payers)


# ---- kept with the mention: store, analyze, curation ----


def test_facts_round_trip_through_the_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    store.articles.add(_article())
    f = FundingFact("loan", True, "Oncovia", ("Banque européenne d'investissement",), None,
                    (("role", "rule:noun_after"),))  # fmt: skip
    m = Mention("amount", 0, 5, "12 M€", value_eur=1.2e7, fact=f)
    store.mentions.replace_auto("a1", [m, Mention("organisation", 6, 13, "Oncovia", "Oncovia")])
    stored = store.mentions.for_article("a1")
    assert stored[0].fact == f and stored[0].role == "loan"
    assert stored[1].fact is None and stored[1].role is None


def test_old_roles_are_migrated_to_the_new_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for sql in MIGRATIONS[:10]:
        conn.executescript(for_dialect(sql, "sqlite"))
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (10)")
    for n, role in enumerate(("budget", "aid", "fundraising", "investment", None)):
        conn.execute(
            'INSERT INTO mentions (article_id, kind, start, "end", text, origin, role) '
            "VALUES ('a1', 'amount', ?, ?, 'x', 'rule', ?)",
            (n, n + 1, role),
        )
    conn.commit()
    conn.close()
    store = Store.open(path)
    roles = [m.role for m in store.mentions.for_article("a1")]
    assert roles == ["public_budget", "grant", "equity", "investment", "other"]
    assert all(m.fact and m.fact.new is None for m in store.mentions.for_article("a1"))


def test_analyze_lines_carry_the_fact_keys() -> None:
    f = FundingFact("equity", True, "Oncovia", ("Bpifrance",), None, (("role", "rule:verb"),))
    line = mention_line(
        Mention("amount", 0, 5, "12 M€", value_eur=1.2e7, currency="EUR", approx=True, fact=f)
    )
    base = {"kind", "text", "start", "end", "canonical", "value_eur", "currency"}
    facts_keys = {"role", "new", "recipient", "payers", "programme", "high_eur", "approx"}
    assert base | facts_keys <= set(line)
    assert (line["role"], line["new"], line["payers"], line["approx"]) == (
        "equity", True, ["Bpifrance"], True,
    )  # fmt: skip
    assert line["decided_by"] == {"role": "rule:verb"}
    assert set(mention_line(Mention("organisation", 0, 3, "ANR", "ANR"))) == base


def _store_with_a_grant(tmp_path: Path) -> tuple[Store, FundingFact, Mention]:
    """A store holding one article whose 12 M€ the extractor read as an ANR grant to Oncovia."""
    store = Store.open(tmp_path / "s.db")
    store.articles.add(_article())
    auto = FundingFact("grant", True, "Oncovia", ("ANR",), None, (("role", "rule:verb"),))
    store.mentions.replace_auto(
        "a1", [Mention("amount", 0, 5, "12 M€", value_eur=1.2e7, fact=auto)]
    )
    (m,) = store.mentions.for_article("a1")
    assert m.id is not None
    return store, auto, m


def test_a_curators_fact_wins_over_the_extractor(tmp_path: Path) -> None:
    store, auto, m = _store_with_a_grant(tmp_path)
    with pytest.raises(InputError, match="unknown role"):
        edit_fact(store, m.id, "alice", role="aid")
    with pytest.raises(InputError, match="too long"):
        edit_fact(store, m.id, "alice", recipient="x" * 300)
    edited = edit_fact(
        store, m.id, "alice", role="loan", payers=["Banque européenne d'investissement", " "]
    )
    assert edited.fact is not None and edited.fact.why()["role"] == "curator"
    assert edited.fact.payers == ("Banque européenne d'investissement",)
    assert edited.fact.recipient == "Oncovia"  # untouched field kept
    log = store.curation.corrections(limit=1)[0]
    assert log.action == "edit_fact" and '"loan"' in log.after and '"grant"' in log.before
    # the audit log says it in words, field by field
    entry = describe(log)
    assert entry.action == "Fait corrigé"
    changes = {ch.label: (ch.before, ch.after) for ch in entry.changes}
    assert changes["fait : nature"] == ("grant", "loan")
    assert changes["fait : financeurs"] == ("ANR", "Banque européenne d'investissement")
    assert "fait : bénéficiaire" not in changes  # unchanged
    # re-processing replaces model output, never the curator's fact
    store.mentions.replace_auto(
        "a1", [Mention("amount", 0, 5, "12 M€", value_eur=1.2e7, fact=auto)]
    )
    (kept,) = store.mentions.for_article("a1")
    assert kept.fact is not None and kept.fact.role == "loan" and kept.curated
    assert [a for a, _ in store.curation.curated_facts()] == ["a1"]
    # the names typed are names the extractor must find next time
    edit_fact(store, m.id, "alice", recipient="Robotix Surgical")
    names = gazetteer_names(store)["organisation"]
    assert {"Robotix Surgical", "Banque européenne d'investissement"} <= set(names)
    examples = training_examples(store)
    assert examples[0]["facts"][0]["recipient"] == "Robotix Surgical"
    with pytest.raises(InputError, match="not an amount"):
        org = curation.add_mention(store, "a1", 6, 13, "organisation", "alice")
        assert org.id is not None
        edit_fact(store, org.id, "alice", role="loan")


def test_a_fact_correction_is_undone_in_order(tmp_path: Path) -> None:
    from scanner.curation.undo import CannotUndo, undo_correction

    store, auto, m = _store_with_a_grant(tmp_path)
    edit_fact(store, m.id, "alice", role="loan", payers=["BEI"])
    first = store.curation.corrections(limit=1)[0].id
    edit_fact(store, m.id, "bob", new=False)
    second = store.curation.corrections(limit=1)[0].id
    assert first is not None and second is not None
    with pytest.raises(CannotUndo, match="changed since"):
        undo_correction(store, first, "carol")  # the later correction stands on it
    undo_correction(store, second, "carol")
    undo_correction(store, first, "carol")
    (back,) = store.mentions.for_article("a1")
    assert back.fact == auto and not back.curated  # the extractor's fact and its rule again
    assert store.curation.corrections(limit=1)[0].action == "undo"
    with pytest.raises(CannotUndo, match="undone already"):
        undo_correction(store, first, "carol")
    # re-processing may replace it again, as before the correction
    fresh = replace(auto, role="equity")
    store.mentions.replace_auto(
        "a1", [Mention("amount", 0, 5, "12 M€", value_eur=1.2e7, fact=fresh)]
    )
    (again,) = store.mentions.for_article("a1")
    assert again.fact is not None and again.fact.role == "equity"


def _article() -> Article:
    text = "12 M€ Oncovia lève des fonds."
    return Article(id="a1", url="https://x.test/a1", title="", text=text, content_hash="h",
                   published=NOV)  # fmt: skip


def test_facts_follow_the_names_linked_across_articles() -> None:
    """An unlisted organisation renamed to the canonical an earlier article gave it is renamed
    in the recipients and payers of the facts too: the money table names it one way."""
    from scanner.nlp.facts import facts_renamed
    from scanner.nlp.org_linking import link_across

    first = [Mention("organisation", 0, 7, "Oncovia", "Oncovia", origin="rule")]
    f = FundingFact("equity", True, "ONCOVIA", ("ONCOVIA", "Bpifrance"), None)
    second = [
        Mention("organisation", 0, 7, "ONCOVIA", "ONCOVIA", origin="rule"),
        Mention("amount", 13, 18, "12 M€", value_eur=1.2e7, fact=f),
        Mention("organisation", 30, 39, "Bpifrance", "Bpifrance", origin="gazetteer"),
    ]
    linked = link_across([first, second])
    assert linked[1][0].canonical == "Oncovia"
    renamed = facts_renamed(second, linked[1])
    fact = renamed[1].fact
    assert fact is not None and fact.recipient == "Oncovia"
    assert fact.payers == ("Oncovia", "Bpifrance")
    assert facts_renamed(first, link_across([first])[0]) == first  # nothing renamed
