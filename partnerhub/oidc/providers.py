"""The configured identity providers (one per audience) and the Authlib clients that talk to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app

from partnerhub.oidc.models import Audience

# What a broker sends when the operator did not say otherwise; every claim name is configuration (docs/operations.md).
DEFAULTS: dict[str, str] = {
    "scope": "openid profile email",
    "name_claim": "name",
    "email_claim": "email",
    "given_name_claim": "given_name",
    "family_name_claim": "family_name",
    "birthdate_claim": "birthdate",
    "cvr_claim": "dk:gov:saml:attribute:CvrNumberIdentifier",
    "company_name_claim": "dk:gov:saml:attribute:CvrOrganisationName",
    "groups_claim": "groups",
    "staff_groups": "",
    "admin_groups": "",
    "management_groups": "",
    "assurance_claim": "https://data.gov.dk/concept/core/nsis/loa",
    "assurance_levels": "Low,Substantial,High",
    "min_assurance": "Substantial",
}
EXTENSION_KEY = "partnerhub.oidc"


def _names(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Provider:
    """One audience's provider, with the claim names its broker uses."""

    audience: Audience
    issuer: str
    client_id: str
    client_secret: str | None
    scope: str
    acr_values: str | None
    label: str | None
    name_claim: str
    email_claim: str
    given_name_claim: str
    family_name_claim: str
    birthdate_claim: str
    cvr_claim: str
    company_name_claim: str
    groups_claim: str
    staff_groups: frozenset[str]
    admin_groups: frozenset[str]
    management_groups: frozenset[str]
    assurance_claim: str
    assurance_levels: tuple[str, ...]
    min_assurance: str | None

    @classmethod
    def from_options(cls, audience: str, options: dict[str, str]) -> Provider:
        values = {**DEFAULTS, **options}
        if not values.get("client_id"):
            raise RuntimeError(f"OIDC_{audience.upper()}_CLIENT_ID mangler – udbyderen kan ikke bruges uden.")
        levels = tuple(level.strip().lower() for level in values["assurance_levels"].split(",") if level.strip())
        minimum = (values["min_assurance"] or "").strip().lower() or None
        if minimum is not None and minimum not in levels:
            raise RuntimeError(f"OIDC_{audience.upper()}_MIN_ASSURANCE={minimum!r} er ikke et af {levels}.")
        return cls(
            audience=Audience(audience), issuer=values["issuer"].rstrip("/"), client_id=values["client_id"],
            client_secret=values.get("client_secret"), scope=values["scope"], acr_values=values.get("acr_values"),
            label=values.get("label"),
            **{key: values[key] for key in ("name_claim", "email_claim", "given_name_claim", "family_name_claim",
                                            "birthdate_claim", "cvr_claim", "company_name_claim", "groups_claim",
                                            "assurance_claim")},
            staff_groups=_names(values["staff_groups"]), admin_groups=_names(values["admin_groups"]),
            management_groups=_names(values["management_groups"]),
            assurance_levels=levels, min_assurance=minimum,
        )

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def assurance_rank(self, level: object) -> int:
        """-1 for a missing or unknown level, so it never counts as enough."""
        text = str(level).strip().lower() if level is not None else ""
        return self.assurance_levels.index(text) if text in self.assurance_levels else -1

    def assurance_enough(self, level: object) -> bool:
        if self.min_assurance is None:
            return True
        return self.assurance_rank(level) >= self.assurance_levels.index(self.min_assurance)


def init_app(app: Flask) -> None:
    """Each app gets its own Authlib registry: provider metadata and keys are cached per app, never shared."""
    oauth = OAuth(app)
    providers = {}
    for audience, options in app.config["OIDC_PROVIDERS"].items():
        provider = Provider.from_options(audience, options)
        oauth.register(
            str(provider.audience), client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={"scope": provider.scope, "code_challenge_method": "S256",
                           "default_timeout": app.config["OIDC_HTTP_TIMEOUT_SECONDS"]},
        )
        providers[provider.audience] = provider
    app.extensions[EXTENSION_KEY] = {"oauth": oauth, "providers": providers}


def configured() -> dict[Audience, Provider]:
    return current_app.extensions[EXTENSION_KEY]["providers"]


def provider_for(audience: Audience) -> Provider | None:
    return configured().get(audience)


def client_for(audience: Audience) -> FlaskOAuth2App:
    return current_app.extensions[EXTENSION_KEY]["oauth"].create_client(str(audience))


def claims_options(provider: Provider) -> dict[str, Any]:
    """The ID token must come from this issuer, for this client, with a subject and an expiry (OIDC Core 3.1.3.7)."""
    return {
        "iss": {"essential": True, "values": [provider.issuer]},
        "aud": {"essential": True, "values": [provider.client_id]},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
