"""The praktikseddel (the internship slip): one content for the printable page and the PDF, for the pupil, the
school and the company. The PDF uses fpdf2 with the DejaVu Sans shipped in planning/fonts, as the agreement does."""

from __future__ import annotations

from fpdf import FPDF

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.i18n import gettext as _
from partnerhub.planning.services.agreement_pdf import FAMILY, FONTS
from partnerhub.tasters.models import BookingStatus, TasterBooking
from partnerhub.tasters.services.consent import plan


def insurance_note() -> str:
    """The one place the insurance sentence lives (data/young_worker_rules.csv, erhvervspraktik_right)."""
    return _("Eleven er forsikret gennem Statens Erstatningsordning for elever i erhvervspraktik, når praktiksedlen "
             "er afleveret til skolens vejleder. Eleven får ikke løn og må ikke erstatte en ansat.")


def available(booking: TasterBooking) -> bool:
    return booking.status is BookingStatus.APPROVED


def sections(booking: TasterBooking) -> list[tuple[str, str]]:
    facts = plan(booking)
    coordinators = ", ".join(f"{user.name} ({user.email})" for user in booking.pupil.school.coordinators)
    return [
        (_("Elev"), _("%(pupil)s, %(class)s, %(school)s", pupil=facts.pupil, **{"class": facts.school_class},
                      school=facts.school)),
        (_("Virksomhed"), f"{facts.company}, {facts.address}"),
        (_("Datoer"), _("Fra %(start)s til %(end)s: %(days)s", start=facts.starts_on, end=facts.ends_on,
                        days=facts.days)),
        (_("Arbejdstid"), _("Kl. %(hours)s hver dag", hours=facts.hours)),
        (_("Opgaver"), facts.tasks),
        (_("Medbring"), facts.bring),
        (_("Kontaktperson hos virksomheden"), facts.contact),
        (_("Kontaktperson på skolen"), coordinators or "–"),
        (_("Regler for unge under 18"), _("Højst %(day)d timer om dagen og %(week)d timer om ugen, aldrig mellem "
                                          "kl. %(start)d og kl. %(end)d.", day=facts.max_hours_day,
                                          week=facts.max_hours_week, start=facts.no_work_from,
                                          end=facts.no_work_until)),
        (_("Forsikring"), insurance_note()),
    ]


def viewed(actor: User, booking: TasterBooking) -> list[tuple[str, str]]:
    record(actor, "taster_seddel_viewed", object_type="taster_booking", object_id=booking.id,
           subject_user_id=booking.pupil.user_id)
    return sections(booking)


def seddel_pdf(actor: User, booking: TasterBooking) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_("Praktikseddel"))
    pdf.set_creator("PartnerHub")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, _("Praktikseddel – erhvervspraktik"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 5, _("Hedensted Kommune, Ungeenheden"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for heading, text in viewed(actor, booking):
        pdf.set_font(FAMILY, "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
