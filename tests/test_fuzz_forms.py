"""Hostile input to every form: no 5xx, and nothing typed comes back as live markup.

Forms are found by rendering every GET page in the access matrix as a role that may see it, so a new form is
fuzzed without anyone remembering to add it here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import QUICK_FUZZ
from tests.test_access_matrix import ANON, MATRIX, objects, session_cookies  # noqa: F401 - fixtures

SCRIPT_MARKER = "<script>alert('pwned')</script>"
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from([
        SCRIPT_MARKER,
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE users; --",
        "1 OR 1=1",
        "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
        "\u202e\u0000\ufeff",
        "x" * 5000,
        "-1",
        "99999999999999999999999",
        "2147483648",
        "1e308",
        "NaN",
        "",
        " ",
        "[]",
        "{}",
    ]),
)
SKIP_FIELDS = {"csrf_token"}
EXAMPLES_PER_FORM = 4 if QUICK_FUZZ else 12  # hostile posts per form; 4 under TEST_FUZZ=quick (make test-fast)
# Posting these would end the session or change the language mid-run; both are tested elsewhere.
SKIP_ACTIONS = ("/log-ud", "/sprog")


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._current = {"action": attributes.get("action") or "", "fields": []}
            self.forms.append(self._current)
        elif tag in {"input", "textarea", "select"} and self._current is not None:
            name = attributes.get("name")
            if name and name not in SKIP_FIELDS and name not in self._current["fields"]:
                self._current["fields"].append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _forms_on(page: str, page_url: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(page)
    forms = []
    for form in parser.forms:
        action = form["action"] or page_url
        if not action.startswith(SKIP_ACTIONS):
            forms.append({"action": action, "fields": form["fields"]})
    return forms


def _viewer(route) -> str:
    allowed = sorted(route.allowed)
    return ANON if ANON in allowed else allowed[0]


GET_PAGES = sorted(endpoint for endpoint, route in MATRIX.items() if route.method == "GET")


@pytest.mark.parametrize("endpoint", GET_PAGES)
def test_forms_survive_hostile_input(endpoint: str, app, client, objects: dict,  # noqa: F811
                                     session_cookies: dict[str, str]) -> None:  # noqa: F811
    route = MATRIX[endpoint]
    role = _viewer(route)
    if role != ANON:
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookies[role])
    page_url = route.url(objects)
    response = client.get(page_url)
    assert response.status_code < 500
    assert role == ANON or "/log-ind" not in response.headers.get("Location", ""), "the role's session was refused"
    if response.mimetype != "text/html":
        return  # an image (a booth photo, a QR code) has no forms
    forms = _forms_on(response.get_data(as_text=True), page_url)
    if not forms:
        return  # a page without a form of its own: rendering it without error is all there is to check

    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=st.data())
    def post_hostile(data: st.DataObject) -> None:
        for form in forms:
            values = {name: data.draw(HOSTILE_TEXT, label=name) for name in form["fields"]}
            response = client.post(form["action"], data=values)
            assert response.status_code < 500, f"{form['action']} with {values!r}"
            body = response.get_data(as_text=True)
            assert SCRIPT_MARKER not in body, f"{form['action']} echoed script unescaped"
            assert re.search(r"<img src=x onerror", body) is None

    post_hostile()
