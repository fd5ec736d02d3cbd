"""Browser tests: the real app served on loopback, driven by Playwright in Debian's Chromium, checked with axe.

Never downloads a browser: without /usr/bin/chromium they skip locally and fail under CI=true.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.demo.service import seed_demo
from partnerhub.extensions import db
from tests.conftest import require_or_skip

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(tryfirst=True)  # before xdist's hook that reads the mark, also when this conftest loads first
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist (--dist loadgroup) the browser tests share one worker, so one live server and one Chromium."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def live_database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The live server's SQLite file, for a test that must add a row the demo data lacks (committed for real)."""
    return f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"


@pytest.fixture(scope="session")
def live_app(live_database_uri: str) -> Flask:
    """The app on a migrated SQLite file with demo data, with CSRF on as in production."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_uri, WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    return app


@pytest.fixture(autouse=True)
def _danish_again_after_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """A user who switches language while logged in keeps it on their account (as they should), so a test that
    browses a demo login in English would leave the next test's same login in English: every language choice is
    forgotten after each test."""
    yield
    if "live_app" not in request.fixturenames:
        return
    from partnerhub.accounts.models import User

    with request.getfixturevalue("live_app").app_context():
        db.session.execute(db.update(User).where(User.locale.is_not(None)).values(locale=None))
        db.session.commit()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """live_app served on loopback in a thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    require_or_skip(None if CHROMIUM.exists() else f"{CHROMIUM} findes ikke (apt-get install -y chromium)",
                    "Chromium")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def _page(browser, viewport: dict | None):
    # bypass_csp only in tests: axe is injected as a script, which the app's strict CSP would refuse.
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, new_page = _page(browser, None)
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, new_page = _page(browser, PHONE)
    yield new_page
    context.close()


_axe = Axe()


def assert_accessible(page) -> None:
    """Zero WCAG 2.1 A/AA violations from axe-core on the page as it is now."""
    page.wait_for_load_state("load")
    # resultTypes: only the violations come back with every node (the passes' nodes, thousands per page, are not
    # built, sent over CDP and parsed here); which rules run, and what they find, is the same.
    # axe is injected once per document (570 KB sent from here through the driver, and compiled, ~70 ms): a second
    # check of the same document (the next width of a phone check) runs the axe already there, on the DOM as it is.
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(_axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(document, options)", options)["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[node['target'] for node in v['nodes']][:3]}" for v in violations
    )
    assert violations == [], f"axe found violations on {page.url}:\n{summary}"


def log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/log-ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
