"""The matcher's progress page: no meta refresh (axe's critical meta-refresh), a status line that is a live region and
changes in place when the run ends, and an "Opdatér" button that does the same without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from partnerhub.demo.service import DEMO_PASSWORD, DEMO_ROUND_NAME
from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.jobs.service import move
from partnerhub.planning.models import PlanningRound
from partnerhub.planning.services.rounds import JOB_KIND
from tests.browser.conftest import assert_accessible, log_in

STAFF = "medarbejder@demo.partnerhub.dk"


@pytest.fixture
def running_job(live_app: Flask) -> Iterator[tuple[str, int]]:
    """A matcher run that a worker has started (no heartbeat yet, so nobody declares it dead)."""
    with live_app.app_context():
        round_ = db.session.scalar(db.select(PlanningRound).where(PlanningRound.name == DEMO_ROUND_NAME))
        job = BackgroundJob(kind=JOB_KIND, payload={"round_id": round_.id}, progress=0.4, stage="scoring")
        db.session.add(job)
        db.session.flush()
        move(job, JobStatus.RUNNING)
        job.heartbeat_at = None
        db.session.commit()
        path = f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}"
        job_id = job.id
    yield path, job_id


def _finish(live_app: Flask, job_id: int) -> None:
    with live_app.app_context():
        job = db.session.get(BackgroundJob, job_id)
        job.progress = 1.0
        move(job, JobStatus.SUCCEEDED)
        db.session.commit()


def _easy_read(page, base: str, on: bool) -> None:
    page.goto(base + "/messe")
    switch = page.locator(".easy-switch button")
    if (switch.get_attribute("aria-pressed") == "true") != on:
        switch.click()
        page.wait_for_load_state("load")


@pytest.mark.parametrize("easy", [False, True], ids=["plain", "easy-read"])
def test_progress_updates_in_place_through_a_live_region(page, live_app: Flask, live_server: str, running_job,
                                                         easy: bool) -> None:
    path, job_id = running_job
    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    _easy_read(page, live_server, easy)
    page.goto(live_server + path)
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    status = page.locator("#job-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith("Arbejder")
    assert page.get_by_text("Siden opdaterer sig selv hvert andet sekund.").is_visible()
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")
    _finish(live_app, job_id)
    page.wait_for_function("document.getElementById('job-status').textContent.includes('Færdig')", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True, "the page reloaded instead of updating in place"
    assert status.get_attribute("role") == "status"
    assert page.get_by_role("link", name="Se forslagene").is_visible()
    assert_accessible(page)


def test_without_javascript_the_button_refreshes(browser, live_app: Flask, live_server: str, running_job) -> None:
    path, job_id = running_job
    context = browser.new_context(java_script_enabled=False, locale="da-DK", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server, STAFF, DEMO_PASSWORD)
        page.wait_for_url(re.compile(r"/medarbejder$"))
        page.goto(live_server + path)
        assert page.locator("#job-status").inner_text().startswith("Arbejder")
        assert not page.get_by_text("Siden opdaterer sig selv hvert andet sekund.").is_visible()  # no false promise
        _finish(live_app, job_id)
        page.get_by_role("button", name="Opdatér").click()
        page.wait_for_load_state("load")
        assert page.locator("#job-status").inner_text() == "Færdig. Forslagene er klar."
    finally:
        context.close()
