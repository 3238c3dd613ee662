"""The mention stage on the real seed articles, the France 2030 laureates post and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.config import NlpConfig
from scanner.errors import InputError, ModelNotInstalled
from scanner.nlp.gazetteer import FoldedText, GazEntry, Gazetteer, load_entries
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.org_rules import strip_legal_suffix
from scanner.nlp.spacy_pipeline import split_chunks
from scanner.records import Mention

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
POST = SHARED / "fixtures" / "france2030" / "minumeco-france2030-post.jsonl"

needs_shared = pytest.mark.skipif(not SEEDS, reason="../shared/seeds not present")


def seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


def found(mentions: list[Mention], kind: str) -> dict[str, str]:
    """surface text -> canonical, for one kind."""
    return {m.text: m.canonical for m in mentions if m.kind == kind}


def assert_well_formed(text: str, mentions: list[Mention]) -> None:
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    spans = sorted((m.start, m.end) for m in mentions)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "mentions overlap"


@pytest.fixture(scope="module")
def seed_mentions(mention_extractor: MentionExtractor) -> dict[str, tuple[str, list[Mention]]]:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    results = mention_extractor.extract(texts)
    return {p.name[:3]: (t, ms) for p, t, ms in zip(SEEDS, texts, results, strict=True)}


# --- seeds ------------------------------------------------------------------------------


@needs_shared
def test_seed_offsets_are_exact_sorted_and_disjoint(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    for text, mentions in seed_mentions.values():
        assert mentions
        assert_well_formed(text, mentions)


@needs_shared
def test_ais_defined_then_referred_to(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    _, mentions = seed_mentions["001"]
    orgs = found(mentions, "organisation")
    assert orgs["Agence de l’Innovation en Santé"] == "AIS"
    assert orgs["AIS"] == "AIS"
    assert found(mentions, "programme")["plan Innovation Santé 2030"] == "Innovation Santé 2030"


@needs_shared
def test_parisante_campus_organisations(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    _, mentions = seed_mentions["003"]
    orgs = found(mentions, "organisation")
    assert orgs["INSERM"] == "Inserm"
    assert orgs["Inria"] == "Inria"  # "l'Inria": the article is not part of the name
    assert orgs["Health Data Hub"] == "Health Data Hub"
    assert orgs["AP-HP"] == "AP-HP"
    assert orgs["CNRS"] == "CNRS"
    assert orgs["Agence du Numérique en Santé"] == "Agence du numérique en santé"
    assert "France" not in orgs and "la France" not in orgs


@needs_shared
def test_legal_suffix_stripped_for_canonical(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    _, mentions = seed_mentions["004"]
    orgs = found(mentions, "organisation")
    assert orgs["TheraPanacea SAS"] == "TheraPanacea"
    assert orgs["Ad Scientiam SAS"] == "Ad Scientiam"
    programmes = found(mentions, "programme")
    assert programmes["France 2030"] == "France 2030"
    strategy = [m for m in mentions if m.canonical == "Stratégie d'accélération Santé numérique"]
    assert strategy and strategy[0].text.startswith("stratégie d’accélération")


@needs_shared
def test_programmes_of_the_health_digital_strategy(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    _, mentions = seed_mentions["002"]
    programmes = found(mentions, "programme")
    assert programmes["Ségur numérique"] == "Ségur du numérique en santé"
    assert programmes["plan Innovation Santé 2030"] == "Innovation Santé 2030"
    # the head that introduces a quoted title is part of the mention, as annotators keep it
    quoted = "stratégie d’accélération « Santé Numérique »"
    assert programmes[quoted] == "Stratégie d'accélération Santé numérique"
    assert programmes["Paris Santé Campus"] == "PariSanté Campus"
    assert found(mentions, "organisation")["Health Data Hub"] == "Health Data Hub"


@needs_shared
def test_seed_amounts(seed_mentions) -> None:  # type: ignore[no-untyped-def]
    amounts = {m.text: m.value_eur for m in seed_mentions["004"][1] if m.kind == "amount"}
    assert amounts["718,4 millions d’euros"] == pytest.approx(718.4e6)
    for m in seed_mentions["004"][1]:
        if m.kind == "amount":
            assert m.origin == "rule"


@needs_shared
def test_france2030_laureates_post(mention_extractor: MentionExtractor) -> None:
    item = json.loads(POST.read_text(encoding="utf-8").splitlines()[0])
    text = f"{item['title']}\n\n{item['text']}"
    mentions = mention_extractor.extract_one(text)
    assert_well_formed(text, mentions)
    programmes = found(mentions, "programme")
    assert any(c.startswith("ECONUM – Soutien au développement") for c in programmes.values())
    assert programmes["France 2030"] == "France 2030"
    orgs = found(mentions, "organisation")
    assert orgs["ADEME"] == "Ademe"
    # a name and its bracketed acronym are one mention, as the outside annotators write them
    assert orgs["Direction générale des Entreprises (DGE)"] == "DGE"
    assert orgs["Secrétariat général pour l’investissement"] == "SGPI"
    amounts = {m.text: m for m in mentions if m.kind == "amount"}
    # the qualifier belongs to the amount, as the gold annotates it
    assert amounts["près de 6,5 millions d’euros"].value_eur == pytest.approx(6.5e6)
    assert amounts["près de 6,5 millions d’euros"].approx
    # an amount or a programme is never also an organisation
    orgs_spans = [(m.start, m.end) for m in mentions if m.kind == "organisation"]
    for m in mentions:
        if m.kind in ("amount", "programme"):
            assert all(m.end <= s or m.start >= e for s, e in orgs_spans)


# --- organisations and acronyms -----------------------------------------------------------


def test_acronym_definition_teaches_the_article(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le Bureau interprofessionnel des vins de Bourgogne (BIVB) finance une étude. "
        "Selon le BIVB, les résultats sont attendus en 2027."
    )
    orgs = [m for m in mention_extractor.extract_one(text) if m.kind == "organisation"]
    assert [m.text for m in orgs] == [
        "Bureau interprofessionnel des vins de Bourgogne (BIVB)",
        "BIVB",
    ]
    assert {m.canonical for m in orgs} == {"BIVB"}


def test_a_bracket_joins_only_a_name_and_its_acronym(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le laboratoire SESSTIM (Sciences économiques et sociales de la santé et traitement de "
        "l'information médicale) travaille avec l'Institut Cochin (Inserm) et Sanofi (Paris). "
        "Le Programme hospitalier de recherche clinique (PHRC) finance l'essai."
    )
    mentions = mention_extractor.extract_one(text)
    assert_well_formed(text, mentions)
    orgs = found(mentions, "organisation")
    assert (
        orgs[
            "SESSTIM (Sciences économiques et sociales de la santé et traitement de "
            "l'information médicale)"
        ]
        == "SESSTIM"
    )
    # a parent body or a place in brackets is another entity, kept apart
    assert "Institut Cochin" in orgs and orgs["Inserm"] == "Inserm"
    assert "Sanofi" in orgs
    assert found(mentions, "programme") == {
        "Programme hospitalier de recherche clinique (PHRC)": "PHRC"
    }


def test_variants_and_articles_link_to_one_canonical(mention_extractor: MentionExtractor) -> None:
    text = "L'INSERM et l'Inserm travaillent avec l’AP-HP et la Haute Autorité de santé (HAS)."
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert orgs == {
        "INSERM": "Inserm",
        "Inserm": "Inserm",
        "AP-HP": "AP-HP",
        "Haute Autorité de santé (HAS)": "HAS",
    }


def test_company_short_name_after_legal_name(mention_extractor: MentionExtractor) -> None:
    text = "Robocut Medical SAS lève 3 M€. Le robot de Robocut est testé au CHU de Rennes."
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert orgs["Robocut Medical SAS"] == "Robocut Medical"
    assert orgs["Robocut"] == "Robocut Medical"
    assert orgs["CHU de Rennes"] == "CHU de Rennes"


def test_regional_health_agencies(mention_extractor: MentionExtractor) -> None:
    text = (
        "L'ARS Île-de-France et l'ARS d'Occitanie soutiennent le projet avec la Région Occitanie."
    )
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert orgs["ARS Île-de-France"] == "ARS Île-de-France"
    assert orgs["ARS d'Occitanie"] == "ARS Occitanie"
    assert orgs["Région Occitanie"] == "Région Occitanie"


def test_companies_introduced_by_what_they_are(mention_extractor: MentionExtractor) -> None:
    text = (
        "Vaxinnov, jeune pousse lyonnaise, lève des fonds. Le dirigeant de Vaxinnov s'en réjouit. "
        "MicroOrga SA, jeune entreprise installée à Strasbourg, recrute. "
        "L'association France Rein réclame un registre. Or, l'entreprise n'a pas répondu."
    )
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert orgs["Vaxinnov"] == "Vaxinnov"
    assert orgs["France Rein"] == "France Rein"
    assert "Strasbourg" not in orgs and "Or" not in orgs


def test_products_and_projects_are_not_organisations(mention_extractor: MentionExtractor) -> None:
    text = (
        "La société NeoDiag a obtenu le marquage CE pour SepsiQuick, un test qui identifie une "
        "infection en 45 minutes. Le projet, baptisé SimBloc, associe des CHU. "
        "SimBloc reçoit 4,8 millions d'euros. Renseignez-vous auprès de la ligne Tabac Info "
        "Service."
    )
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert orgs.get("NeoDiag") == "NeoDiag"
    for thing in ("SepsiQuick", "SimBloc", "Tabac Info Service"):
        assert thing not in orgs


def test_a_short_programme_name_links_to_the_full_one(mention_extractor: MentionExtractor) -> None:
    text = (
        "Appel à projets « Données de santé et IA » : mode d'emploi\n\n"
        "Le Health Data Hub ouvre un appel intitulé « Données de santé et intelligence "
        "artificielle 2027 », doté de 30 M€."
    )
    programmes = found(mention_extractor.extract_one(text), "programme")
    full = "Données de santé et intelligence artificielle 2027"
    assert programmes == {"Appel à projets « Données de santé et IA »": full, full: full}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("TheraPanacea SAS", "TheraPanacea"),
        ("Ad Scientiam SAS", "Ad Scientiam"),
        ("BioNova Manufacturing SA", "BioNova Manufacturing"),
        ("Acme GmbH", "Acme"),
        ("Acme Inc.", "Acme"),
        ("Acme Ltd", "Acme"),
        ("Sanofi", "Sanofi"),
    ],
)
def test_strip_legal_suffix(name: str, expected: str) -> None:
    assert strip_legal_suffix(name) == expected


# --- negatives ---------------------------------------------------------------------------


def test_ans_is_not_five_years(mention_extractor: MentionExtractor) -> None:
    text = "Il y a 5 ans, la start-up a été créée. Elle prévoit 10 ANS de développement."
    orgs = found(mention_extractor.extract_one(text), "organisation")
    assert "ans" not in orgs and "ANS" not in orgs
    ok = found(mention_extractor.extract_one("L'ANS publie un référentiel."), "organisation")
    assert ok["ANS"] == "Agence du numérique en santé"


def test_english_has_is_not_the_authority(mention_extractor: MentionExtractor) -> None:
    text = "The company has raised funds and has hired staff. It has a plan."
    assert not [m for m in mention_extractor.extract_one(text) if m.canonical == "HAS"]


def test_spacy_false_orgs_are_filtered(mention_extractor: MentionExtractor) -> None:
    text = "Innovation\n\nInnovation et recherche : la France et l'État investissent en janvier."
    orgs = found(mention_extractor.extract_one(text), "organisation")
    for word in ("Innovation", "France", "État", "l'État", "janvier"):
        assert word not in orgs


# --- bad input ---------------------------------------------------------------------------


def test_empty_and_blank_texts(mention_extractor: MentionExtractor) -> None:
    assert mention_extractor.extract([]) == []
    assert mention_extractor.extract(["", "   \n\t", None]) == [[], [], []]  # type: ignore[list-item]


def test_not_text_is_an_input_error(mention_extractor: MentionExtractor) -> None:
    with pytest.raises(InputError):
        mention_extractor.extract([42])  # type: ignore[list-item]


def test_html_tags_left_in_text(mention_extractor: MentionExtractor) -> None:
    text = "<p>L'<b>Inserm</b> et <a href='x'>Bpifrance</a> financent <i>France 2030</i>.</p>"
    mentions = mention_extractor.extract_one(text)
    assert_well_formed(text, mentions)
    assert found(mentions, "organisation") == {"Inserm": "Inserm", "Bpifrance": "Bpifrance"}
    assert found(mentions, "programme") == {"France 2030": "France 2030"}


def test_combining_accents_and_invisible_characters(mention_extractor: MentionExtractor) -> None:
    text = "Le Se\u0301gur nume\u0301rique et l'In\u200bserm, avec la Haute\u00a0Autorité de santé."
    mentions = mention_extractor.extract_one(text)
    assert_well_formed(text, mentions)
    assert found(mentions, "programme") == {
        "Se\u0301gur nume\u0301rique": "Ségur du numérique en santé"
    }
    orgs = found(mentions, "organisation")
    assert orgs["In\u200bserm"] == "Inserm"
    assert orgs["Haute\u00a0Autorité de santé"] == "HAS"


def test_no_french_text(mention_extractor: MentionExtractor) -> None:
    for text in (
        "这是一个关于医疗创新的中文句子。",
        "Это русский текст о медицине.",
        "🙂" * 50,
        "\x00\x01",
    ):
        assert_well_formed(text, mention_extractor.extract_one(text))


@pytest.mark.slow  # ~27 s on 2 cores; `make test-all` runs it
def test_a_megabyte_of_text(
    mention_extractor: MentionExtractor, caplog: pytest.LogCaptureFixture
) -> None:
    block = "L'Inserm reçoit 2 millions d'euros de France 2030 pour un projet. " * 20 + "\n"
    text = block * (1_000_000 // len(block) + 1)
    assert len(text) > 1_000_000
    with caplog.at_level("WARNING", logger="scanner.nlp.mentions"):
        mentions = mention_extractor.extract_one(text)
    assert "max_model_chars" in caplog.text  # the model read the head only, and says so
    assert_well_formed(text, mentions)
    # the gazetteers and the amount rules read all of it
    inserm = [m for m in mentions if m.canonical == "Inserm"]
    assert len(inserm) == text.count("Inserm")
    amounts = [m for m in mentions if m.kind == "amount"]
    assert len(amounts) == text.count("2 millions d'euros")
    assert {m.value_eur for m in amounts} == {2e6}


def test_split_chunks_keep_offsets() -> None:
    text = ("Une phrase assez longue pour couper. " * 50 + "\n") * 40
    pieces = list(split_chunks(text, size=1000))
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(text[offset : offset + len(chunk)] == chunk for offset, chunk in pieces)
    assert all(len(chunk) <= 1000 for _, chunk in pieces)


def test_missing_model_says_how_to_install() -> None:
    with pytest.raises(ModelNotInstalled, match="pip install xx-not-a-model"):
        MentionExtractor(NlpConfig(model="xx_not_a_model"), PROJECT)


# --- gazetteer ---------------------------------------------------------------------------


def test_curator_alias_takes_effect_at_once(mention_extractor: MentionExtractor) -> None:
    fresh = MentionExtractor(NlpConfig(), PROJECT, nlp=mention_extractor.nlp)
    text = "Le consortium Bioprod Alliance rejoint le Grand Défi Biomédicaments."
    # "le consortium X" names an organisation, under its own name until a curator says more
    before = found(fresh.extract_one(text), "organisation")
    assert before.get("Bioprod Alliance", "") != "Alliance Bioproduction France"
    fresh.add_alias("organisation", "Bioprod Alliance", "Alliance Bioproduction France")
    orgs = found(fresh.extract_one(text), "organisation")
    assert orgs["Bioprod Alliance"] == "Alliance Bioproduction France"
    with pytest.raises(InputError):
        fresh.add_alias("molecule", "x", "y")


def test_curated_gazetteer_files_are_loaded(
    mention_extractor: MentionExtractor, tmp_path: Path
) -> None:
    folder = tmp_path / "models" / "gazetteer"
    folder.mkdir(parents=True)
    for name in ("programmes.jsonl", "organisations.jsonl"):
        (folder / name).write_text(
            (PROJECT / "models/gazetteer" / name).read_text("utf-8"), "utf-8"
        )
    curated = {"canonical": "Alliance Bioproduction France", "aliases": ["Bioprod Alliance"]}
    watch = tmp_path / "curated"
    watch.mkdir()
    (watch / "organisations.jsonl").write_text(json.dumps(curated) + "\n", "utf-8")
    cfg = NlpConfig(curated_dir=str(watch))
    extractor = MentionExtractor(cfg, tmp_path, nlp=mention_extractor.nlp)
    orgs = found(extractor.extract_one("Bioprod Alliance investit."), "organisation")
    assert orgs["Bioprod Alliance"] == "Alliance Bioproduction France"


def test_gazetteer_case_rules() -> None:
    gaz = Gazetteer(
        [
            GazEntry("organisation", "HAS", ("Haute Autorité de santé",)),
            GazEntry("organisation", "Inserm", ("INSERM",)),
        ]
    )
    texts = {
        "the HAS opinion": ["HAS"],
        "it has been": [],
        "HAUTE AUTORITE DE SANTE": ["HAS"],
        "inserm": [],
        "INSERM, Inserm": ["Inserm", "Inserm"],
    }
    for text, expected in texts.items():
        assert [h.canonical for h in gaz.find(text)] == expected, text


def test_folded_text_maps_back() -> None:
    text = "Se\u0301gur l’Œuvre\u200b x"
    view = FoldedText(text)
    assert view.lower == "segur l'oeuvre x"
    start = view.lower.index("oeuvre")
    assert text[slice(*view.original_span(start, start + 6))] == "Œuvre"


def test_bad_gazetteer_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "orgs.jsonl"
    path.write_text('{"canonical": "AIS", "aliases": []}\n{"aliases": ["x"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"orgs\.jsonl:2"):
        load_entries(path, "organisation")
    path.write_text('{"canonical": "AIS"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"orgs\.jsonl:2"):
        load_entries(path, "organisation")


def test_shipped_gazetteers_load() -> None:
    programmes = load_entries(PROJECT / "models/gazetteer/programmes.jsonl", "programme")
    organisations = load_entries(PROJECT / "models/gazetteer/organisations.jsonl", "organisation")
    names = {e.canonical for e in programmes} | {e.canonical for e in organisations}
    for required in ("France 2030", "Innovation Santé 2030", "PIA4", "AIS", "Inserm", "SGPI"):
        assert required in names


# --- the `scanner analyze` contract, mention side (the themes need the semantic stage) -------


@needs_shared
def test_analyze_contract_mentions_on_the_seeds(
    mention_extractor: MentionExtractor, tmp_path: Path
) -> None:
    from scanner import pipeline

    lines_in = [
        {"id": p.stem, "text": p.read_text(encoding="utf-8"), "date": "2026-11-10"} for p in SEEDS
    ]
    # one item with a title: offsets then index title + "\n\n" + text
    lines_in.append({"id": "titled", "title": "Bilan : 2,3 Mds€", "text": seed("004")})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines_in), "utf-8")
    items = list(pipeline.read_items(path))
    articles = [pipeline.item_to_article(i) for i in items]  # type: ignore[arg-type]
    found = mention_extractor.extract([a.full_text for a in articles])
    values: dict[str, float] = {}
    for item, article, mentions in zip(lines_in, articles, found, strict=True):
        line = json.loads(
            json.dumps(pipeline.analysis_line(article, mentions, []), ensure_ascii=False)
        )
        assert line["id"] == item["id"] and line["lang"] == "fr"
        full = f"{item['title']}\n\n{item['text']}" if "title" in item else item["text"]
        assert line["mentions"], item["id"]
        for m in line["mentions"]:
            base = {"kind", "text", "start", "end", "canonical", "value_eur", "currency"}
            facts = {"role", "new", "recipient", "payers", "programme", "high_eur", "approx"}
            facts |= {"decided_by"}  # which rule or model set each field
            assert set(m) == (base | facts if m["kind"] == "amount" else base), m
            assert m["kind"] in ("programme", "amount", "organisation", "person", "place", "date")
            assert full[m["start"] : m["end"]] == m["text"]
            if m["kind"] == "amount":
                assert m["currency"] == "EUR" and m["value_eur"] > 0
                values[m["text"]] = m["value_eur"]
        if item["id"] == "titled":
            assert line["mentions"][0]["text"] == "2,3 Mds€" and line["mentions"][0]["start"] == 8
    assert values["2,3 Mds€"] == pytest.approx(2.3e9)
    assert values["670M€"] == pytest.approx(6.7e8)
    assert values["670 M€"] == pytest.approx(6.7e8)
    assert values["7Mds€"] == pytest.approx(7e9)
    assert values["718,4 millions d’euros"] == pytest.approx(7.184e8)
    assert values["7,5 milliards d’euros"] == pytest.approx(7.5e9)


@pytest.mark.slow  # ~11 s: starts two worker processes, each loading spaCy; `make test-all`
def test_worker_processes_find_what_this_process_finds(mention_extractor: MentionExtractor) -> None:
    """A batch goes to the worker processes (each with its own model); the result is the one
    extraction in this process gives, and a curator's merge reaches the workers too."""
    from scanner.nlp.workers import balanced_shards

    items = [json.loads(line) for line in (PROJECT / "corpora/sample/items_a.jsonl").open()]
    texts = [f"{i['title']}\n\n{i['text']}" for i in items][:30]  # ≥ PARALLEL_MIN_DOCS
    texts.append("Bpi Fr. finance la start-up.")
    local = MentionExtractor(mention_extractor.cfg, PROJECT, nlp=mention_extractor.nlp)
    local.add_alias("organisation", "Bpi Fr.", "Bpifrance")
    with MentionExtractor(mention_extractor.cfg, PROJECT, workers=2) as pooled:
        pooled.add_alias("organisation", "Bpi Fr.", "Bpifrance")
        assert pooled._pool is not None
        in_workers = pooled.extract(texts)
        assert pooled._pool is not None and pooled._pool.started  # no fallback to this process
        assert pooled._nlp is None  # and no model loaded here
        assert pooled.extract(texts[:2]) == in_workers[:2]  # once started, small batches too
    assert in_workers == local.extract(texts)
    assert ("Bpi Fr.", "Bpifrance") in {(m.text, m.canonical) for m in in_workers[-1]}
    assert balanced_shards([5, 5, 5, 5], 2) == [[0, 1], [2, 3]]
    assert balanced_shards([100, 1, 1], 2) == [[0], [1, 2]]
    assert balanced_shards([3], 4) == [[0]]
