"""WTForms has no Danish catalogue: its own messages (a field too long, a choice not offered) must still be Danish on
Danish pages and English on English ones, for every form, not only where we wrote the message ourselves."""

from __future__ import annotations

from partnerhub.timeutil import utcnow
from tests.conftest import PASSWORD


def _register_with_a_long_first_name(client) -> str:
    response = client.post("/opret/ung", data={
        "first_name": "A" * 61, "last_name": "B" * 81, "birth_year": utcnow().year - 20, "birth_month": "1",
        "email": "lang@eksempel.dk", "password": PASSWORD, "password_confirm": PASSWORD, "privacy_read": "y"})
    assert response.status_code in (200, 422)
    return response.get_data(as_text=True)


def test_wtforms_own_messages_are_danish_on_danish_pages(client) -> None:
    page = _register_with_a_long_first_name(client)
    assert "Skriv højst 60 tegn." in page and "Skriv højst 80 tegn." in page
    assert "Field cannot be longer than" not in page
    assert 'value="' + "A" * 61 + '"' in page  # what was typed is kept


def test_wtforms_own_messages_are_english_on_english_pages(client) -> None:
    with client.session_transaction() as flask_session:
        flask_session["lang"] = "en"
    page = _register_with_a_long_first_name(client)
    assert "Field cannot be longer than 60 characters." in page and "Skriv højst" not in page
