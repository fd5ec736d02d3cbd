"""Issue 14: staff approving a company mail the company through the outbox, with links from PUBLIC_URL."""

from __future__ import annotations

from partnerhub.companies.models import CompanyStatus
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from tests import factories

PUBLIC = "https://partnerhub.hedensted.example"


def _mails() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_approving_a_company_mails_its_hr_users_in_their_language_with_public_links(
        app, client, login_as, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    company = factories.CompanyFactory(name="Snedker Sørensen ApS", status=CompanyStatus.PENDING)
    danish = factories.UserFactory(role=Role.COMPANY, company=company, email="hr@snedker.example", name="Hanne")
    english = factories.UserFactory(role=Role.COMPANY, company=company, email="en@snedker.example", name="John",
                                    locale="en")
    factories.UserFactory(role=Role.COMPANY, company=company, email="gone@snedker.example", active=False)
    login_as(Role.STAFF)
    response = client.post(f"/medarbejder/virksomheder/{company.id}", data={"decision": "approved"})
    assert response.status_code == 302
    mails = {m.recipient: m for m in _mails()}
    assert set(mails) == {danish.email, english.email}  # not the HR user who has left
    da = mails[danish.email]
    assert da.subject == "Snedker Sørensen ApS er godkendt i PartnerHub" and da.recipient_user_id == danish.id
    assert "Hej Hanne" in da.body and "Ungeenheden har godkendt Snedker Sørensen ApS" in da.body
    assert f"{PUBLIC}/virksomhed/kapacitet" in da.body and f"{PUBLIC}/log-ind" in da.body
    en = mails[english.email]
    assert en.subject == "Snedker Sørensen ApS is approved in PartnerHub" and "Hello John" in en.body


def test_a_company_without_a_login_gets_the_mail_at_its_contact_address(app, client, login_as) -> None:
    company = factories.CompanyFactory(name="Telefonfirmaet", status=CompanyStatus.PENDING,
                                       contact_email="kontakt@telefon.example", contact_name="Lis")
    login_as(Role.STAFF)
    client.post(f"/medarbejder/virksomheder/{company.id}", data={"decision": "approved"})
    (mail,) = _mails()
    assert mail.recipient == "kontakt@telefon.example" and "Hej Lis" in mail.body


def test_rejecting_a_company_sends_no_approval_mail(app, client, login_as) -> None:
    company = factories.CompanyFactory(status=CompanyStatus.PENDING, contact_email="kontakt@nej.example")
    factories.UserFactory(role=Role.COMPANY, company=company)
    login_as(Role.STAFF)
    client.post(f"/medarbejder/virksomheder/{company.id}", data={"decision": "rejected"})
    db.session.expire_all()
    assert company.status is CompanyStatus.REJECTED and _mails() == []
