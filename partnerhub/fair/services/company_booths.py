"""A company's own booth: its pitch, its photos (checked by their own bytes), who may see it, and its QR code."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import IO

import segno
from flask import current_app
from flask_login import AnonymousUserMixin

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.fair.models import ICON_KEYS, BoothPhoto, CompanyBooth
from partnerhub.fair.services.common import FairError
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow

PHOTO_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def booth_of(company: Company) -> CompanyBooth:
    """The booth, created empty the first time HR opens the editor."""
    if company.booth is None:
        company.booth = CompanyBooth(company_id=company.id)
        db.session.flush()
    return company.booth


def save_booth(actor: User, company: Company, *, pitch: str | None, tasks_description: str | None,
               icon: str | None) -> CompanyBooth:
    """What a young person would do is the company's own field, so the matcher reads the same words as the booth."""
    booth = booth_of(company)
    booth.pitch = (pitch or "").strip() or None
    booth.icon = icon if icon in ICON_KEYS else None
    booth.updated_at = utcnow()
    company.tasks_description = (tasks_description or "").strip() or None
    db.session.flush()
    record(actor, "fair_booth_saved", object_type="company", object_id=company.id)
    return booth


def _sniff_image(head: bytes) -> str | None:
    """The type from the file's own first bytes; the browser's claimed type and the file name are not trusted."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo_dir() -> Path:
    return Path(current_app.config["FAIR_PHOTO_DIR"])


def add_photo(actor: User, company: Company, stream: IO[bytes], *, alt_text: str) -> BoothPhoto:
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise FairError(_("Skriv, hvad billedet viser, så blinde og svagtseende også får det med."))
    booth = booth_of(company)
    if len(booth.photos) >= current_app.config["FAIR_PHOTOS_PER_BOOTH"]:
        raise FairError(_("I kan have højst %(n)d billeder. Slet et, før I lægger et nyt op.",
                          n=current_app.config["FAIR_PHOTOS_PER_BOOTH"]))
    limit = current_app.config["FAIR_PHOTO_MAX_BYTES"]
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise FairError(_("Billedet er for stort. Det må højst fylde %(mb)s MB.", mb=f"{limit / 1_000_000:g}"))
    content_type = _sniff_image(content[:16])
    if content_type is None or not content:
        raise FairError(_("Vi kan kun bruge billeder i PNG, JPEG eller WebP."))
    folder = photo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + PHOTO_TYPES[content_type]
    (folder / stored_name).write_bytes(content)
    photo = BoothPhoto(booth=booth, stored_name=stored_name, content_type=content_type, alt_text=alt_text[:200],
                       size_bytes=len(content))
    db.session.add(photo)
    db.session.flush()
    record(actor, "fair_photo_added", object_type="company", object_id=company.id, detail={"photo_id": photo.id})
    return photo


def photo_bytes(photo: BoothPhoto) -> bytes | None:
    """Read whole (photos are at most a few MB), so no open file outlives the request."""
    path = photo_dir() / photo.stored_name
    return path.read_bytes() if path.is_file() else None


def photo_of(company: Company, photo_id: int) -> BoothPhoto | None:
    """Ownership by query: another company's photo id simply is not found."""
    booth = company.booth
    return next((p for p in booth.photos if p.id == photo_id), None) if booth else None


def remove_photo(actor: User, company: Company, photo: BoothPhoto) -> None:
    if photo.booth.company_id != company.id:
        raise PermissionError("not this company's photo")
    record(actor, "fair_photo_removed", object_type="company", object_id=company.id, detail={"photo_id": photo.id})
    path = photo_dir() / photo.stored_name
    db.session.delete(photo)
    db.session.flush()
    path.unlink(missing_ok=True)


def may_see_booth(viewer: User | AnonymousUserMixin, company: Company) -> bool:
    """Everyone sees approved booths; HR previews its own, and staff see any, before approval."""
    if company.is_approved:
        return True
    if not viewer.is_authenticated or not isinstance(viewer, User):
        return False
    return viewer.role in (Role.STAFF, Role.ADMIN) or (viewer.role is Role.COMPANY and viewer.company_id == company.id)


def qr_svg(url: str, *, title: str | None = None) -> str:
    """A QR code as a standalone SVG document, made on the server: no CDN, and it prints sharply at any size."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=4, xmldecl=True, svgns=True, title=title, nl=False,
              dark="#000", light="#fff")
    return buffer.getvalue().decode("utf-8")
