"""Explanations name the shared words, areas, curious marks, distance and the score's parts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import company, instance, youth

from partnerhub.matching import plan
from partnerhub.matching.explain import _stem_to_word, shared_terms
from partnerhub.matching.text import stems, words


def test_shared_terms_are_readable_words_matched_by_stem():
    terms = shared_terms("Jeg elsker heste og stalden", "Vi har hest, stald og køer")
    assert set(terms) == {"heste", "stalden"}  # the young person's own words, not stems or n-grams


def test_stop_words_are_never_shared_terms():
    assert shared_terms("jeg kan godt lide at være med", "vi kan godt lide at være med") == ()


def test_explanation_carries_every_reason():
    y = youth(
        "y1",
        trade_areas=("landmand", "kok"),
        curious=("c1", "landmand"),
        interests_text="Jeg vil arbejde med køer og traktor",
    )
    c = company(
        "c1",
        trade_areas=("landmand",),
        main_areas=("foedevarer",),
        lon=9.75,
        description="Landbrug med køer, traktor og marker",
    )
    result = plan(instance([y], [c]))
    (a,) = result.assignments
    why = a.explanation
    assert set(why.shared_terms) >= {"køer", "traktor"}
    assert why.shared_trade_areas == ("landmand",)
    assert why.shared_main_areas == ("foedevarer",)
    assert why.curious_hits == ("c1", "landmand")
    assert why.distance_km == pytest.approx(3.14, abs=0.05)
    assert sum(why.components.values()) == pytest.approx(a.score)
    assert all(
        why.components[k] > 0
        for k in ("text", "trade_area", "main_area", "curious_company", "curious_area", "distance")
    )


def test_given_candidates_explain_with_the_given_score():
    y = youth("y1", trade_areas=("kok",))
    c = company("c1", trade_areas=("kok",))
    result = plan(instance([y], [c], candidates={"y1": (("c1", 0.42),)}))
    why = result.assignments[0].explanation
    assert why.components == {"given": 0.42}
    assert why.shared_trade_areas == ("kok",)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["heste", "hest", "Hesten", "stald", "stalden", "og", "tømrer", "Tømreren"])))
def test_each_stem_is_shown_as_the_first_word_written_with_it(chosen):
    text = " ".join(chosen)
    expected = {}
    for word, stemmed in zip(words(text), stems(text), strict=True):
        expected.setdefault(stemmed, word)
    assert _stem_to_word(text) == expected
    assert list(_stem_to_word(text)) == list(expected)  # in the order written
