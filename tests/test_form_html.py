"""Form fields' HTML attributes are written exactly as WTForms writes them (partnerhub/form_html.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms import Form, SelectField, widgets
from wtforms.widgets import core

from partnerhub import form_html
from partnerhub.forms import choices
from tests.conftest import QUICK_FUZZ

NAMES = st.from_regex(r"\A(data_|aria_)?[a-z][a-z_<>&\"']{0,8}_?\Z")
TEXT = st.text(alphabet=st.sampled_from('ab <>&"\'=æ\x00é'), max_size=12)
VALUES = st.one_of(st.booleans(), st.none(), st.integers(), st.floats(allow_nan=False), TEXT, TEXT.map(Markup))


@settings(max_examples=100 if QUICK_FUZZ else 2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(NAMES, VALUES, max_size=6))
def test_the_attributes_are_wtforms_own(attributes: dict[str, object]) -> None:
    ours, theirs = form_html.html_params(**attributes), form_html.WTFORMS_HTML_PARAMS(**attributes)
    assert isinstance(ours, Markup) and str(ours) == str(theirs)


def test_the_app_renders_form_fields_with_it(app) -> None:
    class TownForm(Form):
        town = SelectField("By", choices=choices([("1", 'By "Ø" <1>'), ("2", "Ry")]), default="1")

    assert core.html_params is widgets.html_params is core.Input.html_params is core.Button.html_params \
        is form_html.html_params
    assert str(TownForm().town(class_="wide", data_x_y='"')) == (
        '<select class="wide" data-x-y="&#34;" id="town" name="town"><option selected value="1">By &#34;Ø&#34; '
        '&lt;1&gt;</option><option value="2">Ry</option></select>')
