"""The web benchmark's traffic: 50 users mixing fair browsing, logins, profile edits, proposal review and the
dashboard. Accounts come from `flask bench-data`; every form post carries its CSRF token like a browser's.
Users are locust's FastHttpUser (geventhttpclient), so the load generator takes little of the CPU it shares."""

from __future__ import annotations

import os
import random
import re
import time
from urllib.parse import urlencode

from form_values import form_values  # bench/ is on the path: locust adds the locustfile's folder
from locust import FastHttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-partnerhub-2026")
YOUTH = int(os.environ.get("BENCH_YOUTH", "10000"))
COMPANIES = int(os.environ.get("BENCH_COMPANIES", "2000"))
THINK_MIN, THINK_MAX = (float(x) for x in os.environ.get("BENCH_THINK", "2,5").split(","))  # seconds between tasks
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LOGOUT_CSRF = re.compile(r'action="/log-ud"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"')
AREA_LINK = re.compile(r'href="(/messe/omraade/\d+)"')
BOOTH_LINK = re.compile(r'href="(/messe/virksomhed/\d+)"')
ROUND_LINK = re.compile(r'href="(/medarbejder/planlaegning/\d+)"')
PROPOSAL_LINK = re.compile(r'href="(/medarbejder/planlaegning/forslag/\d+)"')
SERVER_CPU = re.compile(r"cpu;dur=([0-9.]+)")
CPU_CSV = os.environ.get("BENCH_CPU_CSV")  # where the server's CPU ms per request go, per page (bench/web.py reads it)
SEARCHES = ["tomrer", "kok", "mekanikker", "dyr", "butik", "pleje", "el", "lager"]


def email(kind: str, number: int) -> str:
    return f"bench-{kind}-{number:05d}@partnerhub.invalid"


def post_form(client, path: str, name: str, values: dict) -> None:  # locust's FastHttpSession
    """A browser's form post; the fast client sends strings only, so the fields are encoded here."""
    client.post(path, name=name, data=urlencode(values, doseq=True),
                headers={"Content-Type": "application/x-www-form-urlencoded"})


class LoggedIn(FastHttpUser):
    """Logs in on start, and again when its session of 30–120 s is over, so logins run inside the measured time."""

    abstract = True
    wait_time = between(THINK_MIN, THINK_MAX)
    kind = ""
    count = 1

    def on_start(self) -> None:
        self.log_in()

    def log_in(self) -> None:
        page = self.client.get("/log-ind", name="/log-ind [GET]").text
        token = CSRF.search(page).group(1)
        post_form(self.client, "/log-ind", "/log-ind [POST login]",
                  {"csrf_token": token, "email": email(self.kind, random.randrange(self.count)), "password": PASSWORD})
        self.session_ends = time.monotonic() + random.uniform(30, 120)

    @task(1)
    def new_session(self) -> None:
        if time.monotonic() < self.session_ends:
            return
        token = LOGOUT_CSRF.search(self.client.get("/", name="/ [GET]").text).group(1)
        post_form(self.client, "/log-ud", "/log-ud [POST]", {"csrf_token": token})
        self.log_in()


class Visitor(FastHttpUser):
    """A young person at the fair without logging in."""

    weight = 4
    wait_time = between(THINK_MIN, THINK_MAX)

    @task(3)
    def hall(self) -> None:
        page = self.client.get("/messe", name="/messe").text
        areas = AREA_LINK.findall(page)
        if areas:
            area = self.client.get(random.choice(areas), name="/messe/omraade/<id>").text
            booths = BOOTH_LINK.findall(area)
            if booths:
                self.client.get(random.choice(booths), name="/messe/virksomhed/<id>")

    @task(1)
    def search(self) -> None:
        self.client.get(f"/messe?q={random.choice(SEARCHES)}", name="/messe?q=<søgning>")


class YoungPerson(LoggedIn):
    weight = 3
    kind, count = "ung", YOUTH

    @task(3)
    def home_and_plan(self) -> None:
        self.client.get("/ung", name="/ung")
        self.client.get("/ung/plan", name="/ung/plan")

    @task(1)
    def edit_profile(self) -> None:
        page = self.client.get("/ung/profil", name="/ung/profil [GET]").text
        values = form_values(page)
        values["interests"] = [f"Jeg vil gerne prøve noget med dyr og maskiner ({random.randint(1, 999)})."]
        post_form(self.client, "/ung/profil", "/ung/profil [POST]", values)


class Staff(LoggedIn):
    weight = 2
    kind, count = "staff", 20

    @task(2)
    def review_proposals(self) -> None:
        rounds = ROUND_LINK.findall(self.client.get("/medarbejder/planlaegning", name="/medarbejder/planlaegning").text)
        if not rounds:
            return
        page = self.client.get(random.choice(rounds), name="/medarbejder/planlaegning/<runde>").text
        proposals = PROPOSAL_LINK.findall(page)
        if proposals:
            self.client.get(random.choice(proposals), name="/medarbejder/planlaegning/forslag/<id>")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/medarbejder/resultater", name="/medarbejder/resultater")

    @task(1)
    def youth_list(self) -> None:
        self.client.get("/medarbejder/unge", name="/medarbejder/unge")


class CompanyHR(LoggedIn):
    weight = 1
    kind, count = "hr", COMPANIES

    @task
    def offers(self) -> None:
        self.client.get("/virksomhed", name="/virksomhed")
        self.client.get("/virksomhed/tilbud", name="/virksomhed/tilbud")


# The server's own CPU per request, from its Server-Timing header (SERVER_TIMING=1): counted, like locust's
# statistics, only once every user has started, and written per page when the run stops.
server_cpu_ms: dict[str, list[float]] = {}


@events.spawning_complete.add_listener
def _restart_cpu_figures(**_kwargs: object) -> None:
    server_cpu_ms.clear()


@events.request.add_listener
def _record_server_cpu(name: str, response: object = None, **_kwargs: object) -> None:
    headers = getattr(response, "headers", None) or {}
    found = SERVER_CPU.search(headers.get("Server-Timing", "") or "")
    if found:
        server_cpu_ms.setdefault(name, []).append(float(found.group(1)))


@events.quitting.add_listener
def _write_cpu_figures(**_kwargs: object) -> None:
    if CPU_CSV:
        with open(CPU_CSV, "w", encoding="utf-8") as out:
            out.write("name,requests,cpu_ms_total\n")
            for name, values in sorted(server_cpu_ms.items()):
                out.write(f'"{name}",{len(values)},{sum(values):.1f}\n')
