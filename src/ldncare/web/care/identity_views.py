"""Pages about who the patient is and what they consented to: sign-up, the
patient's own "Who you are" and "Your consents" pages, and the clinic team's identity
check on the review page. Thin: parse, call ``identity_services``, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ldncare.consent import ConsentError, load_library
from ldncare.identity import IdentityError
from ldncare.web.accounts.services import AccountError
from ldncare.web.care import identity_services as ids
from ldncare.web.care import queries
from ldncare.web.care.identity_forms import IdentityForm, SignUpForm
from ldncare.web.care.models import Patient
from ldncare.web.care.services import ConcurrentChange
from ldncare.web.decorators import clinic_team_only, patient_only
from ldncare.web.typing import AuthenticatedRequest


def sign_up(request: HttpRequest) -> HttpResponse:
    """A new patient's account, identity and consents in one form (mounted at
    ``accounts:sign_up`` by the root URLconf)."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ids.sign_up_patient(**form.sign_up_arguments())
        except AccountError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            return render(request, "accounts/check_email.html",
                          {"email": form.cleaned_data["email"]})
    return render(request, "accounts/sign_up.html",
                  {"form": form, "consent_library": load_library()})


def _identity_initial(patient: Patient) -> dict[str, object]:
    return {"full_name": patient.user.full_name, "version": patient.version,
            **{name: getattr(patient, name) for name in IdentityForm.IDENTITY_FIELDS
               if name != "full_name"}}


@patient_only
def identity(request: AuthenticatedRequest) -> HttpResponse:
    """The patient's identity details; saving a change the clinic had verified
    asks the clinic to verify it again."""
    patient = request.user.patient
    form = IdentityForm(request.POST or None, initial=_identity_initial(patient))
    if request.method == "POST" and form.is_valid():
        try:
            ids.update_identity(patient, form.identity_details(),
                                expected_version=form.cleaned_data["version"])
        except IdentityError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except ConcurrentChange as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your details are saved.")
            return redirect("care:identity")
    patient.refresh_from_db()
    return render(request, "care/identity/identity.html", {"form": form, "patient": patient},
                  status=400 if form.errors else 200)


@patient_only
def consents(request: AuthenticatedRequest) -> HttpResponse:
    """What the patient agreed to, each document's full text, and (when a
    required document changed or was withdrawn) the request to agree again."""
    patient = request.user.patient
    library = load_library()
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = request.POST.getlist("accept")
        outstanding = ids.outstanding_consents(patient)
        errors = {d.code: "You need to agree to this to keep using the service."
                  for d in outstanding if d.code not in chosen}
        if not errors:
            try:
                made = ids.accept_consents(patient, chosen)
            except ConsentError as error:
                errors = {"": str(error)}
            else:
                if made:
                    messages.success(request, "Thank you: your answer is recorded.")
                target = request.POST.get("next", "")
                return redirect(target if _safe(request, target) else "care:consents")
    held = ids.held_consents(patient)
    rows = [{"document": d, "held": (d.code, d.version) in held,
             "older": any(code == d.code and v != d.version for code, v in held),
             "error": errors.get(d.code, "")} for d in library.documents]
    titles = {d.code: d.title for d in library.documents}
    history = [(titles.get(c.document, c.document), c)
               for c in patient.consents.order_by("-accepted_at", "-id")]
    return render(request, "care/consent/consents.html", {
        "rows": rows, "consent_library": library, "history": history,
        "outstanding": ids.outstanding_consents(patient), "error": errors.get("", ""),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }, status=400 if errors else 200)


def _safe(request: AuthenticatedRequest, target: str) -> bool:
    """Whether ``target`` stays on this site (an off-site ``next`` would be a phishing aid)."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure())


@patient_only
@require_POST
def withdraw_consent(request: AuthenticatedRequest, code: str) -> HttpResponse:
    patient = request.user.patient
    try:
        document = load_library().get(code)
    except ConsentError as error:
        messages.error(request, str(error))
        return redirect("care:consents")
    if ids.withdraw_consent(patient, code):
        if document.required:
            messages.info(request, f"Your withdrawal of '{document.title}' is recorded and your "
                                   "clinic was told. You cannot use the service unless you "
                                   "agree to it again.")
        else:
            messages.success(request, f"Your withdrawal of '{document.title}' is recorded. "
                                      "From now on your data is left out of new research files.")
    return redirect("care:consents")


@clinic_team_only
@require_POST
def verify_identity(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """A member of the clinic team records that they checked the patient's identity."""
    patient = queries.open_chart(request.user, patient_id)
    version = request.POST.get("version", "")
    try:
        ids.verify_identity(patient, actor=request.user, method=request.POST.get("method", ""),
                            expected_version=int(version) if version.isdigit() else None)
    except (ids.VerificationRefused, ConcurrentChange) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Identity verified. Approval is now possible once the "
                                  "screening allows it.")
    return redirect("care:review", patient_id=patient.pk)
