"""Issue 14: a company sees its own numbers on its partnership page; numbers about others stay suppressed."""

from __future__ import annotations

from partnerhub.permissions import Role


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_company_sees_its_own_small_counts(client, login_as, data: dict) -> None:
    login_as(Role.COMPANY, company=data["b"])  # B hosted one young person (y1, in P2); y5 declined
    html = client.get("/virksomhed/partnerskab").get_data(as_text=True)
    hosted, periods = _section(html, "hosted"), _section(html, "periods")
    assert '<p class="big-number">1</p>' in hosted and "færre end" not in hosted
    assert '<th scope="row">P2</th><td>1</td>' in periods and "færre end" not in periods
    partners = _section(html, "partners")
    assert "A ApS" in partners and "færre end 5" in partners  # whom its young person also went to: suppressed
    outcomes = _section(html, "outcomes")
    assert "Vises, når mindst 5" in outcomes and "Uddannelse:" not in outcomes


def test_an_active_internship_counts_as_its_own_too(client, login_as, data: dict) -> None:
    login_as(Role.COMPANY, company=data["c"])  # C hosts y2 now (active); y2 was at A before
    html = client.get("/virksomhed/partnerskab").get_data(as_text=True)
    assert '<p class="big-number">1</p>' in _section(html, "hosted")
    assert "færre end 5" in _section(html, "partners")
