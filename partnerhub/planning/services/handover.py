"""The handover note between two consecutive companies in a young person's rotation.

The outgoing company writes what the young person did well, what helped and what to watch. The young person reads
it first and approves it as it is, approves their own edit of it (which is then what goes on), or declines to pass
it on. Only an approved note is shown to the next company: the company of the rotation's next placement. Nothing
from the youth unit's staff-only record ever goes into it: the note holds only the company's words and the young
person's. Every write and every read by a company is audit-logged; each step mails the next person through the
outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import HOSTED, Placement
from partnerhub.planning.seam_models import HANDOVER_FIELDS, HANDOVER_TRANSITIONS, HandoverNote, HandoverStatus
from partnerhub.planning.services.common import PlanningError, link
from partnerhub.planning.services.placements import require_own_company
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

NOTE_MAX = 1000  # a short note: a few sentences per question


@dataclass
class NoteText:
    """The three answers, as the company wrote them or as the young person edited them."""

    did_well: str
    helped: str | None
    watch: str | None

    def cleaned(self) -> NoteText:
        def clean(value: str | None) -> str | None:
            return (value or "").strip() or None

        return NoteText(did_well=clean(self.did_well) or "", helped=clean(self.helped), watch=clean(self.watch))


def next_placement(placement: Placement) -> Placement | None:
    """The rotation's next placement after this one that will happen (not declined or withdrawn)."""
    later = [p for p in placement.proposal.placements
             if p.id != placement.id and p.starts_on > placement.starts_on and not p.called_off]
    return min(later, key=lambda p: (p.starts_on, p.id)) if later else None


def previous_placement(placement: Placement) -> Placement | None:
    """The placement whose company hands over to this one: the rotation's placement just before it."""
    earlier = [p for p in placement.proposal.placements
               if p.id != placement.id and p.starts_on < placement.starts_on and p.is_hosted]
    candidate = max(earlier, key=lambda p: (p.starts_on, p.id)) if earlier else None
    return candidate if candidate is not None and next_placement(candidate) is placement else None


def note_of(placement: Placement) -> HandoverNote | None:
    return db.session.scalar(db.select(HandoverNote).where(HandoverNote.placement_id == placement.id))


def can_write(placement: Placement) -> bool:
    """The outgoing company can write once it has taken the young person in and a next company is planned; once
    written, the note is the young person's to decide on."""
    return placement.status in HOSTED and next_placement(placement) is not None and note_of(placement) is None


def transition_note(actor: User, note: HandoverNote, new_status: HandoverStatus) -> None:
    """The one way a note's status changes; any move the table does not list is refused."""
    if new_status not in HANDOVER_TRANSITIONS[note.status]:
        raise PlanningError(_("Overleveringen er allerede '%(status)s'.", status=note.status.label))
    old = note.status
    note.status = new_status
    note.youth_answered_at = utcnow()
    db.session.flush()
    record(actor, "handover_answered", object_type="placement", object_id=note.placement_id,
           subject_user_id=note.placement.profile.user_id, detail={"from": str(old), "to": str(new_status)})


def write_note(actor: User, placement: Placement, text: NoteText) -> HandoverNote:
    """The outgoing company writes the note; it goes to the young person first, never straight on."""
    require_own_company(actor, placement)
    if not can_write(placement):
        raise PlanningError(_("I kan ikke skrive en overlevering til denne praktik."))
    text = text.cleaned()
    if not text.did_well:
        raise PlanningError(_("Skriv, hvad den unge har gjort godt."))
    note = HandoverNote(placement_id=placement.id, placement=placement, status=HandoverStatus.WITH_YOUTH,
                        did_well=text.did_well, helped=text.helped, watch=text.watch, written_by_id=actor.id)
    db.session.add(note)
    db.session.flush()
    record(actor, "handover_written", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id)
    user = placement.profile.user
    send_mail(user.email, _("%(company)s har skrevet en overlevering til dig", company=placement.company.name),
              _("Læs den og sig, om den må gå videre til din næste praktik: %(link)s",
                link=link("planning.youth_handover", placement_id=placement.id)), recipient_user_id=user.id)
    return note


def _require_youth(actor: User, note: HandoverNote) -> None:
    if actor.role is not Role.YOUTH or note.placement.profile.user_id != actor.id:
        raise PermissionError("not this young person's note")


def youth_answer(actor: User, note: HandoverNote, *, approve: bool, edited: NoteText | None = None) -> None:
    """The young person approves the note (their edit, if they made one, is what goes on) or keeps it back."""
    _require_youth(actor, note)
    if not approve:
        transition_note(actor, note, HandoverStatus.DECLINED)
        return
    if edited is not None:
        edited = edited.cleaned()
        if not edited.did_well:
            raise PlanningError(_("Skriv, hvad du har gjort godt."))
        if (edited.did_well, edited.helped, edited.watch) != (note.did_well, note.helped, note.watch):
            note.youth_did_well, note.youth_helped, note.youth_watch = edited.did_well, edited.helped, edited.watch
    transition_note(actor, note, HandoverStatus.APPROVED)
    following = next_placement(note.placement)
    if following is not None:
        _tell_next_company(following)


def _tell_next_company(placement: Placement) -> None:
    for hr in (u for u in placement.company.hr_users if u.active):
        send_mail(hr.email, _("Overlevering før praktikken: %(name)s", name=placement.profile.first_name),
                  _("Den forrige virksomhed har skrevet en kort overlevering, og den unge har sagt ja til, at I må "
                    "læse den: %(link)s", link=link("planning.company_incoming_handover",
                                                    placement_id=placement.id)), recipient_user_id=hr.id)


# ---- who may read which note: ownership at the query, anything else is not found ---------------------------------

def outgoing_note(company_id: int, placement_id: int) -> tuple[Placement, HandoverNote | None] | None:
    """The writing company's own placement and its note (if written)."""
    placement = db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                             Placement.company_id == company_id))
    return None if placement is None else (placement, note_of(placement))


def incoming_note(company_id: int, placement_id: int) -> tuple[Placement, HandoverNote] | None:
    """The next company's view: only its own placement, only the note written for it, and only once approved."""
    placement = db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                             Placement.company_id == company_id))
    if placement is None or placement.called_off:
        return None
    previous = previous_placement(placement)
    note = note_of(previous) if previous is not None else None
    return (placement, note) if note is not None and note.is_approved else None


def youth_note(profile: YouthProfile, placement_id: int) -> HandoverNote | None:
    note = db.session.scalar(db.select(HandoverNote).join(Placement, Placement.id == HandoverNote.placement_id)
                             .where(HandoverNote.placement_id == placement_id,
                                    Placement.youth_profile_id == profile.id))
    return note


def notes_for(profile: YouthProfile) -> dict[int, HandoverNote]:
    """The young person's notes by placement, for the plan page."""
    return {n.placement_id: n for n in db.session.scalars(
        db.select(HandoverNote).join(Placement, Placement.id == HandoverNote.placement_id)
        .where(Placement.youth_profile_id == profile.id))}


def incoming_for_company(company_id: int) -> set[int]:
    """The company's placements that have an approved note waiting for them, for the offer list: one query for the
    approved notes of rotations the company is in, then each note's next placement."""
    in_rotation = db.select(Placement.proposal_id).where(Placement.company_id == company_id)
    notes = db.session.scalars(db.select(HandoverNote).join(Placement, Placement.id == HandoverNote.placement_id)
                               .where(HandoverNote.status == HandoverStatus.APPROVED,
                                      Placement.proposal_id.in_(in_rotation)))
    ids = set()
    for note in notes:
        following = next_placement(note.placement)
        if following is not None and following.company_id == company_id:
            ids.add(following.id)
    return ids


def view_note(actor: User, note: HandoverNote, *, as_next_company: bool = False) -> None:
    """A read of the note is a read of personal data: logged in its own commit."""
    record_now(actor, "handover_viewed_by_next_company" if as_next_company else "handover_viewed",
               object_type="placement", object_id=note.placement_id, subject_user_id=note.placement.profile.user_id)


def shared_text(note: HandoverNote) -> dict[str, str | None]:
    """What the next company reads: the young person's version where they edited it."""
    return {name: note.shared(name) for name in HANDOVER_FIELDS}
