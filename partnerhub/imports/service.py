"""CSV import of companies and young people: everything is checked first, and one bad row stops the whole import."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, email_taken, invite, normalise_email
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.companies.service import cvr_taken
from partnerhub.extensions import db
from partnerhub.forms import is_valid_cvr, normalise_cvr
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role
from partnerhub.reference import service as reference
from partnerhub.reference.models import TradeArea
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord

COMPANY_COLUMNS = ("navn", "cvr", "by", "ansatte", "kontaktperson", "email", "fagomraader")
YOUTH_COLUMNS = ("fornavn", "efternavn", "foedselsaar", "email", "by", "maalgruppe")
REQUIRED = {"companies": ("navn", "cvr", "by"), "youth": ("fornavn", "foedselsaar", "email", "by")}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportRefused(Exception):
    """The file has errors; nothing was imported."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ParsedImport:
    kind: str
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _reader(text: str) -> csv.DictReader:
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def decode(raw: bytes) -> str:
    """Excel in Denmark saves UTF-8 with a BOM or Windows-1252; both are accepted."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _trade_areas_by_name() -> dict[str, TradeArea]:
    return {a.name_da.lower(): a for a in reference.trade_areas()} | {
        a.key: a for a in reference.trade_areas()}


def parse(kind: str, text: str) -> ParsedImport:
    """Checks every row against the same rules as the forms, and says which line is wrong and why."""
    result = ParsedImport(kind)
    columns = COMPANY_COLUMNS if kind == "companies" else YOUTH_COLUMNS
    reader = _reader(text)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED[kind] if c not in headers]
    if missing:
        result.errors.append(RowError(1, _("Kolonnerne mangler: %(columns)s. Første linje skal være: %(expected)s",
                                           columns=", ".join(missing), expected=",".join(columns))))
        return result
    reader.fieldnames = headers
    seen_cvr: set[str] = set()
    seen_email: set[str] = set()
    areas = _trade_areas_by_name()
    year = utcnow().year
    for raw in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in raw.items() if k in columns}
        if not any(row.values()):
            continue
        problems: list[str] = []
        for column in REQUIRED[kind]:
            if not row.get(column):
                problems.append(_("%(column)s mangler", column=column))
        if any("\x00" in value for value in row.values()):  # a file's text never passes the request-level check
            problems.append(_("linjen indeholder et usynligt kontroltegn (NUL)"))
        town = reference.resolve_town(row.get("by", "")) if row.get("by") else None
        if row.get("by") and town is None:
            problems.append(_("byen '%(town)s' kender vi ikke", town=row["by"]))
        email = normalise_email(row.get("email", "")) if row.get("email") else ""
        if email:
            if not _EMAIL.match(email):
                problems.append(_("e-mailen '%(email)s' ser forkert ud", email=email))
            elif email in seen_email or email_taken(email):
                problems.append(_("e-mailen %(email)s er allerede brugt", email=email))
            seen_email.add(email)
        parsed: dict = {"line": line, "town": town, "email": email or None}
        if kind == "companies":
            cvr = normalise_cvr(row.get("cvr", ""))
            if row.get("cvr") and not is_valid_cvr(cvr):
                problems.append(_("CVR-nummeret %(cvr)s er ikke gyldigt (kontrolcifferet passer ikke)", cvr=cvr))
            elif cvr in seen_cvr or (cvr and cvr_taken(cvr)):
                problems.append(_("CVR-nummeret %(cvr)s findes allerede", cvr=cvr))
            seen_cvr.add(cvr)
            employees = row.get("ansatte", "")
            if employees and not employees.isdigit():
                problems.append(_("ansatte skal være et helt tal"))
            if len(row.get("navn", "")) > 160:
                problems.append(_("navnet er for langt (højst 160 tegn)"))
            chosen = []
            for name in filter(None, (n.strip().lower() for n in row.get("fagomraader", "").split(";"))):
                if name in areas:
                    chosen.append(areas[name])
                else:
                    problems.append(_("fagområdet '%(name)s' findes ikke", name=name))
            parsed |= {"name": row.get("navn"), "cvr": cvr,
                       "employees": int(employees) if employees.isdigit() else None,
                       "contact_name": row.get("kontaktperson") or None, "trade_areas": chosen}
        else:
            birth_year = row.get("foedselsaar", "")
            if birth_year and not (birth_year.isdigit() and year - 30 <= int(birth_year) <= year - 15):
                problems.append(_("fødselsåret skal være mellem %(first)d og %(last)d", first=year - 30,
                                  last=year - 15))
            readiness = None
            if row.get("maalgruppe"):
                by_name = {r.value: r for r in Readiness} | {r.label.lower(): r for r in Readiness}
                readiness = by_name.get(row["maalgruppe"].lower())
                if readiness is None:
                    problems.append(_("målgruppen '%(value)s' kender vi ikke", value=row["maalgruppe"]))
            if len(row.get("fornavn", "")) > 60 or len(row.get("efternavn", "")) > 80:
                problems.append(_("navnet er for langt"))
            parsed |= {"first_name": row.get("fornavn"), "last_name": row.get("efternavn") or None,
                       "birth_year": int(birth_year) if birth_year.isdigit() else None, "readiness": readiness}
        if problems:
            result.errors.append(RowError(line, "; ".join(problems)))
        else:
            result.rows.append(parsed)
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, _("Filen har ingen rækker.")))
    return result


def run_import(actor: User, kind: str, text: str) -> int:
    """All or nothing: the caller commits once, and any error means nothing was added."""
    parsed = parse(kind, text)
    if not parsed.ok:
        raise ImportRefused(_("Filen har fejl – intet er importeret."))
    for row in parsed.rows:
        if kind == "companies":
            company = Company(name=row["name"], cvr=row["cvr"], status=CompanyStatus.APPROVED,
                              status_changed_at=utcnow(), town_id=row["town"].id, employees=row["employees"],
                              contact_name=row["contact_name"], contact_email=row["email"],
                              trade_areas=row["trade_areas"])
            db.session.add(company)
            db.session.flush()
            if row["email"]:
                user = create_user(email=row["email"], name=row["contact_name"] or row["name"], role=Role.COMPANY,
                                   company_id=company.id)
                invite(actor, user)
        else:
            user = create_user(email=row["email"], name=row["first_name"], role=Role.YOUTH)
            profile = YouthProfile(user_id=user.id, first_name=row["first_name"], last_name=row["last_name"],
                                   birth_year=row["birth_year"], town_id=row["town"].id, created_by_id=actor.id)
            db.session.add(profile)
            if row["readiness"]:
                db.session.add(YouthStaffRecord(profile=profile, readiness=row["readiness"], updated_by_id=actor.id))
            db.session.flush()
            invite(actor, user)
    record(actor, "csv_imported", object_type=kind, detail={"rows": len(parsed.rows)})
    return len(parsed.rows)
