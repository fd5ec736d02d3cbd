"""A class list by CSV: every row is checked first, errors name the line, and one bad row imports nothing.

Reuses the staff import's reading (UTF-8 with or without BOM, Windows-1252, ',' or ';' as Excel writes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from partnerhub.accounts.models import User
from partnerhub.accounts.service import email_taken, normalise_email
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.imports.service import RowError, _reader, decode
from partnerhub.privacy.cpr import looks_like_cpr
from partnerhub.schools import service
from partnerhub.schools.models import Pupil, School
from partnerhub.timeutil import utcnow

__all__ = ["COLUMNS", "ClassListImport", "decode", "parse", "run_import", "sample_csv"]

COLUMNS = ("navn", "foedt", "klasse", "foraelder_email", "elev_email", "foraelder_navn", "foraelder_telefon")
REQUIRED = ("navn", "foedt", "klasse", "foraelder_email")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"\+?[\d ]{8,16}")
# "03/2012", "3.2012", "3-2012", "2012-03" or just "2012".
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[./-]\s*(\d{1,2})$")


class ImportRefused(Exception):
    """The file has errors; nothing was imported."""


@dataclass
class ClassListImport:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_classes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def sample_csv() -> str:
    """The file the coordinator downloads and fills in (Excel opens it with ';')."""
    return ("navn;foedt;klasse;foraelder_email;elev_email;foraelder_navn;foraelder_telefon\r\n"
            "Anna Holm;03/2012;8.A;mor.holm@eksempel.dk;anna.holm@elev.eksempel.dk;Mette Holm;20 30 40 50\r\n"
            "Mikkel Sørensen;11/2011;8.A;far.soerensen@eksempel.dk;;;\r\n")


def birth_month_year(text: str) -> tuple[int | None, int | None]:
    text = text.strip()
    if text.isdigit() and len(text) == 4:
        return None, int(text)
    match = _MONTH_YEAR.match(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _YEAR_MONTH.match(text)
    if match:
        return int(match.group(2)), int(match.group(1))
    return None, None


def _split_name(name: str) -> tuple[str, str | None]:
    parts = name.split()
    if len(parts) == 1:
        return parts[0], None
    return " ".join(parts[:-1]), parts[-1]


def parse(school: School, school_year: int, text: str) -> ClassListImport:
    result = ClassListImport()
    reader = _reader(text)
    headers = [(h or "").strip().lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
               for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        result.errors.append(RowError(1, _("Kolonnerne mangler: %(columns)s. Første linje skal være: %(expected)s",
                                           columns=", ".join(missing), expected=";".join(COLUMNS))))
        return result
    reader.fieldnames = headers
    year = utcnow().year
    seen: set[tuple[str, str, int | None, int | None]] = set()
    seen_email: set[str] = set()
    new_classes: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS and isinstance(v, str)}
        if not any(row.values()):
            continue
        problems: list[str] = []
        for column in REQUIRED:
            if not row.get(column):
                problems.append(_("%(column)s mangler", column=column))
        if any(looks_like_cpr(value) for value in row.values()):
            problems.append(_("linjen indeholder noget, der ligner et CPR-nummer – skriv kun fødselsmåned og -år "
                              "(fx 03/2012); PartnerHub gemmer aldrig CPR-numre"))
        if any("\x00" in value for value in row.values()):
            problems.append(_("linjen indeholder et usynligt kontroltegn (NUL)"))
        name = " ".join(row.get("navn", "").split())
        if len(name) > 140:
            problems.append(_("navnet er for langt"))
        month, birth_year = birth_month_year(row.get("foedt", "")) if row.get("foedt") else (None, None)
        if row.get("foedt") and not looks_like_cpr(row["foedt"]):
            if birth_year is None or (month is not None and not 1 <= month <= 12):
                problems.append(_("fødsel '%(value)s' skal skrives som måned/år, fx 03/2012",
                                  value=row["foedt"]))
            elif not year - 20 <= birth_year <= year - 10:
                problems.append(_("fødselsåret skal være mellem %(first)d og %(last)d", first=year - 20,
                                  last=year - 10))
        class_name = row.get("klasse", "")
        school_class = service.find_class(school, school_year, class_name) if class_name else None
        if class_name and school_class is None:
            grade = service.grade_of(class_name)
            if grade is None:
                problems.append(_("klassen '%(name)s' skal begynde med klassetrinnet 7, 8, 9 eller 10, fx 8.A",
                                  name=class_name))
            elif len(class_name) > 20:
                problems.append(_("klassens navn er for langt (højst 20 tegn)"))
            else:
                new_classes.setdefault(class_name.lower(), grade)
        emails: dict[str, str | None] = {}
        for column in ("foraelder_email", "elev_email"):
            value = normalise_email(row.get(column, "")) if row.get(column) else None
            if value and not _EMAIL.match(value):
                problems.append(_("e-mailen '%(email)s' ser forkert ud", email=value))
            emails[column] = value
        if emails["elev_email"]:
            if emails["elev_email"] in seen_email or email_taken(emails["elev_email"]):
                problems.append(_("elevens e-mail %(email)s er allerede brugt", email=emails["elev_email"]))
            seen_email.add(emails["elev_email"])
        phone = row.get("foraelder_telefon", "")
        if phone and not _PHONE.fullmatch(phone):
            problems.append(_("telefonnummeret skal have 8 cifre, fx 75 12 34 56"))
        if len(row.get("foraelder_navn", "")) > 120:
            problems.append(_("forælderens navn er for langt"))
        first_name, last_name = _split_name(name) if name else ("", None)
        if len(first_name) > 60 or len(last_name or "") >80:
            problems.append(_("navnet er for langt"))
        key = (name.lower(), class_name.lower(), month, birth_year)
        if name and class_name and key in seen:
            problems.append(_("eleven står der to gange"))
        elif school_class is not None and name and db.session.scalar(db.select(Pupil.id).where(
                Pupil.school_class_id == school_class.id, db.func.lower(Pupil.first_name) == first_name.lower(),
                Pupil.birth_year == birth_year)):
            problems.append(_("%(name)s findes allerede i %(class)s", name=name, **{"class": school_class.name}))
        seen.add(key)
        if problems:
            result.errors.append(RowError(line, "; ".join(problems)))
            continue
        result.rows.append({"line": line, "first_name": first_name, "last_name": last_name, "birth_year": birth_year,
                            "birth_month": month, "class_name": class_name, "school_class": school_class,
                            "guardian_email": emails["foraelder_email"], "email": emails["elev_email"],
                            "guardian_name": row.get("foraelder_navn") or None, "guardian_phone": phone or None})
    result.new_classes = sorted(new_classes)
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, _("Filen har ingen rækker.")))
    return result


def run_import(actor: User, school: School, school_year: int, text: str) -> int:
    """All or nothing: the caller commits once; any error means nothing (no class, no pupil) was added."""
    parsed = parse(school, school_year, text)
    if not parsed.ok:
        raise ImportRefused(_("Filen har fejl – intet er importeret."))
    created: dict[str, object] = {}
    for row in parsed.rows:
        school_class = row["school_class"]
        if school_class is None:
            key = row["class_name"].lower()
            if key not in created:
                created[key] = service.create_class(actor, school, school_year=school_year,
                                                    grade=service.grade_of(row["class_name"]) or 0,
                                                    name=row["class_name"])
            school_class = created[key]
        service.add_pupil(actor, school_class, **{k: row[k] for k in (
            "first_name", "last_name", "birth_year", "birth_month", "email", "guardian_name", "guardian_email",
            "guardian_phone")})
    record(actor, "class_list_imported", object_type="school", object_id=school.id,
           detail={"rows": len(parsed.rows), "school_year": school_year})
    return len(parsed.rows)
