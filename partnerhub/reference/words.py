"""The shipped reference files are written in English; these are their words as the pages show them.

A text an admin typed later is not in these tables and is shown as typed. The English catalogue translates the
Danish back, so an English page shows the file's own words.
"""

from __future__ import annotations

import re
from typing import Any

from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum, label_of


class Confidence(LabelledEnum):
    """How sure a source is, as the files mark it."""

    HIGH = "high", _l("høj")
    MEDIUM = "medium", _l("middel")
    LOW = "low", _l("lav")
    VERIFY = "verify", _l("skal tjekkes")
    ESTIMATE = "estimate", _l("anslået")
    NOT_APPLICABLE = "n/a", _l("ikke fundet")


RULE_WORDS: dict[str, Any] = {
    # what the rule is about
    "max duration per offer": _l("Længste varighed pr. tilbud"),
    "extension after concrete assessment": _l("Forlængelse efter en konkret vurdering"),
    "max duration, private employer": _l("Længste varighed, privat arbejdsgiver"),
    "max duration, public employer": _l("Længste varighed, offentlig arbejdsgiver"),
    "allowed": _l("Tilladt"),
    "max persons in praktik + løntilskud + nytteindsats": _l("Højst antal personer i praktik, løntilskud og "
                                                             "nytteindsats"),
    "additional persons": _l("Flere personer"),
    "written statement from employer and tillidsrepræsentant before start": _l(
        "Skriftlig udtalelse fra arbejdsgiver og tillidsrepræsentant før start"),
    "provisional uddannelsesparat period before final visitation": _l(
        "Foreløbig periode som uddannelsesparat før den endelige visitation"),
    "uddannelseshjælp abolished, replaced by kontanthjælp (mindstesats, grundsats, forhøjet sats, hjemmeboende "
    "sats + tillæg)": _l("Uddannelseshjælp er afskaffet og erstattet af kontanthjælp (mindstesats, grundsats, "
                         "forhøjet sats, hjemmeboende sats + tillæg)"),
    "beskæftigelsesreform phase 1 (jobcentre requirement abolished, more flexible contact and offers, "
    "ressourceforløb/revalidering abolished)": _l(
        "Beskæftigelsesreformens fase 1 (kravet om jobcentre afskaffes, mere fleksibel kontakt og flere slags "
        "tilbud, ressourceforløb og revalidering afskaffes)"),
    "new LAB main act expected": _l("En ny hovedlov for LAB ventes"),
    "no praktik at the young person's last employer until this many months after the job ended": _l(
        "Ingen praktik hos den unges seneste arbejdsgiver, før der er gået så mange måneder, efter jobbet sluttede"),
    "most weeks in praktik at the same company over all rounds": _l(
        "Højst så mange uger i praktik hos den samme virksomhed i alt"),
    "months over which a company's interns are counted for its load": _l(
        "Måneder, en virksomheds praktikanter tælles over"),
    "most interns in the load period per ordinary employee (a company counts as at least 1 employee)": _l(
        "Højst så mange praktikanter i perioden pr. almindelig ansat (en virksomhed tæller som mindst 1 ansat)"),
    "internships after which staff are warned when none led to education or a job": _l(
        "Antal praktikker, hvorefter medarbejderne advares, når ingen af dem førte til uddannelse eller job"),
    # whom it applies to
    "virksomhedspraktik; § 6 nr. 1, 2, 4 without any work experience": _l(
        "virksomhedspraktik; § 6 nr. 1, 2, 4 uden nogen erhvervserfaring"),
    "løntilskud; uddannelsesparate (and dagpenge/jobparate)": _l("løntilskud; uddannelsesparate (og "
                                                                 "dagpenge/jobparate)"),
    "employers with 0-50 ordinary employees": _l("arbejdsgivere med 0–50 almindelige ansatte"),
    "employers above 50 employees": _l("arbejdsgivere med over 50 ansatte"),
    "under-30 without education": _l("unge under 30 uden uddannelse"),
    "benefits": _l("ydelser"),
    "planning rounds and manual placements; a young person who recorded a last employer": _l(
        "planlægningsrunder og manuelle placeringer; unge, der har skrevet en seneste arbejdsgiver på"),
    "planning rounds and manual placements; every young person": _l(
        "planlægningsrunder og manuelle placeringer; alle unge"),
    "every company": _l("alle virksomheder"),
    "every young person": _l("alle unge"),
    "all LAB offers": _l("alle tilbud efter LAB"),
    # values that are words
    "false": _l("nej"),
    "true": _l("ja"),
    "required": _l("påkrævet"),
}
_RATIO = re.compile(r"(\+?)1 per (\d{1,3})(?: ordinary employees)?( beyond)?(?: \(always at least (\d{1,2})\))?")


def rule_words(text: str | None) -> str:
    """A rule file's text in the reader's language; anything else as it stands."""
    if not text:
        return ""
    ratio = _RATIO.fullmatch(text)
    if ratio is None:
        return str(RULE_WORDS.get(text, text))
    plus, per, beyond, minimum = ratio.groups()
    words = [plus + _("1 pr. %(per)s almindelige ansatte", per=per)]
    if beyond:
        words.append(_("derudover"))
    if minimum:
        words.append(_("(altid mindst %(minimum)s)", minimum=minimum))
    return " ".join(words)


def confidence_label(code: str | None) -> str:
    return label_of(Confidence, code)
