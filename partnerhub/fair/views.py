"""The fair: the hall and booths anyone can browse, curious marks, the HR booth editor, and fair events."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from partnerhub.accounts.sessions import safe_next_url
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.fair.forms import (
    AreaBoothForm,
    BoothForm,
    CuriousForm,
    EasyReadForm,
    EventForm,
    PhotoForm,
    SearchForm,
    SignupForm,
    StaffRegisterForm,
)
from partnerhub.fair.models import SIGNUP_TRANSITIONS, BoothPhoto, BoothSignup, CuriosityLevel, FairEvent, SignupState
from partnerhub.fair.services import area_booths, common, companies, company_booths, events, marks
from partnerhub.forms import EmptyForm, choices, page_number, required
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, public, role_required
from partnerhub.reference.models import TradeArea
from partnerhub.security import public_url
from partnerhub.tasters.services import slots as taster_slots
from partnerhub.youth.models import YouthProfile

bp = Blueprint("fair", __name__)


def _youth_profile() -> YouthProfile | None:
    """The signed-in young person's profile, or None for everyone else (anonymous, HR, staff)."""
    if current_user.is_authenticated and current_user.role is Role.YOUTH:
        return current_user.youth_profile
    return None


def _own_profile() -> YouthProfile:
    profile = _youth_profile()
    if profile is None:
        abort(403)
    return profile


def _own_company() -> Company:
    company = current_user.company
    if company is None:
        abort(403)
    return company


def _back(default: str) -> BaseResponse:
    return redirect(safe_next_url(request.form.get("next")) or default)


# ---- the hall -----------------------------------------------------------------------------------------------------

@bp.route("/messe")
@public
def hall():
    profile = _youth_profile()
    fair_hall = area_booths.hall()
    areas, booths = fair_hall.areas, fair_hall.booths
    form = SearchForm(request.args)
    form.omraade.choices = choices([("", _("Alle fagområder"))] + [(str(a.id), a.name) for a in areas])
    area_id = int(form.omraade.data) if (form.omraade.data or "").isdigit() and len(form.omraade.data) < 10 else None
    criteria = companies.FairFilter(query=(form.q.data or "")[:100], area_id=area_id,
                                  near_me=bool(form.naer.data),
                                  needs=form.chosen_needs,
                                  teaching=bool(form.undervisning.data))
    found = companies.find_companies(criteria, profile, page=page_number()) if criteria.active else None
    found_areas = area_booths.find_areas(criteria.query, areas) if criteria.query else []
    return render_template(
        "fair/hall.html", form=form, criteria=criteria, areas=areas, booths=booths,
        company_counts=area_booths.company_count_by_area(), open_places=area_booths.open_places_by_area(), found=found,
        found_areas=found_areas, can_filter_near=companies.can_filter_near(profile), profile=profile,
        events=events.upcoming_events(),
    )


def _render_area(area: TradeArea | area_booths.HallArea, form: CuriousForm | None = None, status: int = 200):
    profile = _youth_profile()
    mark = marks.mark_for(profile, trade_area_id=area.id)
    if form is None:
        form = CuriousForm(obj=mark, level=mark.level.value if mark else CuriosityLevel.CURIOUS.value)
    found = companies.find_companies(companies.FairFilter(area_id=area.id), profile, page=page_number())
    return render_template(
        "fair/area.html", area=area, booth=area_booths.hall().booths.get(area.id),
        found=found, open_places=area_booths.open_places_by_area().get(area.id, 0),
        form=form, mark=mark, profile=profile,
        remove_form=EmptyForm(),
    ), status


@bp.route("/messe/omraade/<id:area_id>")
@public
def area(area_id: int):
    area = area_booths.hall().by_id.get(area_id)
    if area is None or not area.active:
        abort(404)
    return _render_area(area)


def _render_company(company: Company, *, form: CuriousForm | None = None, preview: bool = False,
                    status: int = 200):
    profile = _youth_profile()
    mark = marks.mark_for(profile, company_id=company.id)
    if form is None:
        form = CuriousForm(obj=mark, level=mark.level.value if mark else CuriosityLevel.CURIOUS.value)
    card = companies.company_cards([company], profile)[0]
    booths = area_booths.hall().booths
    first_area = company.trade_areas[0] if company.trade_areas else None
    booth_icon = (company.booth.icon if company.booth and company.booth.icon else None) or (
        booths[first_area.id].icon if first_area and first_area.id in booths else "star")
    return render_template(
        "fair/company.html", company=company, booth=company.booth, card=card, booth_icon=booth_icon,
        posts=companies.open_posts(company), form=form, mark=mark, profile=profile, preview=preview,
        remove_form=EmptyForm(), taster=taster_slots.booth_slots(current_user, company),
    ), status


@bp.route("/messe/virksomhed/<id:company_id>")
@public
def company_booth(company_id: int):
    company = db.get_or_404(Company, company_id)
    if not company_booths.may_see_booth(current_user, company):
        abort(404)
    return _render_company(company)


@bp.route("/messe/foto/<id:photo_id>")
@public
def photo(photo_id: int):
    photo = db.get_or_404(BoothPhoto, photo_id)
    if not company_booths.may_see_booth(current_user, photo.booth.company):
        abort(404)
    content = company_booths.photo_bytes(photo)
    if content is None:
        abort(404)
    return Response(content, mimetype=photo.content_type, headers={"Content-Disposition": "inline"})


@bp.route("/messe/qr/<id:company_id>.svg")
@public
def qr(company_id: int):
    company = db.get_or_404(Company, company_id)
    if not company_booths.may_see_booth(current_user, company):
        abort(404)
    url = public_url("fair.company_booth", company_id=company.id)
    svg = company_booths.qr_svg(url, title=_("QR-kode til %(name)s", name=company.name))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/messe/let-laesning", methods=["POST"])
@public
def easy_read():
    """Kept in the session, so the switch works without JavaScript and before logging in."""
    if EasyReadForm().validate_on_submit():
        session["easy_read"] = request.form.get("easy_read") == "on"
    return _back(url_for("fair.hall"))


# ---- curious marks ------------------------------------------------------------------------------------------------

def _save_mark(*, company_id: int | None = None, trade_area_id: int | None = None) -> CuriousForm | None:
    """Saves the mark and returns None, or returns the form with its errors for a 422."""
    profile = _own_profile()
    form = CuriousForm()
    if not form.validate_on_submit():
        return form
    marks.set_mark(current_user, profile, company_id=company_id, trade_area_id=trade_area_id,
                     level=CuriosityLevel(form.level.data), reflection=form.reflection.data)
    db.session.commit()
    flash(_("Gemt! Du kan se dine markeringer under Mine markeringer."), "success")
    return None


@bp.route("/messe/omraade/<id:area_id>/nysgerrig", methods=["POST"])
@role_required(Role.YOUTH)
def mark_area(area_id: int):
    area = db.get_or_404(TradeArea, area_id)
    if not area.active:
        abort(404)
    form = _save_mark(trade_area_id=area.id)
    if form is not None:
        return _render_area(area, form, 422)
    return redirect(url_for("fair.area", area_id=area.id) + "#nysgerrig")


@bp.route("/messe/virksomhed/<id:company_id>/nysgerrig", methods=["POST"])
@role_required(Role.YOUTH)
def mark_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    if not company.is_approved:
        abort(404)
    form = _save_mark(company_id=company.id)
    if form is not None:
        return _render_company(company, form=form, status=422)
    return redirect(url_for("fair.company_booth", company_id=company.id) + "#nysgerrig")


@bp.route("/messe/mine")
@role_required(Role.YOUTH)
def my_marks():
    profile = _own_profile()
    return render_template("fair/my_marks.html", marks=marks.marks_of(profile), remove_form=EmptyForm(),
                           booths=area_booths.area_booths())


@bp.route("/messe/mine/<id:mark_id>/fjern", methods=["POST"])
@role_required(Role.YOUTH)
def remove_mark(mark_id: int):
    profile = _own_profile()
    mark = marks.own_mark(profile, mark_id)
    if mark is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        marks.remove_mark(current_user, profile, mark)
        db.session.commit()
        flash(_("Markeringen er fjernet."), "success")
    return _back(url_for("fair.my_marks"))


# ---- fair events, as young people and companies see them -----------------------------------------------------------

@bp.route("/messe/begivenhed/<id:event_id>")
@public
def event(event_id: int):
    event = db.get_or_404(FairEvent, event_id)
    profile = _youth_profile()
    return render_template("fair/event.html", event=event, booths=events.confirmed_booths(event),
                           attending=bool(profile and events.attendee_of(event, profile)), profile=profile,
                           attend_form=EmptyForm())


@bp.route("/messe/begivenhed/<id:event_id>/tilmeld", methods=["POST"])
@role_required(Role.YOUTH)
def attend(event_id: int):
    event = db.get_or_404(FairEvent, event_id)
    profile = _own_profile()
    if EmptyForm().validate_on_submit():
        try:
            if request.form.get("attend") == "no":
                events.unregister_attendee(current_user, event, profile)
                message = _("Du er meldt fra.")
            else:
                events.register_attendee(current_user, event, profile)
                message = _("Du er tilmeldt. Vi glæder os til at se dig!")
        except common.FairError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for("fair.event", event_id=event.id))


@bp.route("/virksomhed/messer")
@role_required(Role.COMPANY)
def company_events():
    company = _own_company()
    rows = [(event, events.signup_of(event, company)) for event in events.upcoming_events()]
    return render_template("fair/company_events.html", company=company, rows=rows)


@bp.route("/virksomhed/messer/<id:event_id>", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def signup(event_id: int):
    company = _own_company()
    event = db.get_or_404(FairEvent, event_id)
    existing = events.signup_of(event, company)
    form = SignupForm(obj=existing)
    form.trade_area.choices = choices([("", _("Vælg …"))] + [(str(a.id), a.name) for a in event.areas])
    if request.method == "GET":
        form.trade_area.data = str(existing.trade_area_id) if existing else (
            next((str(a.id) for a in company.trade_areas if a in event.areas), ""))
        if existing is None:
            form.booth_name.data, form.staff_count.data = company.name, 2
    if form.validate_on_submit():
        try:
            events.sign_up_booth(current_user, event, company, booth_name=form.booth_name.data,
                                  trade_area_id=int(form.trade_area.data), staff_count=required(form.staff_count.data),
                                  needs=form.needs.data)
        except common.FairError as error:
            db.session.rollback()
            form.trade_area.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Tak! Jeres stand er tilmeldt. Ungeenheden bekræfter den."), "success")
            return redirect(url_for("fair.company_events"))
    return render_template("fair/signup.html", form=form, event=event, signup=existing, company=company,
                           withdraw_form=EmptyForm()), (422 if form.errors else 200)


@bp.route("/virksomhed/messer/<id:event_id>/traek-tilbage", methods=["POST"])
@role_required(Role.COMPANY)
def withdraw(event_id: int):
    company = _own_company()
    event = db.get_or_404(FairEvent, event_id)
    existing = events.signup_of(event, company)
    if existing is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            events.change_signup_state(current_user, existing, SignupState.WITHDRAWN)
        except common.FairError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Standen er trukket tilbage."), "success")
    return redirect(url_for("fair.company_events"))


# ---- the company's own booth --------------------------------------------------------------------------------------

@bp.route("/virksomhed/stand", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def edit_booth():
    company = _own_company()
    booth = company.booth
    form = BoothForm(obj=booth, tasks_description=company.tasks_description)
    form.setup()
    if request.method == "GET":
        form.tasks_description.data = company.tasks_description
    if form.validate_on_submit():
        company_booths.save_booth(current_user, company, pitch=form.pitch.data,
                           tasks_description=form.tasks_description.data, icon=form.icon.data)
        db.session.commit()
        flash(_("Standen er gemt."), "success")
        return redirect(url_for("fair.edit_booth"))
    return _render_booth_editor(company, form, PhotoForm(), 422 if form.errors else 200)


def _render_booth_editor(company: Company, form: BoothForm, photo_form: PhotoForm, status: int):
    return render_template("fair/booth_form.html", company=company, booth=company.booth, form=form,
                           photo_form=photo_form, delete_form=EmptyForm()), status


@bp.route("/virksomhed/stand/foto", methods=["POST"])
@role_required(Role.COMPANY)
def upload_photo():
    company = _own_company()
    photo_form = PhotoForm()
    if photo_form.validate_on_submit():
        try:
            company_booths.add_photo(current_user, company, photo_form.photo.data.stream,
                                     alt_text=photo_form.alt_text.data)
        except common.FairError as error:
            db.session.rollback()
            photo_form.photo.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Billedet er lagt op."), "success")
            return redirect(url_for("fair.edit_booth") + "#billeder")
    form = BoothForm(obj=company.booth)
    form.setup()
    form.tasks_description.data = company.tasks_description
    return _render_booth_editor(company, form, photo_form, 422)


@bp.route("/virksomhed/stand/foto/<id:photo_id>/slet", methods=["POST"])
@role_required(Role.COMPANY)
def delete_photo(photo_id: int):
    company = _own_company()
    photo = company_booths.photo_of(company, photo_id)
    if photo is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        company_booths.remove_photo(current_user, company, photo)
        db.session.commit()
        flash(_("Billedet er slettet."), "success")
    return redirect(url_for("fair.edit_booth") + "#billeder")


@bp.route("/virksomhed/stand/vis")
@role_required(Role.COMPANY)
def preview_booth():
    """The same template a young person sees, with a banner: what HR previews is what is shown."""
    return _render_company(_own_company(), preview=True)


# ---- staff: events, booth list, curiosity --------------------------------------------------------------------------

@bp.route("/medarbejder/messer")
@role_required(Role.STAFF)
def staff_events():
    return render_template("fair/staff_events.html", events=events.all_events())


@bp.route("/medarbejder/messer/ny", methods=["GET", "POST"])
@bp.route("/medarbejder/messer/<id:event_id>/ret", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit_event(event_id: int | None = None):
    event = db.get_or_404(FairEvent, event_id) if event_id else None
    form = EventForm(obj=event)
    form.areas.choices = choices([(str(a.id), a.name) for a in area_booths.active_areas()])
    if request.method == "GET" and event is not None:
        form.areas.data = [str(a.id) for a in event.areas]
    if form.validate_on_submit():
        try:
            saved = events.save_event(current_user, event, name=form.name.data, held_on=required(form.held_on.data),
                                       time_text=form.time_text.data, place=form.place.data,
                                       quiet_hour=form.quiet_hour.data, description=form.description.data,
                                       area_ids=form.area_ids)
        except common.FairError as error:
            db.session.rollback()
            form.held_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Messen %(name)s er gemt.", name=saved.name), "success")
            return redirect(url_for("fair.staff_event", event_id=saved.id))
    return render_template("fair/event_form.html", form=form, event=event), (422 if form.errors else 200)


def _register_form() -> StaffRegisterForm:
    form = StaffRegisterForm()
    profiles = db.session.scalars(db.select(YouthProfile).order_by(YouthProfile.first_name, YouthProfile.last_name))
    form.youth.choices = choices([("", _("Vælg …"))] + [(str(p.id), p.display_name) for p in profiles])
    return form


@bp.route("/medarbejder/messer/<id:event_id>")
@role_required(Role.STAFF)
def staff_event(event_id: int):
    return _render_staff_event(db.get_or_404(FairEvent, event_id), _register_form())


def _render_staff_event(event: FairEvent, register_form: StaffRegisterForm, status: int = 200):
    return render_template("fair/staff_event.html", event=event, register_form=register_form, state_form=EmptyForm(),
                           SignupState=SignupState, transitions=SIGNUP_TRANSITIONS), status


@bp.route("/medarbejder/messer/<id:event_id>/stande/<id:signup_id>", methods=["POST"])
@role_required(Role.STAFF)
def signup_state(event_id: int, signup_id: int):
    signup = db.get_or_404(BoothSignup, signup_id)
    if signup.event_id != event_id:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            events.change_signup_state(current_user, signup, SignupState(request.form.get("state", "")))
        except (ValueError, common.FairError) as error:
            flash(str(error) if isinstance(error, common.FairError) else _("Ukendt status."), "error")
        else:
            db.session.commit()
            flash(_("%(name)s: %(state)s.", name=signup.booth_name, state=signup.state.label), "success")
    return redirect(url_for("fair.staff_event", event_id=event_id))


@bp.route("/medarbejder/messer/<id:event_id>/deltagere", methods=["POST"])
@role_required(Role.STAFF)
def staff_register(event_id: int):
    event = db.get_or_404(FairEvent, event_id)
    form = _register_form()
    if form.validate_on_submit():
        profile = db.session.get(YouthProfile, int(form.youth.data)) if form.youth.data.isdigit() and len(
            form.youth.data) < 10 else None
        if profile is None:
            form.youth.errors.append(_("Vælg en ung fra listen."))
        else:
            try:
                events.register_attendee(current_user, event, profile)
            except common.FairError as error:
                form.youth.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("%(name)s er tilmeldt messen.", name=profile.display_name), "success")
                return redirect(url_for("fair.staff_event", event_id=event.id))
    return _render_staff_event(event, form, 422)


@bp.route("/medarbejder/messer/<id:event_id>/print")
@role_required(Role.STAFF)
def print_booths(event_id: int):
    event = db.get_or_404(FairEvent, event_id)
    booths = events.confirmed_booths(event)
    zones: dict[int, list[BoothSignup]] = {}
    for booth in booths:
        zones.setdefault(booth.trade_area_id, []).append(booth)
    numbers = {booth.id: n for n, booth in enumerate(booths, start=1)}
    return render_template("fair/print.html", event=event, booths=booths, zones=zones, numbers=numbers,
                           area_booths=area_booths.area_booths())


@bp.route("/medarbejder/messer/<id:event_id>/nysgerrighed")
@role_required(Role.STAFF)
def event_curiosity(event_id: int):
    event = db.get_or_404(FairEvent, event_id)
    profile_ids = [a.youth_profile_id for a in event.attendees]
    overview = marks.curiosity_overview(profile_ids)
    record(current_user, "fair_curiosity_viewed", object_type="fair_event", object_id=event.id)
    return render_template("fair/curiosity.html", overview=overview, event=event)


@bp.route("/medarbejder/nysgerrighed")
@role_required(Role.STAFF)
def curiosity():
    overview = marks.curiosity_overview()
    record(current_user, "fair_curiosity_viewed", object_type="fair_event")
    return render_template("fair/curiosity.html", overview=overview, event=None)


# ---- admin: the areas' booth texts --------------------------------------------------------------------------------

@bp.route("/admin/messe/omraader")
@role_required(Role.ADMIN)
def admin_areas():
    return render_template("fair/admin_areas.html", areas=area_booths.active_areas(), booths=area_booths.area_booths())


@bp.route("/admin/messe/omraader/<id:area_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_edit_area(area_id: int):
    area = db.get_or_404(TradeArea, area_id)
    booth = area_booths.area_booth_for(area)
    form = AreaBoothForm(obj=booth)
    form.setup()
    if form.validate_on_submit():
        area_booths.save_area_booth(current_user, area, **{name: getattr(form, name).data
                                                       for name in area_booths.AREA_TEXT_FIELDS})
        db.session.commit()
        flash(_("Teksterne for %(name)s er gemt.", name=area.name), "success")
        return redirect(url_for("fair.admin_areas"))
    return render_template("fair/admin_area_form.html", form=form, area=area), (422 if form.errors else 200)
