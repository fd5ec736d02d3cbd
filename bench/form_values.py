"""What a browser would post back for a page's first form: shared by the locust users and bench/page_cpu.py, and
kept free of locust, whose import patches the standard library with gevent (which would blur an in-process CPU
measurement)."""

from __future__ import annotations

from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The values a browser would send back for the first POST form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._done:
            return
        if tag == "form":
            action = a.get("action") or ""
            posts = (a.get("method") or "").lower() == "post"
            self._in_form = posts and "/sprog" not in action and "/log-ud" not in action
            return
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind not in ("submit", "checkbox", "radio") or "checked" in a:
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value") or "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_values(page: str) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(page)
    return parser.values
