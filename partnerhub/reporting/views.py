"""Results pages: views validate the filters, ask the service for tables and render charts beneath them."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.forms import choices, required
from partnerhub.i18n import gettext as _
from partnerhub.permissions import RESULTS_READERS, Role, role_required
from partnerhub.planning.models import PlanningRound
from partnerhub.reference import service as reference
from partnerhub.reporting import charts, exports, forms
from partnerhub.reporting.models import CommitmentKind, CostFigure
from partnerhub.reporting.services import award as awards
from partnerhub.reporting.services import business_case as business_cases
from partnerhub.reporting.services import common, cost_figures, outcomes, partnership, placement_list
from partnerhub.reporting.services import dashboard as dashboards
from partnerhub.timeutil import utcnow

bp = Blueprint("reporting", __name__)

TABLES = "any(youth,placements,capacity,sharing,outcomes)"
FORMATS = "any(csv,xlsx)"


def _filter_form() -> forms.DashboardFilterForm:
    form = forms.DashboardFilterForm(request.args)
    form.trade_area.choices = choices([("", _("Alle"))] + [(str(a.id), a.name_da) for a in reference.trade_areas()])
    form.town.choices = choices([("", _("Alle"))] + [(str(t.id), t.name) for t in reference.towns()])
    rounds = db.session.execute(db.select(PlanningRound.id, PlanningRound.name).order_by(PlanningRound.id.desc()))
    form.round.choices = choices([("", _("Alle"))] + [(str(i), name) for i, name in rounds])
    return form


def _filters(form: forms.DashboardFilterForm) -> common.Filters:
    def number(value: str | None) -> int | None:
        return int(value) if value else None

    return common.Filters(date_from=form.date_from.data, date_to=form.date_to.data,
                           trade_area_id=number(form.trade_area.data), town_id=number(form.town.data),
                           readiness=form.readiness.data or None, round_id=number(form.round.data),
                           breakdown=form.breakdown.data or "")


def _chart_data(table: common.Table) -> tuple[list[str], list[tuple[str, list]]]:
    """Each table's bar labels and series: which columns are the groups and which are the counts."""
    rows, columns = table.rows, table.columns

    def columns_at(*indexes: int) -> list[tuple[str, list]]:
        return [(columns[i], [row[i] for row in rows]) for i in indexes]

    if table.key == "youth":
        return [f"{row[0]} – {row[1]}" if row[0] != _("Alle") else row[1] for row in rows], columns_at(2, 3, 4)
    if table.key == "placements":
        return [f"{row[0]} – {row[2]}" if row[2] != _("Alle") else row[0] for row in rows], columns_at(3)
    if table.key == "capacity":
        return [row[0] for row in rows], columns_at(2, 3)
    if table.key == "sharing":
        return [row[0] for row in rows], columns_at(1, 2, 3)
    labels = [_("%(group)s – %(m)s mdr.", group=row[0], m=row[1]) if row[0] != _("Alle")
              else _("%(m)s måneder", m=row[1]) for row in rows]
    return labels, columns_at(2, 3, 4, 5)


def _charts(tables: list[common.Table]) -> dict[str, object]:
    """One chart per table, drawn from the same rows the table beneath shows."""
    description = _("Søjlediagram. Tallene står i tabellen under diagrammet.")
    return {table.key: charts.bar_chart(f"chart-{table.key}", table.title, description, *_chart_data(table))
            for table in tables if table.rows}


@bp.route("/medarbejder/resultater")
@role_required(*RESULTS_READERS)
def dashboard():
    form = _filter_form()
    if not form.validate():
        return render_template("reporting/dashboard.html", form=form, tables=[], charts={}, args={}), 422
    filters = _filters(form)
    counted_at, tables = dashboards.dashboard(current_user, filters)
    return render_template("reporting/dashboard.html", form=form, tables=tables, charts=_charts(tables),
                           args=filters.as_args(), counted_at=counted_at)


def _file(table: common.Table, fmt: str, name: str) -> Response:
    stamp = utcnow().strftime("%Y%m%d")
    if fmt == "xlsx":
        body, mimetype = exports.to_xlsx(table), exports.XLSX_MIMETYPE
    else:
        body, mimetype = exports.to_csv(table), exports.CSV_MIMETYPE
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.{fmt}"',
                             "Cache-Control": "no-store"})


@bp.route(f"/medarbejder/resultater/eksport/<{TABLES}:table>.<{FORMATS}:fmt>")
@role_required(*RESULTS_READERS)
def dashboard_export(table: str, fmt: str):
    """Aggregated counts only, so management can take them anywhere."""
    form = _filter_form()
    if not form.validate():
        abort(422)
    result = dashboards.dashboard_table(current_user, _filters(form), table)
    if result is None:
        abort(404)
    return _file(result, fmt, f"resultater-{exports.file_stem(result.title)}")


@bp.route(f"/medarbejder/resultater/praktikforloeb.<{FORMATS}:fmt>")
@role_required(Role.STAFF)
def placements_export(fmt: str):
    """Names of young people: staff only, and the export itself is logged."""
    table = placement_list.placement_rows(current_user)
    record(current_user, "export_placements", object_type="placements", detail={"format": fmt,
                                                                                "rows": len(table.rows)})
    return _file(table, fmt, exports.file_stem(table.title))


@bp.route(f"/medarbejder/planlaegning/<id:round_id>/plan.<{FORMATS}:fmt>")
@role_required(Role.STAFF)
def plan_export(round_id: int, fmt: str):
    round_ = db.session.get(PlanningRound, round_id) or abort(404)
    table = placement_list.placement_rows(current_user, round_.id, approved_plan=True)
    record(current_user, "export_round_plan", object_type="planning_round", object_id=round_.id,
           detail={"format": fmt, "rows": len(table.rows)})
    return _file(table, fmt, f"{exports.file_stem(table.title)}-{round_.id}")


@bp.route("/medarbejder/samfundsoekonomi")
@role_required(*RESULTS_READERS)
def business_case():
    form = forms.ScenarioForm(request.args)
    valid = form.validate()
    case = business_cases.business_case()
    counts = outcomes.recorded_outcome_counts()
    shown = outcomes.shown_outcome_counts(current_user, counts)
    hidden = shown["education"] != counts["education"] or shown["job"] != counts["job"]  # the value would tell
    people = form.people.data if valid and form.people.data is not None else 10
    return render_template("reporting/business_case.html", form=form, case=case, counts=shown, hidden=hidden,
                           value=None if hidden else business_cases.outcome_value(case, counts), people=people,
                           scenario=case.education_value(people), effort=case.effort(people),
                           figures=cost_figures.cost_figures(),
                           assumptions=business_cases.COMPLETION_SHARE), 200 if valid else 422


@bp.route("/admin/noegletal/<id:figure_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def cost_figure(figure_id: int):
    figure = db.session.get(CostFigure, figure_id) or abort(404)
    form = forms.CostFigureForm(obj=None)
    if request.method == "GET":
        form.value_low.data = "" if figure.value_low is None else f"{figure.value_low:g}"
        form.value_high.data = "" if figure.value_high is None else f"{figure.value_high:g}"
        form.data_year.data = figure.data_year
        form.confidence.data = figure.confidence if figure.confidence in ("high", "medium", "low", "n/a") else "n/a"
        form.caveat.data = figure.caveat
    if form.validate_on_submit():
        changed = cost_figures.update_cost_figure(current_user, figure, form.values(), form.reason.data)
        db.session.commit()
        flash(_("Tallet er gemt, og ændringen står i historikken.") if changed else _("Intet at gemme."), "success")
        return redirect(url_for("reporting.business_case"))
    status = 422 if request.method == "POST" else 200
    return render_template("reporting/cost_figure.html", figure=figure, form=form), status


def _partnership_page(company: Company, form_action: str):  # a rendered page and a status
    form = forms.CommitmentForm()
    if form.validate_on_submit():
        partnership.save_commitment(current_user, company, year=required(form.year.data),
                                    kind=CommitmentKind(form.kind.data), target=required(form.target.data),
                                    achieved=form.achieved.data or 0)
        db.session.commit()
        flash(_("Forpligtelsen er gemt."), "success")
        return redirect(form_action)
    if request.method == "GET":
        form.year.data = utcnow().year
    data = partnership.partnership(current_user, company)
    case = business_cases.business_case()
    return render_template("reporting/partnership.html", p=data, form=form, form_action=form_action,
                           case=case, min_group=partnership.MIN_GROUP,
                           outcome_labels=outcomes.OUTCOME_CLASS_LABELS), 422 if request.method == "POST" else 200


@bp.route("/virksomhed/partnerskab", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_partnership():
    """HR see their own company only: the URL carries no id, so there is no other company to ask for."""
    company = db.session.get(Company, current_user.company_id) if current_user.company_id else None
    if company is None:
        abort(404)
    return _partnership_page(company, url_for("reporting.company_partnership"))


@bp.route("/medarbejder/virksomheder/<id:company_id>/partnerskab", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_partnership(company_id: int):
    company = db.session.get(Company, company_id) or abort(404)
    return _partnership_page(company, url_for("reporting.staff_partnership", company_id=company.id))


@bp.route("/medarbejder/ansvarspris")
@role_required(Role.STAFF)
def award():
    year_text = request.args.get("aar", "")
    year = utcnow().year
    if year_text:
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            return render_template("reporting/award.html", rows=[], year=year, error=True,
                                   criteria=awards.AWARD_CRITERIA), 422
        year = int(year_text)
    rows = awards.award_candidates(current_user, year)
    return render_template("reporting/award.html", rows=rows, year=year, error=False, criteria=awards.AWARD_CRITERIA)
