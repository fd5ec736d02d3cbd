"""Issue 14: a NUL byte anywhere in a request is refused with a Danish 400 before a view or the database sees it."""

from __future__ import annotations

import io

import pytest

from partnerhub.companies.models import InternshipPost
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.service import load_reference
from partnerhub.youth.models import YouthProfile
from tests.test_registration import youth_form

MESSAGE = "usynligt kontroltegn (NUL)"


def test_registration_with_nul_in_a_name_is_refused_and_nothing_stored(client) -> None:
    response = client.post("/opret/ung", data=youth_form(first_name="Ma\x00ria"))
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == 0
    assert client.post("/opret/ung", data=youth_form()).status_code == 302  # the same form without it is fine


def test_company_post_with_nul_in_free_text_is_refused(client, login_as) -> None:
    login_as(Role.COMPANY)
    data = {"title": "Lærling", "description": "Du hjælper\x00 til.", "seats": "1"}
    response = client.post("/virksomhed/opslag/ny", data=data)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(InternshipPost.id))) == 0


@pytest.mark.parametrize("url", ["/medarbejder/unge?q=a%00b", "/medarbejder/unge?q%00=x", "/medarbejder/unge/%00"])
def test_nul_in_the_query_string_or_path_is_a_400(client, login_as, url: str) -> None:
    login_as(Role.STAFF)
    response = client.get(url)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


def test_nul_message_in_english(client) -> None:
    client.post("/sprog", data={"lang": "en"})
    response = client.get("/?x=%00")
    assert response.status_code == 400 and "invisible control character (NUL)" in response.get_data(as_text=True)


def test_a_csv_file_with_nul_names_the_line_and_imports_nothing(client, login_as) -> None:
    load_reference()
    login_as(Role.STAFF)
    text = ("fornavn,efternavn,foedselsaar,email,by,maalgruppe\n"
            "Si\x00sse,,2004,sisse@eksempel.dk,Hedensted,uddannelsesparat\n")
    response = client.post("/medarbejder/import/", data={"kind": "youth", "file": (io.BytesIO(text.encode()), "u.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Linje 2:" in page and "kontroltegn (NUL)" in page
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == 0
