"""Klagevejledning: the appeal guidance every decision that affects a young person carries, in plain Danish.

The one place its text lives: the young person's plan, the agreement page and the agreement PDF all read it here.

Legal basis, as used here (confidence medium: verify with the municipality's legal office before production, like
every rule marked so in ../shared/data/): the youth unit's decisions on offers such as virksomhedspraktik are made
under lov om en aktiv beskæftigelsesindsats (LAB; the offer and its agreement under kap. 11, §§ 57-61, as cited in
../shared/data/offer_types.csv). Such decisions are appealed to Ankestyrelsen under the rules of lov om retssikkerhed
og administration på det sociale område, kapitel 10: the complaint goes to the municipality that decided (§ 66),
which looks at the decision again before it sends the case on, and the time limit is 4 weeks from the day the
decision was received (§ 67). The shared material only names klagevejledning as something a decision must carry
(../shared/PRODUCT.md, glossary); the route and the time limit come from the statute, not from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from partnerhub.i18n import gettext as _

APPEAL_WEEKS = 4  # retssikkerhedsloven § 67: 4 weeks from the day the decision was received
APPEAL_BODY = "Ankestyrelsen"
LEGAL_BASIS = ("Lov om en aktiv beskæftigelsesindsats og lov om retssikkerhed og administration på det sociale "
               "område, kapitel 10 (§§ 66-67)")


def appeal_deadline(decided: date | datetime) -> date:
    """The last day to complain, counted from the day of the decision (the earliest it can have been received)."""
    day = decided.date() if isinstance(decided, datetime) else decided
    return day + timedelta(weeks=APPEAL_WEEKS)


@dataclass(frozen=True)
class Decision:
    """One decision about the young person: what, when, why, and the last day to complain."""

    title: str
    decided_on: date
    reasons: str

    @property
    def deadline(self) -> date:
        return appeal_deadline(self.decided_on)


def guidance(deadline: date | None = None) -> list[str]:
    """The klagevejledning as short paragraphs: where to complain, by when, how, and on what legal basis."""
    when = (_("Du skal klage senest den %(day)s. Det er 4 uger efter, at du fik afgørelsen.",
              day=deadline.strftime("%d.%m.%Y")) if deadline else
            _("Du skal klage senest 4 uger efter, at du fik afgørelsen."))
    return [
        _("Er du uenig i afgørelsen, kan du klage."),
        _("Send klagen til Ungeenheden i Hedensted Kommune. Du kan skrive eller ringe til din kontaktperson."),
        when,
        _("Kommunen ser på sagen igen. Får du ikke ret, sender kommunen klagen videre til Ankestyrelsen."),
        _("Regler: %(basis)s.", basis=LEGAL_BASIS),
    ]
