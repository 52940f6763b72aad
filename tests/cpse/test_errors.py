"""`cpse.errors.DomainError`: the one constructor the services' refusals share (issue #20).

The walk below imports every module of the project's apps that names `DomainError`, then
checks every subclass: each keeps the message and a code, and none copies the
constructor back. A subclass that needs one (it carries more than a message) is listed in
`OWN_INIT` with the reason."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from cpse.errors import DomainError

# A subclass with its own `__init__`, and why. Keep this short: a plain message and code
# need none (DomainError gives them), so a copy of the constructor fails the test below.
OWN_INIT = {
    "cohorts.services.CohortInvalid": "takes the messages per detail (`errors`) and joins them into the message",
    "cohorts.services.RequirementSetInvalid": "takes the messages per change (`errors`) and joins them into the message",
    "requirements_tracking.competency.services.CompetencyAssessmentError": (
        "carries `competency_id`, the checklist row the refusal is shown next to"
    ),
}

# A few that callers catch by name, with their default code: the walk must find them.
KNOWN_DEFAULTS = {
    "accounts.services.ErasureError": "erasure_error",
    "applications.access.services.AccessNeedsError": "access_needs_error",
    "applications.services.ApplicationError": "application_error",
    "applications.services.TransitionError": "not_allowed",
    "applications.confirmers.services.ConfirmerError": "confirmer_error",
    "certificates.services.CertificateError": "certificate_error",
    "certificates.renewal.services.RenewalError": "renewal_error",
    "checkins.monthly.services.CheckInError": "checkin_error",
    "checkins.supervision.services.SupervisionError": "supervision_error",
    "checkins.surveys.services.SurveyError": "survey_error",
    "cohorts.services.AlreadyEnrolled": "already_enrolled",
    "cohorts.services.ParticipantStatusError": "participant_status_error",
    "cpse.notify.services.ResendError": "resend_refused",
    "dashboard.bulk.services.CohortMessageError": "cohort_message_error",
    "mentorship.services.InvitationError": "invalid_link",
    "requirements_tracking.hours.rules.HourEntryError": "hour_entry_error",
    "requirements_tracking.practicum.services.PracticumError": "practicum_error",
    "requirements_tracking.sessions.services.AttendanceError": "attendance_error",
    "sponsors.money.services.MoneyError": "money_error",
    "sponsors.errors.SponsorError": "sponsor_error",
}


def project_app_paths() -> list[Path]:
    """The project's own apps: under BASE_DIR, not installed packages (a venv may live there too)."""
    base = Path(settings.BASE_DIR).resolve()
    paths = [Path(config.path).resolve() for config in apps.get_app_configs()]
    return [path for path in paths if base in path.parents and "site-packages" not in path.parts]


def project_sources():
    """Each module of the project's apps and of `cpse` (its shared code), but migrations."""
    base = Path(settings.BASE_DIR).resolve()
    paths = {path for root in [*project_app_paths(), base / "cpse"] for path in root.rglob("*.py")}
    for path in sorted(paths):
        if "migrations" in path.parts or path == base / "cpse" / "errors.py":
            continue
        yield path, ".".join(path.relative_to(base).with_suffix("").parts)


def import_modules_naming_domain_error() -> None:
    for path, module in project_sources():
        if path.name == "services.py" or "DomainError" in path.read_text(encoding="utf-8"):
            importlib.import_module(module)


def all_subclasses(cls) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(all_subclasses(sub))
    return found


def dotted(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def project_subclasses() -> list[type]:
    import_modules_naming_domain_error()
    # Only the project's own: a test module may subclass DomainError for its own use.
    return sorted({cls for cls in all_subclasses(DomainError) if not cls.__module__.startswith("tests.")}, key=dotted)


def test_keeps_the_message_and_the_code():
    error = DomainError("This cannot be done.", code="not_now")
    assert str(error) == "This cannot be done."
    assert error.code == "not_now"
    assert error.args == ("This cannot be done.",)


def test_without_a_code_the_class_default_is_used():
    assert DomainError("No.").code == "refused"
    assert DomainError("No.", code=None).code == "refused"
    assert DomainError("No.", code="").code == "refused"


def test_the_code_is_given_by_name():
    with pytest.raises(TypeError):
        DomainError("No.", "positional_code")


def test_a_subclass_names_its_default_once_and_can_be_told_another():
    class Refused(DomainError):
        code = "refused_here"

    assert Refused("No.").code == "refused_here"
    assert Refused("No.", code="other").code == "other"
    assert str(Refused("No.")) == "No."
    # The class default is untouched by one instance's code.
    assert Refused.code == "refused_here"


def test_the_walk_finds_the_errors_callers_catch_by_name():
    found = {dotted(cls): cls for cls in project_subclasses()}
    missing = set(KNOWN_DEFAULTS) - set(found)
    assert not missing, f"not DomainError subclasses any more: {sorted(missing)}"
    for name, code in KNOWN_DEFAULTS.items():
        assert found[name].code == code, name
        assert found[name]("Refused.").code == code, name


def test_every_subclass_keeps_the_message_and_a_default_code_of_its_own():
    for cls in project_subclasses():
        name = dotted(cls)
        assert "code" in vars(cls), f"{name} names no default `code`"
        assert cls.code and isinstance(cls.code, str), name
        if name in OWN_INIT:
            continue
        error = cls("A reason a person can read.")
        assert str(error) == "A reason a person can read.", name
        assert error.args == ("A reason a person can read.",), name
        assert error.code == cls.code, name
        assert cls("A reason.", code="given").code == "given", name


def test_no_subclass_copies_the_constructor():
    copies = [dotted(cls) for cls in project_subclasses() if "__init__" in vars(cls) and dotted(cls) not in OWN_INIT]
    assert not copies, (
        f"{copies} define their own __init__: DomainError already keeps the message and the code; "
        "if one carries more, add it to OWN_INIT with the reason"
    )


def test_the_allow_list_holds_only_what_needs_it():
    found = {dotted(cls): cls for cls in project_subclasses()}
    for name in OWN_INIT:
        assert name in found, f"{name} is not a DomainError subclass any more: drop it from OWN_INIT"
        assert "__init__" in vars(found[name]), f"{name} has no __init__ of its own any more: drop it from OWN_INIT"


def test_the_errors_with_more_than_a_message_still_keep_message_and_code():
    from cohorts.services import CohortInvalid, RequirementSetInvalid
    from requirements_tracking.competency.services import CompetencyAssessmentError

    invalid = CohortInvalid({"name": ["Please give a name."], "starts_on": ["Please give a date."]})
    assert str(invalid) == "Please give a name. Please give a date."
    assert invalid.code == "cohort_invalid"
    assert invalid.errors["name"] == ["Please give a name."]

    changes = RequirementSetInvalid({("hours", 1): ["Too few hours."]})
    assert str(changes) == "Too few hours."
    assert changes.code == "invalid"

    refused = CompetencyAssessmentError("Please add evidence.", code="evidence_required", competency_id=7)
    assert (str(refused), refused.code, refused.competency_id) == ("Please add evidence.", "evidence_required", 7)
    assert CompetencyAssessmentError("No.").code == "competency_assessment_error"
    assert CompetencyAssessmentError("No.").competency_id is None


def test_no_error_class_outside_cpse_errors_sets_its_own_code():
    """A refusal written as `class X(Exception)` with `self.code = code` is a copy of
    DomainError's constructor: it should subclass DomainError instead."""
    copies = []
    for path, module in project_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.FunctionDef) and node.name == "__init__"):
                continue
            for statement in ast.walk(node):
                targets = statement.targets if isinstance(statement, ast.Assign) else []
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and target.attr == "code"
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        copies.append(f"{module}:{statement.lineno}")
    assert not copies, f"set `self.code` themselves (subclass cpse.errors.DomainError instead): {copies}"
