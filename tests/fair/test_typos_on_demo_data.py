"""Issue 14: "mekanikker knalert" – a typo in each of two words – finds the demo workshop through the fair's search."""

from __future__ import annotations

import html

from partnerhub.demo.service import seed_demo
from partnerhub.extensions import db

WORKSHOP = "Tørring Auto & Dæk"  # the demo company that repairs mopeds ("knallerter") beside a mechanic


def one_edit_variants(word: str) -> list[str]:
    """Every dropped letter, every swap of neighbours, a changed letter and an added letter at every position."""
    variants = {word[:i] + word[i + 1:] for i in range(len(word))}
    variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    variants |= {word[:i] + ("x" if word[i] != "x" else "y") + word[i + 1:] for i in range(len(word))}
    variants |= {word[:i] + "e" + word[i:] for i in range(len(word) + 1)}
    variants.discard(word)
    return sorted(variants)


def finds_workshop(client, query: str) -> bool:
    response = client.get("/messe", query_string={"q": query})
    assert response.status_code == 200, query
    return WORKSHOP in html.unescape(response.get_data(as_text=True))


def test_the_reported_query_finds_the_moped_workshop(app, client) -> None:
    seed_demo()
    db.session.commit()
    assert finds_workshop(client, "mekanikker knalert")
    assert not finds_workshop(client, "astronaut knalert")  # every word must still match


def test_each_word_misspelt_by_one_edit_still_finds_it(app, client) -> None:
    seed_demo()
    db.session.commit()
    missed = [f"{mechanic} knallert" for mechanic in one_edit_variants("mekaniker")
              if not finds_workshop(client, f"{mechanic} knallert")]
    missed += [f"mekaniker {moped}" for moped in one_edit_variants("knallert")
               if not finds_workshop(client, f"mekaniker {moped}")]
    assert missed == []
