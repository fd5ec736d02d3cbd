"""The fair's search forgives Danish spelling and typos; pure functions, no app needed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhub.fair.search import Document, SearchIndex, forms_of, score, search

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


WORDS = ["tømrer", "tomrer", "køkken", "kok", "mekaniker", "mekanikker", "maler", "bager", "bageri", "og", "lager",
         "havnekøkken", "auto", "dæk", "daek", "pleje", "plejehjem", "el", "elektriker", "butik", "dyr", "dyrlæge"]
texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
documents = st.lists(
    st.tuples(texts, texts, st.sampled_from([1.0, 0.9, 0.75, 0.0])).map(
        lambda t: ((t[0], 1.0), (t[1], t[2]))), max_size=8,
).map(lambda fields: [Document(number, pair) for number, pair in enumerate(fields)])
queries = st.one_of(texts, st.text(alphabet="abcdeklmnoprtæøå ", max_size=12))


@settings(max_examples=300, deadline=None)
@given(documents, queries)
def test_the_index_ranks_exactly_like_the_plain_search(docs: list[Document], query: str) -> None:
    assert SearchIndex(docs).search(query) == search(query, docs, limit=len(docs) + 1)


def test_the_index_searches_only_the_keys_it_is_given_and_stops_at_the_limit() -> None:
    index = SearchIndex(DOCUMENTS)
    assert [key for key, _ in index.search("mekaniker")] == ["cars", "garage"]
    assert [key for key, _ in index.search("mekaniker", keys={"garage", "baker"})] == ["garage"]
    assert [key for key, _ in index.search("mekaniker", limit=1)] == ["cars"]
    assert index.search("og i på") == []
