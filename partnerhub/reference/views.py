"""Admin pages for trade areas, towns, partner networks and scheduling rules."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, choices
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.reference import service
from partnerhub.reference.forms import NetworkForm, RuleForm, TradeAreaForm
from partnerhub.reference.models import PartnerNetwork, SchedulingRule, TradeArea

bp = Blueprint("reference", __name__, url_prefix="/admin/reference")


def _trade_area_form(area: TradeArea | None = None) -> TradeAreaForm:
    form = TradeAreaForm(obj=area)
    form.main_area_code.choices = choices([("", _("Vælg …"))] + [(a.code, a.name) for a in service.main_areas()])
    return form


@bp.route("/fagomraader")
@role_required(Role.ADMIN)
def trade_areas():
    return render_template("reference/trade_areas.html", areas=service.trade_areas(include_retired=True),
                           toggle_form=EmptyForm())


@bp.route("/fagomraader/ny", methods=["GET", "POST"])
@bp.route("/fagomraader/<id:area_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_trade_area(area_id: int | None = None):
    area = db.get_or_404(TradeArea, area_id) if area_id else None
    form = _trade_area_form(area)
    if form.validate_on_submit():
        try:
            saved = service.save_trade_area(current_user, area, name_da=form.name_da.data, name_en=form.name_en.data,
                                            main_area_code=form.main_area_code.data)
        except service.ReferenceError as error:
            form.main_area_code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Fagområdet %(name)s er gemt.", name=saved.name_da), "success")
            return redirect(url_for("reference.trade_areas"))
    return render_template("reference/trade_area_form.html", form=form, area=area)


@bp.route("/fagomraader/<id:area_id>/udfas", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_trade_area(area_id: int):
    area = db.get_or_404(TradeArea, area_id)
    if EmptyForm().validate_on_submit():
        service.set_trade_area_retired(current_user, area, area.active)
        db.session.commit()
        flash(_("%(name)s er udfaset. Profiler, der har det, beholder det.", name=area.name_da) if not area.active
              else _("%(name)s kan vælges igen.", name=area.name_da), "success")
    return redirect(url_for("reference.trade_areas"))


@bp.route("/byer")
@role_required(Role.ADMIN, Role.STAFF)
def towns():
    return render_template("reference/towns.html", towns=service.towns())


@bp.route("/netvaerk")
@role_required(Role.ADMIN)
def networks():
    return render_template("reference/networks.html", networks=service.networks(include_retired=True),
                           toggle_form=EmptyForm())


@bp.route("/netvaerk/ny", methods=["GET", "POST"])
@bp.route("/netvaerk/<id:network_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_network(network_id: int | None = None):
    network = db.get_or_404(PartnerNetwork, network_id) if network_id else None
    form = NetworkForm(obj=network)
    if form.validate_on_submit():
        saved = service.save_network(current_user, network, name=form.name.data, description=form.description.data,
                                     source_url=form.source_url.data)
        db.session.commit()
        flash(_("Netværket %(name)s er gemt.", name=saved.name), "success")
        return redirect(url_for("reference.networks"))
    return render_template("reference/network_form.html", form=form, network=network)


@bp.route("/netvaerk/<id:network_id>/udfas", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_network(network_id: int):
    network = db.get_or_404(PartnerNetwork, network_id)
    if EmptyForm().validate_on_submit():
        service.set_network_retired(current_user, network, network.active)
        db.session.commit()
        flash(_("Netværket er opdateret."), "success")
    return redirect(url_for("reference.networks"))


@bp.route("/regler", methods=["GET"])
@role_required(Role.ADMIN)
def rules():
    return render_template("reference/rules.html", rules=service.rules(), ratio=service.employer_ratio())


@bp.route("/regler/<rule_key>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_rule(rule_key: str):
    rule = db.get_or_404(SchedulingRule, rule_key[:60])
    form = RuleForm(obj=rule)
    if request.method == "GET":
        form.value.data = rule.value_label  # the admin reads and writes Danish; the service stores the file's form
    if form.validate_on_submit():
        try:
            service.update_rule(current_user, rule, form.value.data)
        except service.ReferenceError as error:
            form.value.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Reglen er gemt."), "success")
            return redirect(url_for("reference.rules"))
    return render_template("reference/rule_form.html", form=form, rule=rule)
