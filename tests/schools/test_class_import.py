"""A class list by CSV (issue 15): line-numbered Danish errors, all or nothing, Excel's encodings and ';'."""

from __future__ import annotations

import io

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.schools.models import Pupil, SchoolClass
from partnerhub.timeutil import utcnow
from tests import factories

YEAR = utcnow().year
GOOD = (f"navn;foedt;klasse;foraelder_email;elev_email\n"
        f"Anna Holm;03/{YEAR - 14};8.A;mor.holm@eksempel.dk;anna@elev.dk\n"
        f"Mikkel Sørensen;{YEAR - 14}-11;8.A;far@eksempel.dk;\n"
        f"Sara Æbelø;{YEAR - 15};9.B;sara.mor@eksempel.dk;\n")
BAD = (f"navn;foedt;klasse;foraelder_email\n"
       f"Anna Holm;03/{YEAR - 14};8.A;mor.holm@eksempel.dk\n"
       f"Mikkel Sørensen;010212-1234;8.A;far@eksempel.dk\n"
       f"Sara Æbelø;{YEAR - 15};9.B;ikke-en-mail\n")


def _upload(client, school, text: str | bytes, year: int | None = None):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    school_year = year or (YEAR if utcnow().month >= 8 else YEAR - 1)
    return client.post(f"/skole/{school.id}/import", data={"school_year": str(school_year),
                                                           "file": (io.BytesIO(raw), "klasse.csv")},
                       content_type="multipart/form-data")


def _confirm(client, school, text: str):
    school_year = YEAR if utcnow().month >= 8 else YEAR - 1
    return client.post(f"/skole/{school.id}/import/gennemfoer", data={"school_year": str(school_year),
                                                                      "csv_text": text})


def test_two_bad_rows_are_reported_by_line_and_nothing_is_imported(client, login_as) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    response = _upload(client, school, BAD)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Linje 3:" in page and "CPR-nummer" in page and "Linje 4:" in page and "ser forkert ud" in page
    assert "Linje 2:" not in page and "Importér 1 elev" not in page
    assert _confirm(client, school, BAD).status_code == 422  # a forged confirm is checked again
    assert db.session.scalar(db.select(db.func.count(Pupil.id))) == 0
    assert db.session.scalar(db.select(db.func.count(SchoolClass.id))) == 0  # no class half-created


def test_a_good_file_is_previewed_then_imported_with_its_classes(client, login_as) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    preview = _upload(client, school, GOOD)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Importér 3 elever" in page and "8.A, 9.B" in page
    assert db.session.scalar(db.select(db.func.count(Pupil.id))) == 0  # the dry run saves nothing
    assert _confirm(client, school, GOOD).status_code == 302
    pupils = db.session.scalars(db.select(Pupil).order_by(Pupil.id)).all()
    assert [(p.first_name, p.last_name, p.birth_month, p.birth_year, p.school_class.name) for p in pupils] == [
        ("Anna", "Holm", 3, YEAR - 14, "8.A"), ("Mikkel", "Sørensen", 11, YEAR - 14, "8.A"),
        ("Sara", "Æbelø", None, YEAR - 15, "9.B")]
    assert pupils[0].email == "anna@elev.dk" and pupils[0].guardian_email == "mor.holm@eksempel.dk"
    assert {c.grade for c in db.session.scalars(db.select(SchoolClass))} == {8, 9}
    again = _upload(client, school, GOOD)
    assert again.status_code == 422 and "findes allerede i 8.A" in again.get_data(as_text=True)


def test_excel_windows_1252_with_semicolons_and_utf8_with_bom(client, login_as) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    cp1252 = _upload(client, school, GOOD.replace("\n", "\r\n").encode("cp1252"))
    assert cp1252.status_code == 200 and "Sørensen" in cp1252.get_data(as_text=True)
    bom = _upload(client, school, "\ufeff".encode() + GOOD.replace(";", ",").encode("utf-8"))
    assert bom.status_code == 200 and "Æbelø" in bom.get_data(as_text=True)


def test_missing_columns_empty_and_too_big_files_are_explained(client, login_as, app) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    missing = _upload(client, school, "navn;klasse\nAnna;8.A\n")
    assert missing.status_code == 422 and "Kolonnerne mangler: foedt, foraelder_email" in missing.get_data(
        as_text=True)
    empty = _upload(client, school, b"")
    assert empty.status_code == 422 and "Vælg en CSV-fil" in empty.get_data(as_text=True)
    limit = app.config["CSV_IMPORT_MAX_BYTES"]
    app.config["CSV_IMPORT_MAX_BYTES"] = 2_000  # small, so the test client keeps the body in memory
    try:
        big = _upload(client, school, b"x" * 2_001)
    finally:
        app.config["CSV_IMPORT_MAX_BYTES"] = limit
    assert big.status_code == 422 and "for stor" in big.get_data(as_text=True)
    wrong = _upload(client, school, f"navn;foedt;klasse;foraelder_email\nAnna;13/{YEAR - 14};11.A;a@b.dk\n")
    text = wrong.get_data(as_text=True)
    assert "Linje 2:" in text and "måned/år" in text and "7, 8, 9 eller 10" in text


def test_the_sample_file_downloads_and_imports(client, login_as) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    sample = client.get("/skole/import/eksempel.csv")
    assert sample.status_code == 200 and sample.mimetype == "text/csv"
    assert _upload(client, school, sample.data).status_code == 200
