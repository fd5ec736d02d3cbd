"""Issue 14: every town in the reference data imports, in every encoding the import accepts, typed NFC or NFD."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.service import PACKAGED_DATA_DIR, load_reference
from partnerhub.youth.models import YouthProfile

with (Path(PACKAGED_DATA_DIR) / "towns.csv").open(encoding="utf-8") as towns_file:
    TOWNS = [row["town"] for row in csv.DictReader(towns_file)]
# Windows-1252 has no combining ring, so an Excel file in that encoding is always NFC.
ENCODINGS = [("utf-8", "NFC"), ("utf-8", "NFD"), ("utf-8-sig", "NFC"), ("utf-8-sig", "NFD"), ("cp1252", "NFC")]


@pytest.fixture(autouse=True)
def _reference(app) -> None:
    load_reference()
    db.session.commit()


def _youth_file(names: list[str]) -> str:
    lines = ["fornavn,efternavn,foedselsaar,email,by,maalgruppe"]
    lines += [f"Ung{i},,2004,ung{i}@eksempel.dk,{name},uddannelsesparat" for i, name in enumerate(names)]
    return "\n".join(lines) + "\n"


def test_reference_data_has_the_towns_a_user_met() -> None:
    assert "Ørum" in TOWNS and "Øster Snede" in TOWNS and "Daugård" in TOWNS


@pytest.mark.parametrize(("encoding", "form"), ENCODINGS)
def test_every_town_imports(client, login_as, encoding: str, form: str) -> None:
    login_as(Role.STAFF)
    names = [unicodedata.normalize(form, name) for name in TOWNS]
    names += [name.upper() for name in names] + [name.lower() for name in names]
    raw = _youth_file(names).encode(encoding)
    response = client.post("/medarbejder/import/", data={"kind": "youth", "file": (io.BytesIO(raw), "unge.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[page.find("Linje"):][:400]
    assert f"{len(names)} rækker er i orden" in page


def test_imported_rows_get_the_town_they_name(client, login_as) -> None:
    login_as(Role.STAFF)
    text = _youth_file([unicodedata.normalize("NFD", name) for name in TOWNS])
    response = client.post("/medarbejder/import/gennemfoer", data={"kind": "youth", "csv_text": text})
    assert response.status_code == 302
    imported = {p.user.email: p.town.name for p in db.session.scalars(db.select(YouthProfile))}
    assert imported == {f"ung{i}@eksempel.dk": name for i, name in enumerate(TOWNS)}
