"""Company forms; registration itself lives in accounts.forms with the other new-account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired

from partnerhub.companies.models import CompanyStatus


class CompanyDecisionForm(FlaskForm):
    decision = SelectField(
        _l("Beslutning"),
        choices=[SelectChoice(CompanyStatus.APPROVED.value, _l("Godkend")),
                 SelectChoice(CompanyStatus.REJECTED.value, _l("Afvis"))],
        validators=[DataRequired()],
    )
