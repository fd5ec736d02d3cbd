"""WTForms' own messages in Danish.

WTForms ships catalogues for thirty languages but not Danish, so on a Danish page every message we did not write
ourselves ("Field cannot be longer than 200 characters.", "Not a valid choice.", a CSRF error) came out in English.
`LocalisedForm` (partnerhub.forms) hands WTForms this catalogue on Danish pages and Flask-WTF's own on the others.
"""

from __future__ import annotations

from typing import Any

from flask_wtf.i18n import translations as flask_wtf_translations

from partnerhub.i18n import get_locale

DANISH: dict[str, str] = {
    "This field is required.": "Udfyld feltet.",
    "Invalid input.": "Det, du skrev, kan ikke bruges.",
    "Invalid email address.": "Skriv en gyldig e-mailadresse.",
    "Invalid URL.": "Skriv en gyldig webadresse.",
    "Field must be between %(min)d and %(max)d characters long.": "Skriv mellem %(min)d og %(max)d tegn.",
    "Field must be equal to %(other_name)s.": "Skal være det samme som i %(other_name)s.",
    "Number must be at least %(min)s.": "Skriv et tal på mindst %(min)s.",
    "Number must be at most %(max)s.": "Skriv et tal på højst %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Skriv et tal mellem %(min)s og %(max)s.",
    "Date must be at least %(min)s.": "Datoen skal være %(min)s eller senere.",
    "Date must be at most %(max)s.": "Datoen skal være %(max)s eller tidligere.",
    "Date must be between %(min)s and %(max)s.": "Datoen skal ligge mellem %(min)s og %(max)s.",
    "Invalid value, must be one of: %(values)s.": "Vælg en af disse: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Det må ikke være en af disse: %(values)s.",
    "This field cannot be edited.": "Feltet kan ikke ændres.",
    "This field is disabled and cannot have a value.": "Feltet er slået fra og kan ikke udfyldes.",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Choices cannot be None.": "Vælg en af mulighederne.",
    "Not a valid integer value.": "Skriv et helt tal.",
    "Not a valid decimal value.": "Skriv et tal.",
    "Not a valid float value.": "Skriv et tal.",
    "Not a valid date value.": "Skriv en dato.",
    "Not a valid datetime value.": "Skriv en dato og et klokkeslæt.",
    "Not a valid time value.": "Skriv et klokkeslæt.",
    "Not a valid week value.": "Skriv en uge.",
    "'%(value)s' is not a valid choice for this field.": "»%(value)s« er ikke en af mulighederne.",
    "The CSRF token is missing.": "Siden mangler sin sikkerhedskode. Genindlæs siden, og prøv igen.",
    "The CSRF session token is missing.": "Siden mangler sin sikkerhedskode. Genindlæs siden, og prøv igen.",
    "Invalid CSRF Token.": "Sikkerhedskoden passer ikke. Genindlæs siden, og prøv igen.",
    "The CSRF token is invalid.": "Sikkerhedskoden passer ikke. Genindlæs siden, og prøv igen.",
    "The CSRF token has expired.": "Siden har været åben for længe. Genindlæs den, og prøv igen.",
    "The CSRF tokens do not match.": "Sikkerhedskoden passer ikke. Genindlæs siden, og prøv igen.",
}

# ngettext pairs, keyed by the English singular: (Danish singular, Danish plural).
DANISH_PLURALS: dict[str, tuple[str, str]] = {
    "Field must be at least %(min)d character long.": ("Skriv mindst %(min)d tegn.", "Skriv mindst %(min)d tegn."),
    "Field cannot be longer than %(max)d character.": ("Skriv højst %(max)d tegn.", "Skriv højst %(max)d tegn."),
    "'%(value)s' is not a valid choice for this field.": ("»%(value)s« er ikke en af mulighederne.",
                                                          "»%(value)s« er ikke blandt mulighederne."),
}


class DanishWTForms:
    """The translations object WTForms asks (gettext/ngettext) on a Danish page."""

    def gettext(self, string: str) -> str:
        return DANISH.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = DANISH_PLURALS.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        return forms[0] if n == 1 else forms[1]


DANISH_WTFORMS = DanishWTForms()


def wtforms_translations() -> Any:
    """WTForms' messages in the page's language: ours for Danish, Flask-WTF's (WTForms' catalogues) otherwise."""
    locale = get_locale()
    if locale is not None and locale.language == "da":
        return DANISH_WTFORMS
    return flask_wtf_translations
