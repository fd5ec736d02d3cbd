"""CSV import: dry run first, bad rows named by line number, and never a partial import."""

from __future__ import annotations

import io

import pytest

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.service import load_reference
from partnerhub.youth.models import Readiness, YouthProfile

GOOD_COMPANIES = ("navn;cvr;by;ansatte;kontaktperson;email;fagomraader\n"
                  "Tørring Tømrer ApS;31415926;Tørring;8;Ole Tømrer;ole@tomrer.dk;Byggeri og håndværk\n"
                  "Glud Gårdbutik;10150817;8783;3;;;mad-koekken\n")


@pytest.fixture(autouse=True)
def _reference(app) -> None:
    load_reference()
    db.session.commit()


def _upload(client, kind: str, text: str):
    return client.post("/medarbejder/import/", data={"kind": kind, "file": (io.BytesIO(text.encode()), "fil.csv")},
                       content_type="multipart/form-data")


def test_dry_run_saves_nothing_then_import_saves_all(client, login_as) -> None:
    login_as(Role.STAFF)
    preview = _upload(client, "companies", GOOD_COMPANIES)
    assert preview.status_code == 200 and "2 rækker er i orden" in preview.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Company.id))) == 0
    response = client.post("/medarbejder/import/gennemfoer", data={"kind": "companies", "csv_text": GOOD_COMPANIES})
    assert response.status_code == 302
    companies = {c.name: c for c in db.session.scalars(db.select(Company))}
    assert companies["Glud Gårdbutik"].town.name == "Hornsyld"
    assert companies["Tørring Tømrer ApS"].hr_users[0].email == "ole@tomrer.dk"


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(client, login_as) -> None:
    login_as(Role.STAFF)
    text = GOOD_COMPANIES + "Atlantis ApS;31415927;Atlantis;x;;;\n"
    preview = _upload(client, "companies", text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "Linje 4:" in page and "ikke gyldigt" in page and "Atlantis" in page and "helt tal" in page
    assert "Importér 2 rækker" not in page
    forced = client.post("/medarbejder/import/gennemfoer", data={"kind": "companies", "csv_text": text})
    assert forced.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Company.id))) == 0


def test_youth_import_with_line_numbers_in_english(client, login_as) -> None:
    login_as(Role.STAFF)
    client.post("/sprog", data={"lang": "en"})
    text = ("fornavn,efternavn,foedselsaar,email,by,maalgruppe\n"
            "Sisse,,2002,sisse@eksempel.dk,Hedensted,uddannelsesparat\n"
            "Dennis,,1980,dennis@eksempel.dk,Tørring,aktivitetsparat\n")
    page = _upload(client, "youth", text).get_data(as_text=True)
    assert "Line 3:" in page and "birth year must be between" in page
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == 0


def test_youth_import_creates_invited_profiles_with_readiness(client, login_as) -> None:
    login_as(Role.STAFF)
    text = ("fornavn,efternavn,foedselsaar,email,by,maalgruppe\n"
            "Sisse,,2002,sisse@eksempel.dk,Hedensted,Uddannelsesparat\n")
    assert client.post("/medarbejder/import/gennemfoer", data={"kind": "youth", "csv_text": text}).status_code == 302
    profile = db.session.scalar(db.select(YouthProfile))
    assert profile.staff_record.readiness is Readiness.READY and profile.town.name == "Hedensted"
    assert not db.session.scalar(db.select(User).where(User.email == "sisse@eksempel.dk")).has_password


def test_missing_columns_are_named(client, login_as) -> None:
    login_as(Role.STAFF)
    page = _upload(client, "youth", "navn,email\nX,x@y.dk\n").get_data(as_text=True)
    assert "Linje 1:" in page and "fornavn" in page
