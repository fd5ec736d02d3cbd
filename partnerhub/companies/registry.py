"""Company facts from the CVR register, so nobody types what the state already knows.

`CompanyRegistry` is the adapter: the CVR register's GraphQL service at Datafordeleren when CVR_REGISTRY_URL is set,
otherwise a small recorded sample shipped in partnerhub/companies/data (development and tests: no network).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import requests
from flask import current_app

from partnerhub.forms import is_valid_cvr

log = logging.getLogger(__name__)
SAMPLE_FILE = Path(__file__).parent / "data" / "cvr_sample.json"

# Two small queries against the CVR v2 schema: the unit for the CVR number, then its current name, address and
# employment figure. Datafordeleren's string filters are eq/in only, which is all a lookup by number needs.
UNIT_QUERY = """
query Enhed($cvr: Long!) {
  CVR_Virksomhed(first: 1, where: {CVRNummer: {eq: $cvr}}) { nodes { id CVRNummer } }
}
"""
FACTS_QUERY = """
query Fakta($id: String!) {
  CVR_Navn(first: 1, where: {CVREnhedsId: {eq: $id}}) { nodes { vaerdi } }
  CVR_Adressering(first: 1, where: {CVREnhedsId: {eq: $id}}) {
    nodes { CVRAdresse_vejnavn CVRAdresse_husnummerFra CVRAdresse_postnummer CVRAdresse_postdistrikt }
  }
  CVR_Beskaeftigelse(first: 1, where: {CVREnhedsId: {eq: $id}}) { nodes { antalAnsatte } }
}
"""


@dataclass(frozen=True)
class CompanyFacts:
    cvr: str
    name: str
    address: str | None
    employees: int | None


class RegistryUnavailable(Exception):
    """The register did not answer usefully; the form still works, the person types the facts themselves."""


class CompanyRegistry(Protocol):
    def lookup(self, cvr: str) -> CompanyFacts | None:
        """The facts for a valid CVR number, None if the register has no such company."""


def _whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class OfflineRegistry:
    """The recorded sample: the same facts every time, for `make run` and the tests."""

    def __init__(self, path: Path = SAMPLE_FILE) -> None:
        rows = json.loads(path.read_text(encoding="utf-8"))["companies"]
        self._facts = {
            row["cvr"]: CompanyFacts(cvr=row["cvr"], name=row["name"], address=row.get("address"),
                                     employees=_whole_number(row.get("employees")))
            for row in rows
        }

    def lookup(self, cvr: str) -> CompanyFacts | None:
        return self._facts.get(cvr)


class GraphQLRegistry:
    """Datafordeleren's CVR GraphQL endpoint; the API key goes as the `apiKey` parameter, as the service asks."""

    def __init__(self, url: str, api_key: str | None, timeout: float) -> None:
        self.url, self.api_key, self.timeout = url, api_key, timeout

    def _query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        try:
            response = requests.post(self.url, params={"apiKey": self.api_key} if self.api_key else None,
                                     json={"query": query, "variables": variables}, timeout=self.timeout)
            response.raise_for_status()
            body = response.json()
        except (requests.RequestException, ValueError) as error:
            raise RegistryUnavailable(type(error).__name__) from error
        if not isinstance(body, dict) or body.get("errors") or not isinstance(body.get("data"), dict):
            raise RegistryUnavailable("graphql_errors")
        return body["data"]

    @staticmethod
    def _first(data: dict[str, Any], root: str) -> dict[str, Any]:
        nodes = (data.get(root) or {}).get("nodes") or []
        return nodes[0] if nodes and isinstance(nodes[0], dict) else {}

    def lookup(self, cvr: str) -> CompanyFacts | None:
        unit = self._first(self._query(UNIT_QUERY, {"cvr": int(cvr)}), "CVR_Virksomhed")
        if not unit.get("id"):
            return None
        data = self._query(FACTS_QUERY, {"id": str(unit["id"])})
        name = self._first(data, "CVR_Navn").get("vaerdi")
        if not isinstance(name, str) or not name.strip():
            return None
        place = self._first(data, "CVR_Adressering")
        street = " ".join(str(place[key]) for key in ("CVRAdresse_vejnavn", "CVRAdresse_husnummerFra")
                          if place.get(key))
        town = " ".join(str(place[key]) for key in ("CVRAdresse_postnummer", "CVRAdresse_postdistrikt")
                        if place.get(key))
        address = ", ".join(part for part in (street, town) if part) or None
        employees = _whole_number(self._first(data, "CVR_Beskaeftigelse").get("antalAnsatte"))
        return CompanyFacts(cvr=cvr, name=name.strip()[:160], address=address and address[:160], employees=employees)


def registry() -> CompanyRegistry:
    config = current_app.config
    if config["CVR_REGISTRY_URL"]:
        return GraphQLRegistry(config["CVR_REGISTRY_URL"], config["CVR_REGISTRY_API_KEY"],
                               config["CVR_REGISTRY_TIMEOUT_SECONDS"])
    sample = config["CVR_REGISTRY_SAMPLE_FILE"]
    return OfflineRegistry(Path(sample)) if sample else OfflineRegistry()


def look_up(cvr: str) -> tuple[CompanyFacts | None, bool]:
    """(facts, reachable): a register that does not answer is logged and reported, never an error page."""
    if not is_valid_cvr(cvr):
        return None, True
    try:
        return registry().lookup(cvr), True
    except RegistryUnavailable as error:
        log.warning("CVR-registret svarede ikke brugbart (%s)", error)
        return None, False
