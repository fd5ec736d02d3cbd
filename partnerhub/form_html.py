"""Form fields write their HTML attributes with WTForms' own output, at a third of the CPU.

WTForms' `html_params` builds every attribute with `Markup('{k}="{v}"').format(...)`, markupsafe's escaping
formatter, and joins them with `Markup.join`. A form page writes a hundred or more of them (every town, trade area and
weekday of the profile form is an option or a checkbox with three or four attributes), a few ms of its CPU. The
function below escapes the same parts and joins them with plain str operations. tests/test_form_html.py compares it
with WTForms' own function (kept as WTFORMS_HTML_PARAMS) on generated input, so a WTForms upgrade that changes the
output fails there instead of changing the pages.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets import core

WTFORMS_HTML_PARAMS = core.html_params


def html_params(**kwargs: object) -> Markup:
    """WTForms' html_params: sorted by the given names, `class_` -> class, `data_x_y` -> data-x-y, True -> the bare
    name, False -> nothing, every name and value escaped and a value's double quotes as &quot;."""
    params = []
    for key, value in sorted(kwargs.items()):
        name = core.clean_key(key)
        if value is True:
            params.append(str(escape(name)))
        elif value is not False:
            params.append(f'{escape(name)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    # Every name and value in it is escaped above.
    return Markup(" ".join(params))  # noqa: S704  # nosec B704


def install() -> None:
    """WTForms reaches html_params three ways: most widgets look it up in their module on every call, the inputs and
    the button keep it as a static method, and a field's label takes it from the widgets package."""
    core.html_params = html_params  # type: ignore[assignment]
    widgets.html_params = html_params  # type: ignore[assignment]
    for widget in (core.Input, core.Button):  # every input widget inherits Input's
        widget.html_params = staticmethod(html_params)  # type: ignore[assignment]
