"""Eligibility in the app: the rule values from the admin's table, the history they read (placements, outcomes, the
last employer, staff flags), the pairs handed to the engine and the Danish reasons for the pages.

The engine's arithmetic (matching.eligibility) is used for both the matcher's input and every manual edit, so the
two can never disagree. A flag's reason is for staff only: the young person, the company and management never see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask import g
from sqlalchemy import CompoundSelect

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.eligibility.models import FLAG_TRANSITIONS, CompanyFlag, FlagStatus, LastEmployer
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.i18n import ngettext
from partnerhub.matching import eligibility as rules
from partnerhub.permissions import Role
from partnerhub.planning.models import HOSTED, STARTED, Outcome, OutcomeKind, Placement
from partnerhub.reference.service import rule_by_key
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

# The admin-editable rules (scheduling_rules.csv) behind each value.
RULE_KEYS = {
    "last_employer_months": "eligibility_last_employer_months",
    "same_company_max_weeks": "eligibility_same_company_max_weeks",
    "load_months": "eligibility_load_months",
    "load_per_employee": "eligibility_load_per_employee",
    "internships_without_outcome": "eligibility_internships_without_outcome",
}
# The code of each rule as a short phrase, for the list of young people without a proposal (staff only).
REASON_PHRASES = {
    rules.COMPANY_FLAGGED: _l("virksomheden er markeret af en medarbejder"),
    rules.LAST_EMPLOYER: _l("den unges seneste arbejdsgiver"),
    rules.SAME_COMPANY_DURATION: _l("den unge har allerede været der så længe, reglerne tillader"),
    rules.COMPANY_LOAD: _l("virksomheden har haft så mange i praktik, som dens ansatte rækker til"),
}
PROGRESS = (OutcomeKind.EDUCATION, OutcomeKind.JOB)


class EligibilityError(Exception):
    """A refusal with a translated message."""


def eligibility_rules() -> rules.EligibilityRules:
    """The rule values as the engine's arithmetic reads them (read once per request, like the other rules)."""
    cached = g.get("_eligibility_rules")
    if cached is None:
        defaults = rules.EligibilityRules()
        values = {}
        for field, key in RULE_KEYS.items():
            rule = rule_by_key(key)
            text = str(rule.value).strip() if rule is not None else ""
            values[field] = int(text) if text.isdigit() else getattr(defaults, field)
        cached = g._eligibility_rules = rules.EligibilityRules(**values)
    return cached


def reason_phrases(codes: Iterable[str]) -> str:
    """'a, b': the codes of an unplaced young person in words (an unknown code is never shown raw)."""
    return ", ".join(str(REASON_PHRASES[c]) for c in rules.ordered_codes(tuple(codes)) if c in REASON_PHRASES)


# ---- the last employer ------------------------------------------------------------------------------------------

def last_employer(profile: YouthProfile) -> LastEmployer | None:
    return db.session.scalar(db.select(LastEmployer).where(LastEmployer.youth_profile_id == profile.id))


def _may_edit(actor: User, profile: YouthProfile) -> None:
    if actor.role in (Role.STAFF, Role.ADMIN) or (actor.role is Role.YOUTH and actor.id == profile.user_id):
        return
    raise EligibilityError(_("Du kan ikke ændre den unges oplysninger."))


def save_last_employer(actor: User, profile: YouthProfile, *, company_id: int | None, employer_name: str | None,
                       ended_on: date | None) -> LastEmployer:
    """The young person or staff record the last employer; a company in PartnerHub or just a name."""
    _may_edit(actor, profile)
    name = (employer_name or "").strip() or None
    if company_id is None and name is None:
        raise EligibilityError(_("Vælg virksomheden, eller skriv arbejdsgiverens navn."))
    if company_id is not None and db.session.get(Company, company_id) is None:
        raise EligibilityError(_("Virksomheden findes ikke."))
    if ended_on is not None and ended_on > utcnow().date():
        raise EligibilityError(_("Slutdatoen kan ikke ligge i fremtiden. Lad feltet stå tomt, hvis jobbet ikke er "
                                 "slut."))
    row = last_employer(profile)
    if row is None:
        row = LastEmployer(youth_profile_id=profile.id)
        db.session.add(row)
    row.company_id, row.employer_name, row.ended_on = company_id, None if company_id else name, ended_on
    row.recorded_by_id, row.recorded_at = actor.id, utcnow()
    db.session.flush()
    record(actor, "last_employer_recorded", object_type="youth", object_id=profile.id,
           subject_user_id=profile.user_id, detail={"company_id": company_id})
    return row


def clear_last_employer(actor: User, profile: YouthProfile) -> None:
    _may_edit(actor, profile)
    row = last_employer(profile)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        record(actor, "last_employer_removed", object_type="youth", object_id=profile.id,
               subject_user_id=profile.user_id)


# ---- staff flags on companies ----------------------------------------------------------------------------------

def _require_staff(actor: User) -> None:
    if actor.role not in (Role.STAFF, Role.ADMIN):
        raise EligibilityError(_("Kun Ungeenhedens medarbejdere kan markere virksomheder."))


def active_flag(company_id: int) -> CompanyFlag | None:
    return db.session.scalar(db.select(CompanyFlag).where(CompanyFlag.company_id == company_id,
                                                          CompanyFlag.status == FlagStatus.ACTIVE))


def flags_of(company: Company) -> list[CompanyFlag]:
    return list(db.session.scalars(db.select(CompanyFlag).where(CompanyFlag.company_id == company.id)
                                   .order_by(CompanyFlag.flagged_at.desc(), CompanyFlag.id.desc())))


def flag_company(actor: User, company: Company, reason: str) -> CompanyFlag:
    """No proposals at the company until the flag is lifted; the reason is for staff only."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise EligibilityError(_("Skriv hvorfor virksomheden markeres."))
    if active_flag(company.id) is not None:
        raise EligibilityError(_("Virksomheden er allerede markeret."))
    flag = CompanyFlag(company_id=company.id, reason=reason, flagged_by_id=actor.id)
    db.session.add(flag)
    db.session.flush()
    record(actor, "company_flagged", object_type="company", object_id=company.id, detail={"flag_id": flag.id})
    return flag


def lift_flag(actor: User, flag: CompanyFlag, note: str) -> None:
    """The one transition of a flag: active -> lifted, with a note on why."""
    _require_staff(actor)
    note = (note or "").strip()
    if not note:
        raise EligibilityError(_("Skriv hvorfor markeringen ophæves."))
    if FlagStatus.LIFTED not in FLAG_TRANSITIONS[flag.status]:
        raise EligibilityError(_("Markeringen er allerede ophævet."))
    flag.status, flag.lift_note, flag.lifted_by_id, flag.lifted_at = FlagStatus.LIFTED, note, actor.id, utcnow()
    db.session.flush()
    record(actor, "company_unflagged", object_type="company", object_id=flag.company_id, detail={"flag_id": flag.id})


# ---- the history the rules read ----------------------------------------------------------------------------------

def _days(placement: Placement) -> int:
    return (placement.ends_on - placement.starts_on).days + 1


def earlier_days(profile_ids: list[int], exclude_proposal_id: int | None = None) -> dict[tuple[int, int], int]:
    """(young person, company) -> days of the placements they had or have there (taken in by the company)."""
    if not profile_ids:
        return {}
    query = db.select(Placement).where(Placement.youth_profile_id.in_(profile_ids), Placement.status.in_(HOSTED))
    if exclude_proposal_id is not None:
        query = query.where(Placement.proposal_id != exclude_proposal_id)
    out: dict[tuple[int, int], int] = defaultdict(int)
    for placement in db.session.scalars(query):
        out[(placement.youth_profile_id, placement.company_id)] += _days(placement)
    return dict(out)


def interns_counted(company_ids: list[int], day: date, months: int) -> dict[int, int]:
    """Company -> young people it has taken in whose placement ended in the last `months` or is still to come."""
    if not company_ids:
        return {}
    since = rules.months_before(day, months)
    return dict(db.session.execute(
        db.select(Placement.company_id, sa.func.count(sa.distinct(Placement.youth_profile_id)))
        .where(Placement.company_id.in_(company_ids), Placement.status.in_(HOSTED), Placement.ends_on >= since)
        .group_by(Placement.company_id)).all())


def internships_without_progress(profile: YouthProfile) -> int:
    """Placements started since the last outcome of education or a job (all of them if there is none). One query:
    the young person's started placements, each with the time of that outcome (the staff pages ask on every view)."""
    since = db.select(sa.func.max(Outcome.recorded_at)).where(
        Outcome.youth_profile_id == profile.id, Outcome.kind.in_(PROGRESS)).scalar_subquery()
    rows = db.session.execute(db.select(Placement.starts_on, since).where(
        Placement.youth_profile_id == profile.id, Placement.status.in_(STARTED))).all()
    return sum(1 for starts_on, last in rows if last is None or starts_on >= last.date())


def progress_warning(profile: YouthProfile) -> str | None:
    """Staff are warned when a young person has had more internships than the rule allows without progress."""
    count, limit = internships_without_progress(profile), eligibility_rules().internships_without_outcome
    if count <= limit:
        return None
    return ngettext("%(name)s har haft %(num)d praktik uden at komme videre i uddannelse eller job (reglen: højst "
                    "%(limit)d). Overvej et andet tilbud end endnu en praktik.",
                    "%(name)s har haft %(num)d praktikker uden at komme videre i uddannelse eller job (reglen: højst "
                    "%(limit)d). Overvej et andet tilbud end endnu en praktik.",
                    count, name=profile.first_name, limit=limit)


# ---- the rules ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One broken rule for a pair, with what its message needs."""

    code: str
    figures: tuple[tuple[str, Any], ...] = ()


def company_findings(companies: list[Company], day: date) -> dict[int, Finding]:
    """Company -> the rule that keeps it out for everyone: a staff flag, else its load of interns."""
    values = eligibility_rules()
    ids = [c.id for c in companies]
    flagged = set(db.session.scalars(db.select(CompanyFlag.company_id).where(
        CompanyFlag.company_id.in_(ids), CompanyFlag.status == FlagStatus.ACTIVE))) if ids else set()
    interns = interns_counted(ids, day, values.load_months)
    out: dict[int, Finding] = {}
    for company in companies:
        if company.id in flagged:
            out[company.id] = Finding(rules.COMPANY_FLAGGED)
        elif rules.load_exceeded(interns.get(company.id, 0), company.employees, values.load_per_employee):
            out[company.id] = Finding(rules.COMPANY_LOAD, (
                ("interns", interns.get(company.id, 0)), ("months", values.load_months),
                ("limit", rules.load_limit(company.employees, values.load_per_employee))))
    return out


def pair_findings(profiles: list[YouthProfile], company_ids: set[int], starts_on: date, new_days: int,
                  exclude_proposal_id: int | None = None) -> dict[tuple[int, int], Finding]:
    """(young person, company) -> the rule of the young person's own history that keeps them apart."""
    return _pair_findings_from(_pair_history(profiles, exclude_proposal_id), company_ids, starts_on, new_days)


class _Employer(NamedTuple):
    """A recorded last employer that is a company in PartnerHub, as the pair rules read it."""

    youth_profile_id: int
    company_id: int
    ended_on: date | None


@dataclass
class _History:
    """What the pair rules read of the young people's past: their last employers and the days at each company."""

    employers: list[_Employer]
    days: dict[tuple[int, int], int]


def _pair_history(profiles: list[YouthProfile], exclude_proposal_id: int | None = None) -> _History:
    ids = [p.id for p in profiles]
    employers = [_Employer(*row) for row in db.session.execute(db.select(
        LastEmployer.youth_profile_id, LastEmployer.company_id, LastEmployer.ended_on).where(
        LastEmployer.youth_profile_id.in_(ids), LastEmployer.company_id.is_not(None)))] if ids else []
    return _History(employers, earlier_days(ids, exclude_proposal_id))


def _pair_findings_from(history: _History, company_ids: set[int], starts_on: date,
                        new_days: int) -> dict[tuple[int, int], Finding]:
    values = eligibility_rules()
    out: dict[tuple[int, int], Finding] = {}
    for row in history.employers:
        if row.company_id in company_ids and rules.last_employer_blocks(row.ended_on, starts_on,
                                                                         values.last_employer_months):
            out[(row.youth_profile_id, row.company_id)] = Finding(rules.LAST_EMPLOYER, (
                ("months", values.last_employer_months), ("ended_on", row.ended_on)))
    for (profile_id, company_id), days in history.days.items():
        if company_id in company_ids and (profile_id, company_id) not in out and rules.duration_exceeded(
                days, new_days, values.same_company_max_weeks):
            out[(profile_id, company_id)] = Finding(rules.SAME_COMPANY_DURATION, (
                ("weeks", days // 7), ("limit", values.same_company_max_weeks)))
    return out


def round_ineligible(profiles: list[YouthProfile], companies: list[Company],
                     periods: list[PlanningPeriod]) -> dict[tuple[int, int], str]:
    """(profile id, company id) -> code for the engine: every pair of the round an eligibility rule rules out,
    checked at the round's first day with its shortest period."""
    if not periods or not profiles or not companies:
        return {}
    starts_on = min(p.starts_on for p in periods)
    new_days = min((p.ends_on - p.starts_on).days + 1 for p in periods)
    out = {key: f.code for key, f in pair_findings(profiles, {c.id for c in companies}, starts_on, new_days).items()}
    for company_id, finding in company_findings(companies, starts_on).items():
        for profile in profiles:
            out[(profile.id, company_id)] = finding.code
    return out


def pair_errors(profile: YouthProfile, company: Company, period: PlanningPeriod,
                exclude_proposal_id: int | None = None) -> list[str]:
    """The refusals for one company in one period of a manual edit, in Danish (the matcher's very rules)."""
    new_days = (period.ends_on - period.starts_on).days + 1
    found = company_findings([company], period.starts_on).get(company.id) or pair_findings(
        [profile], {company.id}, period.starts_on, new_days, exclude_proposal_id).get((profile.id, company.id))
    return [message(found, company)] if found else []


@cache
def _rotation_history_statement(excluding_a_proposal: bool) -> CompoundSelect:
    """_rotation_history's one query, built once per shape with the young person, companies, first day and the
    proposal left out as bind parameters: the proposal page runs it on every view (why once:
    planning/services/review.py, _statements)."""
    company_ids = sa.bindparam("company_ids", type_=sa.Integer, expanding=True)
    profile_id = sa.bindparam("profile_id", type_=sa.Integer)
    no_id, no_day = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.Date)
    flags = db.select(sa.literal("flag"), CompanyFlag.company_id, no_id, no_day, no_day).where(
        CompanyFlag.company_id.in_(company_ids), CompanyFlag.status == FlagStatus.ACTIVE)
    hosted = db.select(sa.literal("hosted"), Placement.company_id, Placement.youth_profile_id, no_day,
                       sa.func.max(Placement.ends_on)).where(
        Placement.company_id.in_(company_ids), Placement.status.in_(HOSTED),
        Placement.ends_on >= sa.bindparam("earliest", type_=sa.Date)
    ).group_by(Placement.company_id, Placement.youth_profile_id)
    employers = db.select(sa.literal("employer"), LastEmployer.company_id, LastEmployer.youth_profile_id, no_day,
                          LastEmployer.ended_on).where(
        LastEmployer.youth_profile_id == profile_id, LastEmployer.company_id.is_not(None))
    earlier = db.select(sa.literal("earlier"), Placement.company_id, Placement.youth_profile_id, Placement.starts_on,
                        Placement.ends_on).where(Placement.youth_profile_id == profile_id,
                                                 Placement.status.in_(HOSTED))
    if excluding_a_proposal:
        earlier = earlier.where(Placement.proposal_id != sa.bindparam("exclude_proposal_id"))
    return sa.union_all(flags, hosted, employers, earlier)


def _rotation_history(profile: YouthProfile, company_ids: list[int], earliest: date,
                      exclude_proposal_id: int | None) -> tuple[set[int], list[tuple[int, int, date]], _History]:
    """What rotation_errors reads, in one query (four selects joined by UNION ALL, told apart by their first column):
    the companies' active flags; who each company took in and until when (interns_counted for every start day);
    the young person's last employers and earlier placements (_pair_history)."""
    flagged: set[int] = set()
    took_in: list[tuple[int, int, date]] = []
    history = _History([], {})
    statement = _rotation_history_statement(exclude_proposal_id is not None)
    for kind, company_id, youth_id, first, last in db.session.execute(statement, {
            "company_ids": company_ids, "profile_id": profile.id, "earliest": earliest,
            "exclude_proposal_id": exclude_proposal_id}):
        if kind == "flag":
            flagged.add(company_id)
        elif kind == "hosted":
            took_in.append((company_id, youth_id, last))
        elif kind == "employer":
            history.employers.append(_Employer(youth_id, company_id, last))
        else:
            key = (youth_id, company_id)
            history.days[key] = history.days.get(key, 0) + (last - first).days + 1
    return flagged, took_in, history


def rotation_errors(profile: YouthProfile, pairs: list[tuple[Company, PlanningPeriod]],
                    exclude_proposal_id: int | None = None) -> list[list[str]]:
    """pair_errors for each (company, period) of one young person's rotation, from one query in all (and the rules)
    instead of four per pair: the proposal page checks every item on each view."""
    if not pairs:
        return []
    values = eligibility_rules()
    ids = list({company.id for company, _period in pairs})
    earliest = min(rules.months_before(period.starts_on, values.load_months) for _company, period in pairs)
    flagged, hosted, history = _rotation_history(profile, ids, earliest, exclude_proposal_id)
    errors = []
    for company, period in pairs:
        since = rules.months_before(period.starts_on, values.load_months)
        interns = sum(1 for company_id, _youth, ended in hosted if company_id == company.id and ended >= since)
        found: Finding | None = None
        if company.id in flagged:
            found = Finding(rules.COMPANY_FLAGGED)
        elif rules.load_exceeded(interns, company.employees, values.load_per_employee):
            found = Finding(rules.COMPANY_LOAD, (
                ("interns", interns), ("months", values.load_months),
                ("limit", rules.load_limit(company.employees, values.load_per_employee))))
        else:
            new_days = (period.ends_on - period.starts_on).days + 1
            found = _pair_findings_from(history, {company.id}, period.starts_on, new_days).get((profile.id, company.id))
        errors.append([message(found, company)] if found else [])
    return errors


def message(finding: Finding, company: Company) -> str:
    """One sentence per broken rule, for staff (a flag's reason is on the company's flag page, not here)."""
    figures = dict(finding.figures)
    name = company.name
    if finding.code == rules.COMPANY_FLAGGED:
        return _("%(company)s er markeret af en medarbejder og kan ikke foreslås, før markeringen er ophævet.",
                 company=name)
    if finding.code == rules.LAST_EMPLOYER:
        ended = figures.get("ended_on")
        if ended is None:
            return _("%(company)s er den unges seneste arbejdsgiver (jobbet er ikke slut). Den unge kan ikke komme i "
                     "praktik der.", company=name)
        return ngettext("%(company)s er den unges seneste arbejdsgiver (jobbet sluttede %(date)s). Den unge kan "
                        "ikke komme i praktik der før %(num)d måned efter.",
                        "%(company)s er den unges seneste arbejdsgiver (jobbet sluttede %(date)s). Den unge kan "
                        "ikke komme i praktik der før %(num)d måneder efter.",
                        int(figures["months"]), company=name, date=ended.strftime("%d.%m.%Y"))
    if finding.code == rules.SAME_COMPANY_DURATION:
        return ngettext("Den unge har allerede været %(weeks)d uger i praktik hos %(company)s. Med denne periode "
                        "bliver det mere end de %(num)d uge, reglerne tillader.",
                        "Den unge har allerede været %(weeks)d uger i praktik hos %(company)s. Med denne periode "
                        "bliver det mere end de %(num)d uger, reglerne tillader.",
                        int(figures["limit"]), weeks=int(figures["weeks"]), company=name)
    return ngettext("%(company)s har haft %(interns)d i praktik de seneste %(months)d måneder og må højst have "
                    "%(num)d i forhold til sine ansatte.",
                    "%(company)s har haft %(interns)d i praktik de seneste %(months)d måneder og må højst have "
                    "%(num)d i forhold til sine ansatte.",
                    int(figures["limit"]), company=name, interns=int(figures["interns"]),
                    months=int(figures["months"]))


def ruled_out(profile: YouthProfile, companies: list[Company], periods: list[PlanningPeriod]) -> list[
        tuple[Company, str]]:
    """Why the matcher may not propose these companies to this young person: one sentence each, for staff."""
    if not periods:
        return []
    starts_on = min(p.starts_on for p in periods)
    new_days = min((p.ends_on - p.starts_on).days + 1 for p in periods)
    by_company = company_findings(companies, starts_on)
    pairs = pair_findings([profile], {c.id for c in companies}, starts_on, new_days)
    out = []
    for company in sorted(companies, key=lambda c: c.name):
        found = by_company.get(company.id) or pairs.get((profile.id, company.id))
        if found:
            out.append((company, message(found, company)))
    return out
