"""Every route × every role: who may see it, and what everyone else gets.

A new route without a row here fails test_every_route_is_in_the_matrix, so access is always decided on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from partnerhub.companies.models import CompanyStatus
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import ProposalStatus
from partnerhub.reference import service as reference
from partnerhub.reference.service import load_reference
from partnerhub.reporting.models import CostFigure
from partnerhub.reporting.services import cost_figures
from partnerhub.schools.models import PraktikWeek, PupilReferral, ReferralStatus
from tests import factories
from tests.conftest import login
from tests.planning import helpers as planning_helpers
from tests.tasters import helpers as taster_helpers

ANON = "anonymous"
ROLES = [ANON, Role.YOUTH.value, Role.COMPANY.value, Role.STAFF.value, Role.ADMIN.value, Role.MANAGEMENT.value,
         Role.COORDINATOR.value, Role.PUPIL.value]
LOGGED_IN = (Role.YOUTH, Role.COMPANY, Role.STAFF, Role.ADMIN, Role.MANAGEMENT, Role.COORDINATOR, Role.PUPIL)
LOGIN_REDIRECT = 302


@dataclass(frozen=True)
class Route:
    method: str
    url: Callable[[dict], str]
    allowed: frozenset[str]
    ok_status: int = 200
    denied_anon: int = LOGIN_REDIRECT
    denied_other: int = 403
    by_role: tuple[tuple[str, int], ...] = ()  # an allowed role that gets another status (another school's page)


def everyone(status: int = 200) -> dict:
    return {"allowed": frozenset(ROLES), "ok_status": status}


def only(*roles: Role, ok_status: int = 200) -> dict:
    return {"allowed": frozenset(role.value for role in roles), "ok_status": ok_status}


# A taster place none of the logged-in test users is involved in: only staff (every school) reach it.
NOT_THE_OWNER = ((Role.COMPANY.value, 404), (Role.COORDINATOR.value, 404), (Role.PUPIL.value, 404))

MATRIX: dict[str, Route] = {
    "main.index": Route("GET", lambda o: "/", **everyone()),
    "main.privacy": Route("GET", lambda o: "/dine-data", **everyone()),
    "main.accessibility": Route("GET", lambda o: "/tilgaengelighed", **everyone()),
    "main.health": Route("GET", lambda o: "/sundhed", **everyone()),
    "main.set_language": Route("POST", lambda o: "/sprog", **everyone(302)),
    "main.home": Route("GET", lambda o: "/hjem", **only(*LOGGED_IN, ok_status=302)),
    "accounts.login": Route("GET", lambda o: "/log-ind", allowed=frozenset(ROLES), ok_status=200),
    "accounts.logout": Route("POST", lambda o: "/log-ud", **only(*LOGGED_IN, ok_status=302)),
    "accounts.forgot_password": Route("GET", lambda o: "/glemt-adgangskode", **everyone()),
    "accounts.reset_password": Route("GET", lambda o: "/nulstil-adgangskode/ugyldig", **everyone(302)),
    "accounts.accept_invitation": Route("GET", lambda o: "/invitation/ugyldig", **everyone(404)),
    "accounts.account": Route("GET", lambda o: "/konto", **only(*LOGGED_IN)),
    "companies.register": Route("GET", lambda o: "/opret/virksomhed", **everyone()),
    "companies.home": Route("GET", lambda o: "/virksomhed", **only(Role.COMPANY)),
    "companies.staff_list": Route("GET", lambda o: "/medarbejder/virksomheder", **only(Role.STAFF)),
    "companies.staff_edit_profile": Route("GET", lambda o: f"/medarbejder/virksomheder/{o['company'].id}/profil",
                                          **only(Role.STAFF)),
    "companies.staff_detail": Route("GET", lambda o: f"/medarbejder/virksomheder/{o['company'].id}",
                                    **only(Role.STAFF)),
    "youth.register": Route("GET", lambda o: "/opret/ung", **everyone()),
    "youth.home": Route("GET", lambda o: "/ung", **only(Role.YOUTH)),
    "youth.staff_list": Route("GET", lambda o: "/medarbejder/unge", **only(Role.STAFF)),
    "youth.staff_create": Route("GET", lambda o: "/medarbejder/unge/ny", **only(Role.STAFF)),
    "youth.staff_detail": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}", **only(Role.STAFF)),
    "youth.staff_resend_invitation": Route("POST", lambda o: f"/medarbejder/unge/{o['youth'].id}/gensend-invitation",
                                           **only(Role.STAFF, ok_status=302)),
    "staff.home": Route("GET", lambda o: "/medarbejder", **only(Role.STAFF)),
    "admin.home": Route("GET", lambda o: "/admin/", **only(Role.ADMIN)),
    "admin.create_user": Route("POST", lambda o: "/admin/brugere/ny", **only(Role.ADMIN, ok_status=422)),
    "admin.toggle_active": Route("POST", lambda o: f"/admin/brugere/{o['other_user'].id}/aktiv",
                                 **only(Role.ADMIN, ok_status=302)),
    "audit.index": Route("GET", lambda o: "/admin/audit/", **only(Role.ADMIN)),
    "privacy.own_export": Route("GET", lambda o: "/ung/mine-data", **only(Role.YOUTH)),
    "privacy.own_export_json": Route("GET", lambda o: "/ung/mine-data.json", **only(Role.YOUTH)),
    "privacy.withdraw_consent": Route("POST", lambda o: "/ung/samtykke/tilbagekald", **only(Role.YOUTH, ok_status=302)),
    "privacy.request_erasure": Route("POST", lambda o: "/ung/sletning", **only(Role.YOUTH, ok_status=302)),
    "privacy.staff_export": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/data", **only(Role.STAFF)),
    "privacy.staff_export_json": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/data.json",
                                       **only(Role.STAFF)),
    "privacy.anonymise": Route("POST", lambda o: f"/medarbejder/unge/{o['youth'].id}/anonymiser",
                               **only(Role.STAFF, ok_status=422)),
    "privacy.retention": Route("GET", lambda o: "/admin/privatliv", **only(Role.ADMIN)),
    "privacy.run_retention_now": Route("POST", lambda o: "/admin/privatliv/koer", **only(Role.ADMIN, ok_status=302)),
    "outbox.index": Route("GET", lambda o: "/medarbejder/udbakke", **only(Role.STAFF, Role.ADMIN)),
    "outbox.show": Route("GET", lambda o: f"/medarbejder/udbakke/{o['mail'].id}", **only(Role.STAFF, Role.ADMIN)),
    "companies.edit_profile": Route("GET", lambda o: "/virksomhed/profil", **only(Role.COMPANY)),
    "companies.capacity": Route("GET", lambda o: "/virksomhed/kapacitet", **only(Role.COMPANY)),
    "companies.copy_capacity": Route("POST", lambda o: f"/virksomhed/kapacitet/{o['period'].id}/kopier",
                                     **only(Role.COMPANY, ok_status=302)),
    "companies.edit_post": Route("GET", lambda o: "/virksomhed/opslag/ny", **only(Role.COMPANY)),
    "companies.hr_users": Route("GET", lambda o: "/virksomhed/brugere", **only(Role.COMPANY)),
    "companies.network": Route("GET", lambda o: "/virksomhed/netvaerk", **only(Role.COMPANY)),
    "companies.periods": Route("GET", lambda o: "/medarbejder/perioder", **only(Role.STAFF)),
    "youth.edit_profile": Route("GET", lambda o: "/ung/profil", **only(Role.YOUTH)),
    # Issue 17, eligibility: the last employer (the young person's own, and staff's for anyone); company flags are
    # for staff and admins only (the reason is never shown to the company, the young person or management).
    "eligibility.own_last_employer": Route("GET", lambda o: "/ung/seneste-arbejdsgiver", **only(Role.YOUTH)),
    "eligibility.own_last_employer_clear": Route("POST", lambda o: "/ung/seneste-arbejdsgiver/slet",
                                                 **only(Role.YOUTH, ok_status=302)),
    "eligibility.staff_last_employer": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/seneste-arbejdsgiver",
                                             **only(Role.STAFF)),
    "eligibility.staff_last_employer_clear": Route(
        "POST", lambda o: f"/medarbejder/unge/{o['youth'].id}/seneste-arbejdsgiver/slet",
        **only(Role.STAFF, ok_status=302)),
    "eligibility.company_flag": Route("GET", lambda o: f"/medarbejder/virksomheder/{o['host'].id}/markering",
                                      **only(Role.STAFF, Role.ADMIN)),
    "youth.staff_edit_profile": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/profil",
                                      **only(Role.STAFF)),
    "youth.staff_record": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/sag", **only(Role.STAFF)),
    "reference.trade_areas": Route("GET", lambda o: "/admin/reference/fagomraader", **only(Role.ADMIN)),
    "reference.edit_trade_area": Route("GET", lambda o: f"/admin/reference/fagomraader/{o['trade_area'].id}",
                                       **only(Role.ADMIN)),
    "reference.toggle_trade_area": Route("POST", lambda o: f"/admin/reference/fagomraader/{o['trade_area'].id}/udfas",
                                         **only(Role.ADMIN, ok_status=302)),
    "reference.towns": Route("GET", lambda o: "/admin/reference/byer", **only(Role.ADMIN, Role.STAFF)),
    "reference.networks": Route("GET", lambda o: "/admin/reference/netvaerk", **only(Role.ADMIN)),
    "reference.edit_network": Route("GET", lambda o: f"/admin/reference/netvaerk/{o['network'].id}",
                                    **only(Role.ADMIN)),
    "reference.toggle_network": Route("POST", lambda o: f"/admin/reference/netvaerk/{o['network'].id}/udfas",
                                      **only(Role.ADMIN, ok_status=302)),
    "reference.rules": Route("GET", lambda o: "/admin/reference/regler", **only(Role.ADMIN)),
    "guardians.answer": Route("GET", lambda o: "/samtykke/ugyldigt-link", **everyone(404)),
    "guardians.withdraw": Route("GET", lambda o: "/samtykke/tilbagekald/ugyldigt-link", **everyone(404)),
    "guardians.staff_waiting": Route("GET", lambda o: "/medarbejder/samtykker", **only(Role.STAFF)),
    "guardians.staff_request": Route("POST", lambda o: f"/medarbejder/samtykker/{o['placement'].id}/send",
                                     **only(Role.STAFF, ok_status=302)),
    "schools.coordinator_home": Route("GET", lambda o: "/skole", **only(Role.COORDINATOR)),
    "schools.pupil_home": Route("GET", lambda o: "/elev", **only(Role.PUPIL)),
    # The logged-in coordinator works for another school than o['school']: its pages are 404 for them.
    "schools.staff_schools": Route("GET", lambda o: "/medarbejder/skoler", **only(Role.STAFF)),
    "schools.staff_school": Route("GET", lambda o: f"/medarbejder/skoler/{o['school'].id}", **only(Role.STAFF)),
    "schools.staff_remove_coordinator": Route(
        "POST", lambda o: f"/medarbejder/skoler/{o['school'].id}/vejledere/{o['coordinator'].id}/fjern",
        **only(Role.STAFF, ok_status=302)),
    "schools.staff_referrals": Route("GET", lambda o: "/medarbejder/ungeenheden-fra-skolen", **only(Role.STAFF)),
    "schools.staff_start_profile": Route(
        "POST", lambda o: f"/medarbejder/ungeenheden-fra-skolen/{o['referral'].id}/start",
        **only(Role.STAFF, ok_status=422)),
    "schools.new_class": Route("GET", lambda o: f"/skole/{o['school'].id}/klasser/ny",
                               **only(Role.COORDINATOR, ok_status=404)),
    "schools.class_detail": Route("GET", lambda o: f"/skole/klasser/{o['school_class'].id}",
                                  **only(Role.STAFF, Role.COORDINATOR), by_role=(("coordinator", 404),)),
    "schools.remove_week": Route("POST", lambda o: f"/skole/praktikuger/{o['praktik_week'].id}/slet",
                                 **only(Role.COORDINATOR, ok_status=404)),
    "schools.add_pupil": Route("GET", lambda o: f"/skole/klasser/{o['school_class'].id}/elever/ny",
                               **only(Role.COORDINATOR, ok_status=404)),
    "schools.pupil_detail": Route("GET", lambda o: f"/skole/elever/{o['pupil'].id}",
                                  **only(Role.STAFF, Role.COORDINATOR), by_role=(("coordinator", 404),)),
    "schools.pupil_export": Route("GET", lambda o: f"/skole/elever/{o['pupil'].id}/data.json",
                                  **only(Role.STAFF, Role.COORDINATOR), by_role=(("coordinator", 404),)),
    "schools.remove_pupil": Route("POST", lambda o: f"/skole/elever/{o['pupil'].id}/slet",
                                  **only(Role.COORDINATOR, ok_status=404)),
    "schools.invite_pupil": Route("POST", lambda o: f"/skole/elever/{o['pupil'].id}/inviter",
                                  **only(Role.COORDINATOR, ok_status=404)),
    "schools.flag_pupil": Route("POST", lambda o: f"/skole/elever/{o['pupil'].id}/ungeenheden",
                                **only(Role.COORDINATOR, ok_status=404)),
    "schools.cancel_referral": Route("POST", lambda o: f"/skole/henvisninger/{o['referral'].id}/annuller",
                                     **only(Role.COORDINATOR, ok_status=404)),
    "schools.import_upload": Route("GET", lambda o: f"/skole/{o['school'].id}/import",
                                   **only(Role.COORDINATOR, ok_status=404)),
    "schools.import_confirm": Route("POST", lambda o: f"/skole/{o['school'].id}/import/gennemfoer",
                                    **only(Role.COORDINATOR, ok_status=404)),
    "schools.import_sample": Route("GET", lambda o: "/skole/import/eksempel.csv", **only(Role.COORDINATOR)),
    "schools.referral_answer": Route("GET", lambda o: "/ungeenheden/samtykke/ugyldigt-link", **everyone(404)),
    "schools.referral_withdraw": Route("GET", lambda o: "/ungeenheden/samtykke/tilbagekald/ugyldigt-link",
                                       **everyone(404)),
    "reference.edit_rule": Route("GET", lambda o: "/admin/reference/regler/ratio_small", **only(Role.ADMIN)),
    "imports.upload": Route("GET", lambda o: "/medarbejder/import/", **only(Role.STAFF)),
    "imports.confirm": Route("POST", lambda o: "/medarbejder/import/gennemfoer", **only(Role.STAFF, ok_status=302)),
    # The fair: browsing is open to everyone; marks are the young person's, booths the company's, events staff's.
    "fair.hall": Route("GET", lambda o: "/messe", **everyone()),
    "fair.area": Route("GET", lambda o: f"/messe/omraade/{o['trade_area'].id}", **everyone()),
    "fair.company_booth": Route("GET", lambda o: f"/messe/virksomhed/{o['fair_company'].id}", **everyone()),
    "fair.photo": Route("GET", lambda o: f"/messe/foto/{o['photo'].id}", **everyone()),
    "fair.qr": Route("GET", lambda o: f"/messe/qr/{o['fair_company'].id}.svg", **everyone()),
    "fair.easy_read": Route("POST", lambda o: "/messe/let-laesning", **everyone(302)),
    "fair.event": Route("GET", lambda o: f"/messe/begivenhed/{o['fair_event'].id}", **everyone()),
    "fair.mark_area": Route("POST", lambda o: f"/messe/omraade/{o['trade_area'].id}/nysgerrig",
                            **only(Role.YOUTH, ok_status=422)),
    "fair.mark_company": Route("POST", lambda o: f"/messe/virksomhed/{o['fair_company'].id}/nysgerrig",
                               **only(Role.YOUTH, ok_status=422)),
    "fair.my_marks": Route("GET", lambda o: "/messe/mine", **only(Role.YOUTH)),
    # The mark belongs to another young person: even a young person gets 404.
    "fair.remove_mark": Route("POST", lambda o: f"/messe/mine/{o['mark'].id}/fjern", **only(Role.YOUTH, ok_status=404)),
    "fair.attend": Route("POST", lambda o: f"/messe/begivenhed/{o['fair_event'].id}/tilmeld",
                         **only(Role.YOUTH, ok_status=302)),
    "fair.company_events": Route("GET", lambda o: "/virksomhed/messer", **only(Role.COMPANY)),
    "fair.signup": Route("GET", lambda o: f"/virksomhed/messer/{o['fair_event'].id}", **only(Role.COMPANY)),
    # Only fair_company has signed up; the logged-in HR user's own company has nothing to withdraw.
    "fair.withdraw": Route("POST", lambda o: f"/virksomhed/messer/{o['fair_event'].id}/traek-tilbage",
                           **only(Role.COMPANY, ok_status=404)),
    "fair.edit_booth": Route("GET", lambda o: "/virksomhed/stand", **only(Role.COMPANY)),
    "fair.upload_photo": Route("POST", lambda o: "/virksomhed/stand/foto", **only(Role.COMPANY, ok_status=422)),
    # The photo is fair_company's: another company's HR gets 404.
    "fair.delete_photo": Route("POST", lambda o: f"/virksomhed/stand/foto/{o['photo'].id}/slet",
                               **only(Role.COMPANY, ok_status=404)),
    "fair.preview_booth": Route("GET", lambda o: "/virksomhed/stand/vis", **only(Role.COMPANY)),
    "fair.staff_events": Route("GET", lambda o: "/medarbejder/messer", **only(Role.STAFF)),
    "fair.edit_event": Route("GET", lambda o: f"/medarbejder/messer/{o['fair_event'].id}/ret", **only(Role.STAFF)),
    "fair.staff_event": Route("GET", lambda o: f"/medarbejder/messer/{o['fair_event'].id}", **only(Role.STAFF)),
    "fair.signup_state": Route("POST", lambda o: f"/medarbejder/messer/{o['fair_event'].id}/stande/{o['signup'].id}",
                               **only(Role.STAFF, ok_status=302)),
    "fair.staff_register": Route("POST", lambda o: f"/medarbejder/messer/{o['fair_event'].id}/deltagere",
                                 **only(Role.STAFF, ok_status=422)),
    "fair.print_booths": Route("GET", lambda o: f"/medarbejder/messer/{o['fair_event'].id}/print", **only(Role.STAFF)),
    "fair.event_curiosity": Route("GET", lambda o: f"/medarbejder/messer/{o['fair_event'].id}/nysgerrighed",
                                  **only(Role.STAFF)),
    "fair.curiosity": Route("GET", lambda o: "/medarbejder/nysgerrighed", **only(Role.STAFF)),
    "fair.admin_areas": Route("GET", lambda o: "/admin/messe/omraader", **only(Role.ADMIN)),
    "fair.admin_edit_area": Route("GET", lambda o: f"/admin/messe/omraader/{o['trade_area'].id}", **only(Role.ADMIN)),
    # Planning. HR and young-person rows ask for another company's / young person's objects: the allowed role gets
    # 404 there (ownership at the query); tests/planning/test_http.py checks that the owner gets 200.
    "planning.rounds": Route("GET", lambda o: "/medarbejder/planlaegning", **only(Role.STAFF)),
    "planning.new_round": Route("GET", lambda o: "/medarbejder/planlaegning/ny", **only(Role.STAFF)),
    "planning.round_detail": Route("GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}", **only(Role.STAFF)),
    "planning.unplaced": Route("GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/uden-forslag",
                               **only(Role.STAFF)),
    "planning.run": Route("POST", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/koer",
                          **only(Role.STAFF, ok_status=302)),
    "planning.job": Route("GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/koersel/{o['job'].id}",
                          **only(Role.STAFF)),
    "planning.approve_many": Route("POST", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/godkend",
                                   **only(Role.STAFF, ok_status=302)),
    "planning.close_round": Route("POST", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/luk",
                                  **only(Role.STAFF, ok_status=302)),
    "planning.manual": Route("GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/manuel", **only(Role.STAFF)),
    "planning.candidate_scores": Route(
        "GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/unge/{o['youth'].id}/vurdering",
        **only(Role.STAFF)),
    "planning.proposal": Route("GET", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}",
                               **only(Role.STAFF)),
    "planning.approve": Route("POST", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}/godkend",
                              **only(Role.STAFF, ok_status=302)),
    "planning.reject": Route("POST", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}/afvis",
                             **only(Role.STAFF, ok_status=302)),
    "planning.proposal_period": Route(
        "GET", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}/periode/{o['period'].id}",
        **only(Role.STAFF)),
    "planning.drop_period": Route(
        "POST", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}/periode/{o['period'].id}/fjern",
        **only(Role.STAFF, ok_status=302)),
    "planning.replace_rest": Route(
        "POST", lambda o: f"/medarbejder/planlaegning/forslag/{o['proposal'].id}/erstat-resten",
        **only(Role.STAFF, ok_status=302)),
    "planning.placement_action": Route("POST", lambda o: f"/medarbejder/placeringer/{o['placement'].id}",
                                       **only(Role.STAFF, ok_status=302)),
    # The placement agreement: staff of the unit see every one; HR and the young person only their own (404 here).
    "planning.staff_agreement": Route("GET", lambda o: f"/medarbejder/placeringer/{o['placement'].id}/aftale",
                                      **only(Role.STAFF)),
    "planning.staff_sign_agreement": Route(
        "POST", lambda o: f"/medarbejder/placeringer/{o['placement'].id}/aftale/underskriv",
        **only(Role.STAFF, ok_status=302)),
    "planning.staff_guardian_sign": Route(
        "POST", lambda o: f"/medarbejder/placeringer/{o['placement'].id}/aftale/vaerge",
        **only(Role.STAFF, ok_status=302)),
    "planning.staff_agreement_pdf": Route("GET", lambda o: f"/medarbejder/placeringer/{o['placement'].id}/aftale.pdf",
                                          **only(Role.STAFF)),
    "planning.company_agreement": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/aftale",
                                        **only(Role.COMPANY, ok_status=404)),
    "planning.company_sign_agreement": Route(
        "POST", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/aftale/underskriv",
        **only(Role.COMPANY, ok_status=404)),
    "planning.company_agreement_pdf": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/aftale.pdf",
                                            **only(Role.COMPANY, ok_status=404)),
    "planning.youth_agreement": Route("GET", lambda o: f"/ung/plan/praktik/{o['placement'].id}/aftale",
                                      **only(Role.YOUTH, ok_status=404)),
    "planning.youth_sign_agreement": Route(
        "POST", lambda o: f"/ung/plan/praktik/{o['placement'].id}/aftale/underskriv",
        **only(Role.YOUTH, ok_status=404)),
    "planning.youth_agreement_pdf": Route("GET", lambda o: f"/ung/plan/praktik/{o['placement'].id}/aftale.pdf",
                                          **only(Role.YOUTH, ok_status=404)),
    # The seams of a rotation: HR reach only their own placement's note (the next company only once the young person
    # approved it) and check-in, the young person only their own; tests/planning/test_handover.py has the owners' 200s.
    "planning.company_handover": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/overlevering",
                                       **only(Role.COMPANY, ok_status=404)),
    "planning.company_incoming_handover": Route(
        "GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/overlevering-modtaget",
        **only(Role.COMPANY, ok_status=404)),
    "planning.company_check_in": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/tjek-ind",
                                       **only(Role.COMPANY, ok_status=404)),
    "planning.youth_handover": Route("GET", lambda o: f"/ung/plan/praktik/{o['placement'].id}/overlevering",
                                     **only(Role.YOUTH, ok_status=404)),
    "planning.youth_check_in": Route("GET", lambda o: f"/ung/plan/praktik/{o['placement'].id}/tjek-ind",
                                     **only(Role.YOUTH, ok_status=404)),
    "planning.seams": Route("GET", lambda o: f"/medarbejder/planlaegning/forslag/{o['approved'].id}/overgange",
                            **only(Role.STAFF)),
    "planning.replan_rotation": Route(
        "GET", lambda o: f"/medarbejder/planlaegning/forslag/{o['approved'].id}/omplanlaeg", **only(Role.STAFF)),
    "planning.follow_ups": Route("GET", lambda o: "/medarbejder/opfoelgning", **only(Role.STAFF)),
    "planning.task_done": Route("POST", lambda o: f"/medarbejder/opfoelgning/{o['task'].id}",
                                **only(Role.STAFF, ok_status=422)),  # no "Hvad blev der gjort?": the form again
    "planning.take_task": Route("POST", lambda o: f"/medarbejder/opfoelgning/{o['task'].id}/tag",
                                **only(Role.STAFF, ok_status=302)),
    "planning.timeline": Route("GET", lambda o: f"/medarbejder/unge/{o['youth'].id}/forloeb", **only(Role.STAFF)),
    "planning.outcome": Route("POST", lambda o: f"/medarbejder/unge/{o['youth'].id}/resultat",
                              **only(Role.STAFF, ok_status=422)),
    "planning.company_offers": Route("GET", lambda o: "/virksomhed/tilbud", **only(Role.COMPANY)),
    "planning.company_offer": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}",
                                    **only(Role.COMPANY, ok_status=404)),
    "planning.company_answer": Route("POST", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/svar",
                                     **only(Role.COMPANY, ok_status=404)),
    "planning.company_statement": Route("POST", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/erklaering",
                                        **only(Role.COMPANY, ok_status=404)),
    "planning.company_attendance": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/fremmoede",
                                         **only(Role.COMPANY, ok_status=404)),
    "planning.company_feedback": Route("GET", lambda o: f"/virksomhed/tilbud/{o['placement'].id}/feedback",
                                       **only(Role.COMPANY, ok_status=404)),
    "planning.company_calendar": Route("GET", lambda o: "/virksomhed/tilbud/kalender.ics", **only(Role.COMPANY)),
    "planning.youth_plan": Route("GET", lambda o: "/ung/plan", **only(Role.YOUTH)),
    "planning.youth_answer": Route("POST", lambda o: f"/ung/plan/{o['approved'].id}/svar",
                                   **only(Role.YOUTH, ok_status=404)),
    "planning.youth_calendar": Route("GET", lambda o: "/ung/plan/kalender.ics", **only(Role.YOUTH)),
    "planning.youth_feedback": Route("GET", lambda o: f"/ung/plan/praktik/{o['placement'].id}/feedback",
                                     **only(Role.YOUTH, ok_status=404)),
    # Management (ledelse) reaches these three and nothing else of its own: see test_management_reaches_aggregates_only.
    "reporting.dashboard": Route("GET", lambda o: "/medarbejder/resultater",
                                 **only(Role.STAFF, Role.ADMIN, Role.MANAGEMENT)),
    "reporting.dashboard_export": Route("GET", lambda o: "/medarbejder/resultater/eksport/outcomes.xlsx",
                                        **only(Role.STAFF, Role.ADMIN, Role.MANAGEMENT)),
    "reporting.placements_export": Route("GET", lambda o: "/medarbejder/resultater/praktikforloeb.csv",
                                         **only(Role.STAFF)),
    "reporting.plan_export": Route("GET", lambda o: f"/medarbejder/planlaegning/{o['round'].id}/plan.xlsx",
                                   **only(Role.STAFF)),
    "reporting.business_case": Route("GET", lambda o: "/medarbejder/samfundsoekonomi",
                                     **only(Role.STAFF, Role.ADMIN, Role.MANAGEMENT)),
    "reporting.cost_figure": Route("GET", lambda o: f"/admin/noegletal/{o['figure'].id}", **only(Role.ADMIN)),
    "reporting.company_partnership": Route("GET", lambda o: "/virksomhed/partnerskab", **only(Role.COMPANY)),
    "reporting.staff_partnership": Route("GET", lambda o: f"/medarbejder/virksomheder/{o['company'].id}/partnerskab",
                                         **only(Role.STAFF)),
    "reporting.award": Route("GET", lambda o: "/medarbejder/ansvarspris", **only(Role.STAFF)),
    # Taster internships (erhvervspraktik). The slot, booking, pupil and run belong to nobody logged in here, so
    # the company, coordinator and pupil get 404 where staff (who see every school) get the page.
    "tasters.company_slots": Route("GET", lambda o: "/virksomhed/erhvervspraktik", **only(Role.COMPANY)),
    "tasters.edit_slot": Route("GET", lambda o: "/virksomhed/erhvervspraktik/ny", **only(Role.COMPANY)),
    "tasters.withdraw_slot": Route("POST", lambda o: f"/virksomhed/erhvervspraktik/{o['taster_slot'].id}/traek-tilbage",
                                   **only(Role.COMPANY, ok_status=404)),
    "tasters.company_requests": Route("GET", lambda o: "/virksomhed/erhvervspraktik/forespoergsler",
                                      **only(Role.COMPANY)),
    "tasters.company_answer": Route(
        "POST", lambda o: f"/virksomhed/erhvervspraktik/plads/{o['taster_booking'].id}/svar",
        **only(Role.COMPANY, ok_status=404)),
    "tasters.company_after_week": Route(
        "GET", lambda o: f"/virksomhed/erhvervspraktik/plads/{o['taster_booking'].id}/efter-ugen",
        **only(Role.COMPANY, ok_status=404)),
    "tasters.company_report": Route("GET", lambda o: "/virksomhed/erhvervspraktik/tal", **only(Role.COMPANY)),
    "tasters.school_home": Route("GET", lambda o: "/skole/erhvervspraktik", **only(Role.COORDINATOR, Role.STAFF)),
    "tasters.allocate": Route("GET", lambda o: "/skole/erhvervspraktik/fordeling",
                              **only(Role.COORDINATOR, Role.STAFF)),
    "tasters.run_result": Route("GET", lambda o: f"/skole/erhvervspraktik/fordeling/{o['taster_run'].id}",
                                **only(Role.COORDINATOR, Role.STAFF), by_role=((Role.COORDINATOR.value, 404),)),
    "tasters.approve": Route("POST", lambda o: f"/skole/erhvervspraktik/plads/{o['taster_booking'].id}/godkend",
                             **only(Role.COORDINATOR, Role.STAFF, ok_status=302),
                             by_role=((Role.COORDINATOR.value, 404),)),
    "tasters.cancel": Route("POST", lambda o: f"/skole/erhvervspraktik/plads/{o['taster_booking'].id}/aflys",
                            **only(Role.COORDINATOR, Role.STAFF, ok_status=302),
                            by_role=((Role.COORDINATOR.value, 404),)),
    "tasters.resend_consent": Route(
        "POST", lambda o: f"/skole/erhvervspraktik/plads/{o['taster_booking'].id}/send-samtykke",
        **only(Role.COORDINATOR, Role.STAFF, ok_status=302), by_role=((Role.COORDINATOR.value, 404),)),
    "tasters.school_report": Route("GET", lambda o: "/skole/erhvervspraktik/tal",
                                   **only(Role.COORDINATOR, Role.STAFF)),
    "tasters.pupil_home": Route("GET", lambda o: "/elev/erhvervspraktik", **only(Role.PUPIL)),
    "tasters.wishes_page": Route(
        "GET", lambda o: f"/erhvervspraktik/elev/{o['taster_pupil'].id}/uge/{o['taster_week'].id}",
        **only(Role.PUPIL, Role.COORDINATOR, Role.STAFF),
        by_role=((Role.PUPIL.value, 404), (Role.COORDINATOR.value, 404),)),
    "tasters.wish_action": Route(
        "POST", lambda o: f"/erhvervspraktik/elev/{o['taster_pupil'].id}/uge/{o['taster_week'].id}/oensker",
        **only(Role.PUPIL, Role.COORDINATOR, Role.STAFF, ok_status=302),
        by_role=((Role.PUPIL.value, 404), (Role.COORDINATOR.value, 404),)),
    "tasters.pupil_reflection": Route(
        "GET", lambda o: f"/elev/erhvervspraktik/plads/{o['taster_booking'].id}/refleksion",
        **only(Role.PUPIL, ok_status=404)),
    "tasters.booking": Route("GET", lambda o: f"/erhvervspraktik/plads/{o['taster_booking'].id}",
                             **only(Role.COMPANY, Role.COORDINATOR, Role.PUPIL, Role.STAFF),
                             by_role=NOT_THE_OWNER),
    "tasters.seddel_page": Route("GET", lambda o: f"/erhvervspraktik/plads/{o['taster_booking'].id}/praktikseddel",
                                 **only(Role.COMPANY, Role.COORDINATOR, Role.PUPIL, Role.STAFF),
                                 by_role=NOT_THE_OWNER),
    "tasters.seddel_pdf": Route("GET", lambda o: f"/erhvervspraktik/plads/{o['taster_booking'].id}/praktikseddel.pdf",
                                **only(Role.COMPANY, Role.COORDINATOR, Role.PUPIL, Role.STAFF),
                                by_role=NOT_THE_OWNER),
    "tasters.guardian_answer": Route("GET", lambda o: "/samtykke/erhvervspraktik/ugyldigt-link", **everyone(404)),
    "tasters.guardian_withdraw": Route("GET", lambda o: "/samtykke/erhvervspraktik/tilbagekald/ugyldigt-link",
                                       **everyone(404)),
    # Sign-in with OpenID Connect: open to everyone, and 404 while the audience has no provider (TestConfig has
    # none); tests/oidc runs the same routes against real providers.
    "oidc.start": Route("POST", lambda o: "/log-ind/virksomhed", **everyone(404)),
    "oidc.callback": Route("GET", lambda o: "/log-ind/ung/svar?code=x&state=y", **everyone(404)),
    "oidc.first_login": Route("GET", lambda o: "/log-ind/medarbejder/ny", **everyone(404)),
    "oidc.link": Route("POST", lambda o: "/log-ind/ung/kobl", **everyone(404)),
    "oidc.identities": Route("GET", lambda o: "/admin/logins", **only(Role.ADMIN)),
    "oidc.unlink": Route("POST", lambda o: f"/admin/logins/{o['identity'].id}/fjern",
                         **only(Role.ADMIN, ok_status=302)),
}

# Pages that send a logged-in user elsewhere instead of showing a form they no longer need.
REDIRECTS_WHEN_LOGGED_IN = {"accounts.login", "companies.register", "youth.register"}


def test_every_route_is_in_the_matrix(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - set(MATRIX) == set(), "Routes without an access rule in tests/test_access_matrix.py"
    assert set(MATRIX) - endpoints == set(), "Rows for routes that no longer exist"


def test_every_view_declares_its_access(app) -> None:
    """Each view is role-guarded or explicitly public: nothing is open by accident."""
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and not hasattr(view, "allowed_roles")]
    assert undeclared == []


# What management (read-only, aggregates only) may reach beyond the pages open to everyone: the numbers, and its own
# account. Every other page, and every POST except logging out and the language and easy-read switches (which only
# set the session), is 403 or 404 for it, so it never reaches a person's data.
MANAGEMENT_PAGES = {"reporting.dashboard", "reporting.dashboard_export", "reporting.business_case", "main.home",
                    "accounts.account"}
SESSION_SWITCHES = {"accounts.logout", "main.set_language", "fair.easy_read"}


def test_management_reaches_aggregates_only() -> None:
    management = Role.MANAGEMENT.value
    reached = {endpoint for endpoint, route in MATRIX.items()
               if management in route.allowed and route.ok_status < 400 and route.allowed != frozenset(ROLES)}
    assert reached - SESSION_SWITCHES == MANAGEMENT_PAGES
    posts = {endpoint for endpoint, route in MATRIX.items()
             if route.method == "POST" and management in route.allowed and route.ok_status < 400}
    assert posts == SESSION_SWITCHES


@pytest.fixture(scope="module")
def objects(app, module_rows, tmp_path_factory) -> dict:
    company = factories.CompanyFactory(status=CompanyStatus.PENDING)
    youth = factories.YouthProfileFactory(user__password_hash=None)
    other_user = factories.UserFactory(role=Role.STAFF)
    mail = send_mail("someone@eksempel.dk", "Emne", "Tekst")
    from partnerhub.extensions import db

    load_reference()
    period = factories.PeriodFactory()
    db.session.commit()
    trade_area = reference.trade_areas()[0]
    app.config["FAIR_PHOTO_DIR"] = str(tmp_path_factory.mktemp("photos"))
    fair = factories.fair_objects(trade_area=trade_area, youth=youth)
    host = factories.CompanyFactory()
    round_ = planning_helpers.make_round([period], [youth])
    proposal = planning_helpers.make_proposal(round_, youth, [host])
    approved = planning_helpers.make_proposal(round_, youth, [host], status=ProposalStatus.APPROVED)
    placement = planning_helpers.make_placement(approved)
    factories.AgreementFactory(placement=placement)
    cost_figures.seed_cost_figures()
    identity = OidcIdentity(user_id=other_user.id, audience=Audience.STAFF, issuer="https://idp.example.dk",
                            subject="b1c2d3e4-matrix-subject")
    db.session.add(identity)
    db.session.commit()
    figure = db.session.scalars(db.select(CostFigure).order_by(CostFigure.id)).first()
    pupil = factories.PupilFactory()
    school_class = pupil.school_class
    coordinator = factories.user_for_role(Role.COORDINATOR, school=school_class.school)
    praktik_week = PraktikWeek(school_class_id=school_class.id, starts_on=dt.date(2027, 3, 1), days=5)
    referral = PupilReferral(pupil_id=pupil.id, reason="Matrix", token_hash="m" * 64,
                             expires_at=dt.datetime(2099, 1, 1), status=ReferralStatus.GIVEN)
    db.session.add_all([praktik_week, referral])
    db.session.commit()
    return {"figure": figure, "company": company, "youth": youth, "other_user": other_user, "mail": mail,
            "period": period,
            "trade_area": trade_area, "network": reference.networks()[0], "round": round_,
            "proposal": proposal, "approved": approved, "placement": placement,
            "identity": identity, "host": host, "school": school_class.school, "school_class": school_class,
            "pupil": pupil, "coordinator": coordinator, "praktik_week": praktik_week, "referral": referral,
            "job": planning_helpers.make_job(round_), "task": planning_helpers.make_task(youth, placement), **fair,
            **taster_helpers.matrix_objects()}


@pytest.fixture(scope="module")
def session_cookies(app, objects: dict) -> dict[str, str]:
    """A user per role, each logged in once through the login form when the module starts; a case then sends its
    role's session cookie. A new user and a login per case cost more than the one request the case is about, and
    what a case changes (a logout, a language) is rolled back with it or stays in its own client. Its own app
    context, so the logins do not expire the objects the module's session holds for the cases."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookies = {}
    with app.app_context():
        for role in LOGGED_IN:
            browser = app.test_client()
            user = factories.user_for_role(role)
            assert login(browser, user.email).status_code == 302, role
            cookies[role.value] = browser.get_cookie(name).value
    return cookies


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access(endpoint: str, role: str, app, client, objects: dict, session_cookies: dict[str, str]) -> None:
    route = MATRIX[endpoint]
    if role != ANON:
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookies[role])
    response = client.open(route.url(objects), method=route.method)
    if role in route.allowed:
        expected = 302 if (role != ANON and endpoint in REDIRECTS_WHEN_LOGGED_IN) else dict(route.by_role).get(
            role, route.ok_status)
    else:
        expected = route.denied_anon if role == ANON else route.denied_other
    assert response.status_code == expected, f"{route.method} {endpoint} as {role}"
    if expected == LOGIN_REDIRECT and role == ANON and role not in route.allowed:
        assert "/log-ind" in response.headers["Location"]
