"""A tiny OpenID provider the tests control: the signing key, the token's times, audience and claims.

oidc-provider-mock always signs correctly and lets nobody change exp or aud; the refusals that need a misbehaving
provider (bad signature, expired token, wrong audience, key rotation) use this one. The app talks to it over HTTP on
loopback exactly as to a broker: discovery, authorisation, token endpoint (with PKCE checked), JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class Behaviour:
    """What the next tokens look like; tests change it between logins."""

    claims: dict = field(default_factory=dict)
    exp_offset: int = 300
    iat_offset: int = 0
    audience: str | None = None  # None: the client's own id
    sign_with_unpublished_key: bool = False
    omit: tuple[str, ...] = ()
    metadata_issuer: str | None = None  # None: the real issuer


class OwnProvider:
    def __init__(self) -> None:
        self.keys = [new_key("key-1")]
        self.rotations = 0
        self.behaviour = Behaviour()
        self.codes: dict[str, dict] = {}
        self.jwks_fetches = 0
        self.issuer = ""
        self.app = self._build()

    def rotate_key(self) -> None:
        """The provider starts signing with a new key and publishes only that one, as after a rotation. Each new key
        has a key id never used before: the provider lives for the whole session, and an app that cached an earlier
        key under the same id would rightly not fetch the keys again."""
        self.rotations += 1
        self.keys = [new_key(f"key-{self.rotations + 1}")]

    def _id_token(self, client_id: str, nonce: str | None, subject: str) -> str:
        now = int(time.time())
        behaviour = self.behaviour
        claims = {"iss": self.issuer, "sub": subject, "aud": behaviour.audience or client_id,
                  "iat": now + behaviour.iat_offset, "exp": now + behaviour.exp_offset, **behaviour.claims}
        if nonce:
            claims["nonce"] = nonce
        for name in behaviour.omit:
            claims.pop(name, None)
        # A forger's key carries the published key's id, so only the signature itself can give it away.
        key = new_key(self.keys[0].kid) if behaviour.sign_with_unpublished_key else self.keys[0]
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def _build(self) -> Flask:
        app = Flask("own_provider")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            base = self.issuer
            return jsonify({"issuer": self.behaviour.metadata_issuer or base,
                            "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                            "jwks_uri": f"{base}/jwks",
                            "end_session_endpoint": f"{base}/logout", "response_types_supported": ["code"],
                            "subject_types_supported": ["pairwise"], "id_token_signing_alg_values_supported": ["RS256"],
                            "code_challenge_methods_supported": ["S256"]})

        @app.get("/jwks")
        def jwks():
            self.jwks_fetches += 1
            return jsonify(KeySet(self.keys).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            """Signs in at once (the person has a session here) as the subject in login_hint, or 'subject-1'."""
            args = request.args
            if args.get("response_type") != "code" or args.get("code_challenge_method") != "S256":
                abort(400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"client_id": args["client_id"], "redirect_uri": args["redirect_uri"],
                                "challenge": args["code_challenge"], "nonce": args.get("nonce"),
                                "subject": args.get("login_hint", "subject-1")}
            return redirect(f"{args['redirect_uri']}?{urlencode({'code': code, 'state': args['state']})}")

        @app.post("/token")
        def token():
            form = request.form
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None:
                return jsonify({"error": "invalid_grant"}), 400
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            client_id = request.authorization.username if request.authorization else form.get("client_id")
            if challenge != grant["challenge"] or client_id != grant["client_id"] or \
                    form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify({"error": "invalid_grant"}), 400
            return jsonify({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                            "id_token": self._id_token(client_id, grant["nonce"], grant["subject"])})

        @app.get("/logout")
        def logout():
            return redirect(request.args["post_logout_redirect_uri"])

        return app


@contextmanager
def serve(wsgi_app, host: str = "127.0.0.1") -> Iterator[str]:
    """Serves a WSGI app on a free loopback port in a thread; yields its base URL."""
    server = make_server(host, 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
