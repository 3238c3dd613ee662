"""The health words the theme stage's off-topic gate counts (scanner.text.health_words)."""

from __future__ import annotations

from scanner.text.health_words import HealthWords

WORDS = ["has", "ars", "chu", "chirurgicale", "surgical", "diagnostic", "patients", "sante"]


def test_short_words_count_only_as_capital_acronyms() -> None:
    health = HealthWords(WORDS)
    assert health.find("The insurer has launched a chatbot for car claims.").words == ()
    assert health.find("La HAS et l'ARS ont rendu leur avis au CHU.").words == ("HAS", "ARS", "CHU")


def test_a_word_in_a_short_quotation_is_a_figure_of_speech() -> None:
    health = HealthWords(WORDS)
    for text, word in [
        ("À Sochaux, des cobots soudent avec « une précision chirurgicale ».", "chirurgicale"),
        ("Robots with 'surgical precision' pick parcels in Rotterdam.", "surgical"),
        ("Au garage, le “diagnostic” passe à l'IA.", "diagnostic"),
    ]:
        found = health.find(text)
        assert found.words == () and found.figurative == (word,), text


def test_a_word_also_used_plainly_or_in_a_long_quotation_counts() -> None:
    health = HealthWords(WORDS)
    plain = health.find("Une précision « chirurgicale » : la chirurgicale équipe soigne.")
    assert plain.words == ("chirurgicale",) and plain.figurative == ()
    said = health.find("« Nous voulons que la santé des patients passe avant tout », dit-il.")
    assert set(said.words) == {"santé", "patients"}
    # an apostrophe inside French words opens no quotation
    assert health.find("L'équipe d'aujourd'hui reçoit des patients l'après-midi.").words == (
        "patients",
    )


def test_no_words_no_hits() -> None:
    assert HealthWords([]).find("Des patients au CHU.").words == ()


ANIMALS = ["eleveurs", "canards", "troupeaux", "abeilles", "ruchers", "apiculteurs"]


def test_health_words_of_a_text_about_animals_do_not_count() -> None:
    health = HealthWords(["vaccination", "virus", "patients", "hopital"], ANIMALS, 3)
    ducks = health.find(
        "Grippe aviaire : les éleveurs vaccinent leurs canards. La vaccination des troupeaux "
        "reprend cet hiver."
    )
    assert ducks.words == ("vaccination",) and ducks.count == 0
    assert set(ducks.animal) == {"éleveurs", "canards", "troupeaux"}
    # too few animal words, or more health words than animal ones: health news after all
    few = health.find("Un virus des abeilles étudié par les apiculteurs et des patients.")
    assert few.count == 2 and few.animal == ()
    people = health.find(
        "Un virus passé des canards aux éleveurs : l'hôpital suit les patients après la "
        "vaccination des troupeaux."
    )
    assert people.count == 4 and people.animal == ()
