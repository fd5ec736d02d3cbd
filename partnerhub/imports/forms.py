"""The upload form: a file for the dry run, and the checked text carried to the real import."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from partnerhub.forms import PICK_ONE, LocalisedForm, choices
from partnerhub.i18n import lazy_gettext as _l

KINDS = [("companies", _l("Virksomheder")), ("youth", _l("Unge"))]


class UploadForm(LocalisedForm):
    kind = SelectField(_l("Hvad vil du importere?"), choices=choices(KINDS), validators=[DataRequired(PICK_ONE)])
    file = FileField(_l("CSV-fil"), description=_l("Komma eller semikolon som skilletegn. Første linje er "
                                                     "kolonnenavnene."))


class ConfirmForm(LocalisedForm):
    kind = HiddenField()
    csv_text = HiddenField()
