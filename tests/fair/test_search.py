"""The fair's search forgives Danish spelling and typos; pure functions, no app needed."""

from __future__ import annotations

import pytest

from partnerhub.fair.search import Document, forms_of, score, search

DOCUMENTS = [
    Document("carpenter", (("Løsning Tømrerforretning", 1.0), ("tag, vinduer og terrasser", 0.75))),
    Document("kitchen", (("Juelsminde Havnekøkken", 1.0), ("Du skræller og snitter i køkkenet", 0.75))),
    Document("garage", (("Tørring Auto & Dæk", 1.0), ("Du hjælper mekanikeren med olieskift", 0.75))),
    Document("cars", (("Biler, transport og lager", 1.0), ("Personvognsmekaniker, Lastvognsmekaniker", 0.9))),
    Document("painter", (("Rask Mølle Malerfirma", 1.0), ("Du spartler og maler vægge", 0.75))),
    Document("baker", (("Øster Snede Bageri", 1.0), ("Du former boller tidligt om morgenen", 0.75))),
]


def keys(query: str) -> list[object]:
    return [key for key, _score in search(query, DOCUMENTS)]


@pytest.mark.parametrize("query", ["tømrer", "tomrer", "toemrer", "TØMRER", "Tømrer "])
def test_danish_letters_typed_any_way_find_the_carpenter(query: str) -> None:
    assert keys(query)[0] == "carpenter"


def test_kok_finds_the_kitchen() -> None:
    assert "kitchen" in keys("kok")
    assert keys("koekken")[0] == "kitchen"


def test_a_typo_still_finds_the_mechanic() -> None:
    assert set(keys("mekanikker")) == {"garage", "cars"}
    assert set(keys("mekaniker")) == {"garage", "cars"}


def test_compound_words_are_searched_inside() -> None:
    assert keys("vognsmekaniker") == ["cars"]
    assert "painter" in keys("maler")


def test_unrelated_words_find_nothing_and_similar_words_do_not_mix() -> None:
    assert keys("astronaut") == []
    assert "painter" not in keys("bager") and keys("bager")[0] == "baker"


def test_every_word_must_match_and_stop_words_are_ignored() -> None:
    assert keys("køkken og auto") == []
    assert keys("køkken og snitter") == ["kitchen"]
    assert score("og i på", DOCUMENTS[0]) == 0.0


def test_spelling_forms() -> None:
    assert forms_of("tømrer") == {"toemrer", "tomrer"}
    assert "tomrer" in forms_of("toemrer")
    assert "cafe" in forms_of("café")
