"""The placement agreement as a PDF, made with fpdf2 and an embedded DejaVu Sans (shipped in planning/fonts with its
licence), so Danish letters and typographic characters print the same on every machine, whatever fonts it has."""

from __future__ import annotations

from pathlib import Path

from flask_babel import format_datetime
from fpdf import FPDF

from partnerhub.i18n import gettext as _
from partnerhub.planning.models import PlacementAgreement
from partnerhub.planning.services.agreements import current_signatures, latest_deadline, required_parties, sections
from partnerhub.planning.services.appeals import guidance

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVuSans"


def agreement_pdf(agreement: PlacementAgreement, *, for_company: bool = False) -> bytes:
    """The same content as the printable page: the sections, the signatures and (for the young person and staff)
    the klagevejledning."""
    pdf = FPDF(format="A4")
    pdf.set_title(_("Praktikaftale"))
    pdf.set_creator("PartnerHub")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, _("Praktikaftale"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 5, _("Hedensted Kommune, Ungeenheden"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for heading, text in sections(agreement, for_company=for_company):
        _block(pdf, heading, text)
    _heading(pdf, _("Underskrifter"))
    signed = current_signatures(agreement)
    for party in required_parties(agreement):
        signature = signed.get(party)
        line = (_("%(party)s: %(name)s, %(when)s", party=party.label, name=signature.signer_name or "",
                  when=format_datetime(signature.signed_at, "dd.MM.yyyy HH:mm")) if signature
                else _("%(party)s: mangler", party=party.label))
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    if for_company:
        return bytes(pdf.output())
    pdf.ln(2)
    _heading(pdf, _("Klagevejledning"))
    for paragraph in guidance(latest_deadline(agreement)):
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)


def _block(pdf: FPDF, heading: str, text: str) -> None:
    _heading(pdf, heading)
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
