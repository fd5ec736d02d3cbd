"""Schools pages: staff's schools and coordinators, the coordinator's classes, pupils, class lists and praktik
weeks, the pupil's home, and the guardian's answer to a youth-unit referral. Views stay thin; the services decide."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, required
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.permissions import Role, public, role_required
from partnerhub.reference.models import Town
from partnerhub.schools import imports, referrals, service
from partnerhub.schools.forms import (
    ClassForm,
    ClassListConfirmForm,
    ClassListUploadForm,
    CoordinatorForm,
    PraktikWeekForm,
    PupilForm,
    ReferralAnswerForm,
    ReferralForm,
    ReferralWithdrawForm,
    SchoolForm,
    StartProfileForm,
)
from partnerhub.schools.models import PraktikWeek, Pupil, PupilReferral, School, SchoolClass

bp = Blueprint("schools", __name__)
READERS = (Role.STAFF, Role.COORDINATOR)


def _school(school_id: int) -> School:
    """A school the user may see; another school's pages are 404 for a coordinator (they don't learn it exists)."""
    school = db.get_or_404(School, school_id)
    if not service.can_see_school(current_user, school):
        abort(404)
    return school


def _class(class_id: int) -> SchoolClass:
    school_class = db.get_or_404(SchoolClass, class_id)
    _school(school_class.school_id)
    return school_class


def _pupil(pupil_id: int) -> Pupil:
    pupil = db.get_or_404(Pupil, pupil_id)
    _school(pupil.school_class.school_id)
    return pupil


# ---- staff --------------------------------------------------------------------------------------------------------

@bp.route("/medarbejder/skoler", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_schools():
    form = SchoolForm()
    form.setup()
    if form.validate_on_submit():
        try:
            school = service.create_school(current_user, name=form.name.data,
                                           town=db.session.get_one(Town, int(form.town.data)))
        except service.SchoolError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(name)s er oprettet. Inviter nu skolens vejleder.", name=school.name), "success")
            return redirect(url_for("schools.staff_school", school_id=school.id))
    schools = service.schools_of(current_user)
    return render_template("schools/staff_schools.html", schools=schools, form=form,
                           waiting=len(referrals.consented_ids())), (422 if form.errors else 200)


@bp.route("/medarbejder/skoler/<id:school_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_school(school_id: int):
    school = _school(school_id)
    form = CoordinatorForm()
    if form.validate_on_submit():
        try:
            user = service.invite_coordinator(current_user, school, name=form.name.data, email=form.email.data)
        except service.SchoolError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Invitationen er sendt til %(email)s.", email=user.email), "success")
            return redirect(url_for("schools.staff_school", school_id=school.id))
    classes = service.classes_of(school)
    return render_template("schools/staff_school.html", school=school, form=form, classes=classes,
                           counts=service.pupil_counts([c.id for c in classes]), remove_form=EmptyForm()), (
        422 if form.errors else 200)


@bp.route("/medarbejder/skoler/<id:school_id>/vejledere/<id:user_id>/fjern", methods=["POST"])
@role_required(Role.STAFF)
def staff_remove_coordinator(school_id: int, user_id: int):
    school = _school(school_id)
    from partnerhub.accounts.models import User

    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        service.remove_coordinator(current_user, school, user)
        db.session.commit()
        flash(_("%(name)s er ikke længere vejleder på skolen.", name=user.name), "success")
    return redirect(url_for("schools.staff_school", school_id=school.id))


@bp.route("/medarbejder/ungeenheden-fra-skolen")
@role_required(Role.STAFF)
def staff_referrals():
    return render_template("schools/staff_referrals.html", referrals=referrals.consented(current_user),
                           form=StartProfileForm())


@bp.route("/medarbejder/ungeenheden-fra-skolen/<id:referral_id>/start", methods=["POST"])
@role_required(Role.STAFF)
def staff_start_profile(referral_id: int):
    referral = db.get_or_404(PupilReferral, referral_id)
    form = StartProfileForm()
    if form.validate_on_submit():
        try:
            profile = referrals.start_youth_profile(current_user, referral, email=form.email.data)
        except service.SchoolError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Profilen er startet, og %(name)s har fået en invitation.", name=profile.first_name), "success")
            return redirect(url_for("youth.staff_detail", profile_id=profile.id))
    db.session.rollback()
    return render_template("schools/staff_referrals.html", referrals=referrals.consented(current_user),
                           form=form, form_for=referral.id), 422


# ---- the coordinator's home, classes and pupils -------------------------------------------------------------------

@bp.route("/skole")
@role_required(Role.COORDINATOR)
def coordinator_home():
    schools = service.schools_of(current_user)
    year = service.current_school_year()
    classes = {school.id: service.classes_of(school, year) for school in schools}
    counts = service.pupil_counts([c.id for rows in classes.values() for c in rows])
    totals = {school_id: sum(counts.get(c.id, 0) for c in rows) for school_id, rows in classes.items()}
    return render_template("schools/coordinator_home.html", schools=schools, classes=classes, counts=counts,
                           totals=totals, year=year)


@bp.route("/skole/<id:school_id>/klasser/ny", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_class(school_id: int):
    school = _school(school_id)
    form = ClassForm()
    form.setup(service.current_school_year())
    if form.validate_on_submit():
        try:
            school_class = service.create_class(current_user, school, school_year=int(form.school_year.data),
                                                grade=int(form.grade.data), name=form.name.data)
        except service.SchoolError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Klassen %(name)s er oprettet.", name=school_class.name), "success")
            return redirect(url_for("schools.class_detail", class_id=school_class.id))
    return render_template("schools/class_form.html", form=form, school=school), (422 if form.errors else 200)


@bp.route("/skole/klasser/<id:class_id>", methods=["GET", "POST"])
@role_required(*READERS)
def class_detail(class_id: int):
    school_class = _class(class_id)
    week_form = PraktikWeekForm(prefix="week")
    if request.method == "POST":
        if current_user.role is not Role.COORDINATOR:
            abort(403)
        if week_form.validate_on_submit():
            starts_on = week_form.monday.data or service.monday_of(required(week_form.year.data),
                                                                          required(week_form.week.data))
            try:
                week = service.add_praktik_week(current_user, school_class, starts_on=starts_on,
                                                days=required(week_form.days.data))
            except service.SchoolError as error:
                week_form.days.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Praktikugen er gemt: %(week)s.", week=service.week_label(week)), "success")
                return redirect(url_for("schools.class_detail", class_id=school_class.id))
    service.log_pupil_list_viewed(current_user, school_class)  # committed after the page is built
    return render_template("schools/class_detail.html", school_class=school_class, week_form=week_form,
                           too_young=service.too_young_for_tasters, age=service.age_today, remove_form=EmptyForm(),
                           latest_referral=referrals.latest_referral), (422 if week_form.errors else 200)


@bp.route("/skole/praktikuger/<id:week_id>/slet", methods=["POST"])
@role_required(Role.COORDINATOR)
def remove_week(week_id: int):
    week = db.get_or_404(PraktikWeek, week_id)
    school_class = _class(week.school_class_id)
    if EmptyForm().validate_on_submit():
        service.remove_praktik_week(current_user, week)
        db.session.commit()
        flash(_("Praktikugen er fjernet."), "success")
    return redirect(url_for("schools.class_detail", class_id=school_class.id))


def _pupil_form(school: School, pupil: Pupil | None, selected: int | None, *, submitted: bool = True) -> PupilForm:
    """The pupil's form: what was typed on its own POST, else the saved values (also under another form's POST)."""
    fresh = pupil is not None and (request.method == "GET" or not submitted)
    form = PupilForm(formdata=None, obj=pupil) if fresh else PupilForm()
    if fresh and pupil is not None:
        form.birth_month.data = str(pupil.birth_month) if pupil.birth_month else ""
        form.school_class.data = str(pupil.school_class_id)
    form.setup(service.classes_of(school), selected)
    return form


@bp.route("/skole/klasser/<id:class_id>/elever/ny", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def add_pupil(class_id: int):
    school_class = _class(class_id)
    form = _pupil_form(school_class.school, None, school_class.id)
    if form.validate_on_submit():
        problem = service.pupil_email_problem(form.email.data)
        if problem:
            form.email.errors.append(problem)
        else:
            target = db.session.get_one(SchoolClass, int(form.school_class.data))
            pupil = service.add_pupil(current_user, target, **form.values())
            db.session.commit()
            flash(_("%(name)s er skrevet på %(class)s.", name=pupil.display_name, **{"class": target.name}),
                  "success")
            return redirect(url_for("schools.class_detail", class_id=target.id))
    return render_template("schools/pupil_form.html", form=form, school_class=school_class, pupil=None), (
        422 if form.errors else 200)


@bp.route("/skole/elever/<id:pupil_id>", methods=["GET", "POST"])
@role_required(*READERS)
def pupil_detail(pupil_id: int):
    pupil = _pupil(pupil_id)
    form = _pupil_form(pupil.school, pupil, pupil.school_class_id)
    if request.method == "POST":
        if current_user.role is not Role.COORDINATOR:
            abort(403)
        if form.validate_on_submit():
            problem = service.pupil_email_problem(form.email.data, pupil)
            if problem:
                form.email.errors.append(problem)
            else:
                service.update_pupil(current_user, pupil, school_class=db.session.get(
                    SchoolClass, int(form.school_class.data)), **form.values())
                db.session.commit()
                flash(_("Ændringerne er gemt."), "success")
                return redirect(url_for("schools.class_detail", class_id=pupil.school_class_id))
    service.log_pupil_viewed(current_user, pupil)  # committed after the page is built
    return render_template("schools/pupil_detail.html", pupil=pupil, form=form, age=service.age_today(pupil),
                           too_young=service.too_young_for_tasters(pupil), action_form=EmptyForm(),
                           referral_form=ReferralForm(), referral=referrals.latest_referral(pupil)), \
        (422 if form.errors else 200)


@bp.route("/skole/elever/<id:pupil_id>/data.json")
@role_required(*READERS)
def pupil_export(pupil_id: int):
    """The access export (GDPR art. 15) for a pupil, who may have no login: for the school or staff to hand over."""
    import json

    from partnerhub.privacy.export import pupil_data_export

    pupil = _pupil(pupil_id)
    body = json.dumps(pupil_data_export(current_user, pupil), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename=elev-{pupil.id}-data.json"})


@bp.route("/skole/elever/<id:pupil_id>/slet", methods=["POST"])
@role_required(Role.COORDINATOR)
def remove_pupil(pupil_id: int):
    pupil = _pupil(pupil_id)
    class_id, name = pupil.school_class_id, pupil.display_name
    if EmptyForm().validate_on_submit():
        service.remove_pupil(current_user, pupil)
        db.session.commit()
        flash(_("%(name)s er slettet.", name=name), "success")
    return redirect(url_for("schools.class_detail", class_id=class_id))


@bp.route("/skole/elever/<id:pupil_id>/inviter", methods=["POST"])
@role_required(Role.COORDINATOR)
def invite_pupil(pupil_id: int):
    pupil = _pupil(pupil_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("schools.pupil_detail", pupil_id=pupil.id))
    try:
        link = service.invite_pupil(current_user, pupil)
    except service.SchoolError as error:
        flash(str(error), "error")
        return redirect(url_for("schools.pupil_detail", pupil_id=pupil.id))
    db.session.commit()
    if pupil.email:
        flash(_("Invitationen er sendt til %(email)s.", email=pupil.email), "success")
        return redirect(url_for("schools.pupil_detail", pupil_id=pupil.id))
    days = current_app.config["INVITATION_LIFETIME"].days
    return render_template("schools/pupil_invitation.html", pupil=pupil, link=link, days=days)


@bp.route("/skole/elever/<id:pupil_id>/ungeenheden", methods=["POST"])
@role_required(Role.COORDINATOR)
def flag_pupil(pupil_id: int):
    pupil = _pupil(pupil_id)
    form = ReferralForm()
    if form.validate_on_submit():
        try:
            referrals.flag(current_user, pupil, reason=form.reason.data)
        except service.SchoolError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Forælderen har fået en mail og skal sige ja, før Ungeenheden ser eleven."), "success")
            return redirect(url_for("schools.pupil_detail", pupil_id=pupil.id))
    db.session.rollback()
    return render_template("schools/pupil_detail.html", pupil=pupil,
                           form=_pupil_form(pupil.school, pupil, None, submitted=False),
                           age=service.age_today(pupil), too_young=service.too_young_for_tasters(pupil),
                           action_form=EmptyForm(), referral_form=form, referral=referrals.latest_referral(pupil)), 422


@bp.route("/skole/henvisninger/<id:referral_id>/annuller", methods=["POST"])
@role_required(Role.COORDINATOR)
def cancel_referral(referral_id: int):
    referral = db.get_or_404(PupilReferral, referral_id)
    pupil = _pupil(referral.pupil_id)
    if EmptyForm().validate_on_submit():
        try:
            referrals.cancel(current_user, referral)
        except service.SchoolError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Henvisningen er trukket tilbage."), "success")
    return redirect(url_for("schools.pupil_detail", pupil_id=pupil.id))


# ---- the class list by CSV ----------------------------------------------------------------------------------------

@bp.route("/skole/<id:school_id>/import", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def import_upload(school_id: int):
    """The dry run: nothing is saved, only checked and shown."""
    school = _school(school_id)
    form = ClassListUploadForm()
    form.setup(service.current_school_year())
    if form.validate_on_submit():
        limit = current_app.config["CSV_IMPORT_MAX_BYTES"]
        raw = b""
        if form.file.data:
            with form.file.data.stream as stream:  # a big upload is spooled to a temporary file: close it now
                raw = stream.read(limit + 1)
        if not raw:
            form.file.errors.append(_("Vælg en CSV-fil."))
        elif len(raw) > limit:
            form.file.errors.append(_("Filen er for stor (højst %(mb)d MB).", mb=max(1, limit // 1_000_000)))
        else:
            text = imports.decode(raw)
            year = int(form.school_year.data)
            parsed = imports.parse(school, year, text)
            confirm = ClassListConfirmForm(school_year=str(year), csv_text=text)
            return render_template("schools/import_preview.html", school=school, parsed=parsed, confirm=confirm,
                                   upload=form), (200 if parsed.ok else 422)
    return render_template("schools/import_upload.html", school=school, form=form, columns=imports.COLUMNS,
                           required=imports.REQUIRED), (422 if form.errors else 200)


@bp.route("/skole/<id:school_id>/import/gennemfoer", methods=["POST"])
@role_required(Role.COORDINATOR)
def import_confirm(school_id: int):
    school = _school(school_id)
    form = ClassListConfirmForm()
    if not form.validate_on_submit() or not (form.school_year.data or "").isdigit():
        flash(_("Upload filen igen."), "error")
        return redirect(url_for("schools.import_upload", school_id=school.id))
    year, text = int(form.school_year.data), form.csv_text.data or ""
    try:
        count = imports.run_import(current_user, school, year, text)
    except imports.ImportRefused as error:
        db.session.rollback()
        flash(str(error), "error")
        upload = ClassListUploadForm()
        upload.setup(year)
        return render_template("schools/import_preview.html", school=school, parsed=imports.parse(school, year, text),
                               confirm=form, upload=upload), 422
    db.session.commit()
    flash(ngettext("%(num)d elev er importeret.", "%(num)d elever er importeret.", count), "success")
    return redirect(url_for("schools.coordinator_home"))


@bp.route("/skole/import/eksempel.csv")
@role_required(Role.COORDINATOR)
def import_sample():
    # Excel in Denmark opens a ';'-separated file with a BOM as UTF-8.
    return Response("\ufeff" + imports.sample_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=klasseliste-eksempel.csv"})


# ---- the pupil ----------------------------------------------------------------------------------------------------

@bp.route("/elev")
@role_required(Role.PUPIL)
def pupil_home():
    pupil = service.pupil_for_user(current_user)
    return render_template("schools/pupil_home.html", pupil=pupil,
                           too_young=service.too_young_for_tasters(pupil) if pupil else False)


# ---- the guardian's answer (no account: a mailed single-use link) -------------------------------------------------

@bp.route("/ungeenheden/samtykke/<token>", methods=["GET", "POST"])
@public
def referral_answer(token: str):
    referral = referrals.referral_for_token(token)
    if referral is None:
        return render_template("guardians/link_invalid.html"), 404
    form = ReferralAnswerForm()
    if form.validate_on_submit():
        referrals.answer(referral, consents=form.answer.data == "yes", reason=form.reason.data)
        db.session.commit()
        return render_template("schools/referral_answered.html", given=form.answer.data == "yes",
                               first_name=referral.pupil.first_name)
    return render_template("schools/referral_answer.html", form=form, referral=referral), (
        422 if form.errors else 200)


@bp.route("/ungeenheden/samtykke/tilbagekald/<token>", methods=["GET", "POST"])
@public
def referral_withdraw(token: str):
    referral = referrals.referral_for_withdraw_token(token)
    if referral is None:
        return render_template("guardians/link_invalid.html"), 404
    form = ReferralWithdrawForm()
    if form.validate_on_submit():
        referrals.withdraw(referral, reason=form.reason.data)
        db.session.commit()
        return render_template("schools/referral_answered.html", given=False, withdrawn=True,
                               first_name=referral.pupil.first_name)
    return render_template("schools/referral_withdraw.html", form=form, referral=referral), (
        422 if form.errors else 200)
