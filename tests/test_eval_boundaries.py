"""Boundary-tolerant name matching: the same body with another boundary convention matches."""

from scanner.eval.boundaries import cores, relaxed_counts


def test_programme_head_words_and_guillemets_do_not_matter() -> None:
    assert cores("programme", "concours i-Lab") & cores("programme", "i-Lab")
    assert cores("programme", "appel à projets « Santé mentale 2026 »") & cores(
        "programme", "Santé mentale 2026"
    )
    assert cores("programme", "the Eurostars programme") & cores("programme", "Eurostars")


def test_a_defined_acronym_stands_for_both_its_parts() -> None:
    both = cores("organisation", "Paris Saclay Cancer Cluster (PSCC)")
    assert both & cores("organisation", "PSCC")
    assert both & cores("organisation", "Paris Saclay Cancer Cluster")


def test_legal_suffixes_do_not_matter_but_other_words_do() -> None:
    assert cores("organisation", "Hemavie SAS") & cores("organisation", "Hemavie")
    assert not cores("organisation", "Inserm Transfert") & cores("organisation", "Inserm")
    # an organisation keeps its head word: "Fonds X" is not "X"
    assert not cores("organisation", "Laboratoires Servier") & cores("organisation", "Biogaran")


def test_counts_match_each_name_once() -> None:
    c = relaxed_counts(
        "programme",
        ["concours i-Lab", "France 2030"],
        ["i-Lab", "Concours i-Lab 2026", "PEPR Santé numérique"],
    )
    assert (c.tp, c.fp, c.fn) == (1, 2, 1)
