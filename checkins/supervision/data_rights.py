"""What supervision holds about a person: their supervision contracts (with the
supervisor they named) and the sessions they logged, reflections included. A supervisor
with an account is taken off the contracts they agreed to when their account is erased
(the contract stays the participant's record), and the link to their list of what waits
for them stops working."""

from applications.confirmers.rules import email_key
from checkins.models import SupervisionContract, SupervisionSession, SupervisorListLink
from checkins.templatetags.supervision import topic_labels
from cpse import data_rights
from cpse.audit.services import redact_change_history


def export(user) -> dict:
    contracts = SupervisionContract.objects.filter(participant__user=user).order_by("created_at", "pk")
    sessions = (
        SupervisionSession.objects.filter(contract__participant__user=user)
        .select_related("contract")
        .order_by("held_on", "pk")
    )
    return {
        "contracts": [
            {
                "for": contract.get_setting_display(),
                "supervisor_name": contract.supervisor_name,
                "supervisor_email": contract.supervisor_email,
                "how_often": contract.get_frequency_display(),
                "usual_minutes": contract.session_minutes,
                "expectations": contract.expectations,
                "feedback": contract.feedback_channels,
                "confidentiality": contract.confidentiality,
                "raising_concerns": contract.raising_concerns,
                "written": contract.created_at,
                "you_agreed": contract.participant_agreed_at,
                "supervisor_agreed": contract.supervisor_agreed_at,
                "replaced": contract.replaced_at,
            }
            for contract in contracts
        ],
        "sessions": [
            {
                "for": session.contract.get_setting_display(),
                "date": session.held_on,
                "minutes": session.minutes,
                "topics": topic_labels(session.topics),
                "reflection": session.reflection,
            }
            for session in sessions
        ],
    }


def erase(user) -> None:
    rows = {
        SupervisionSession: SupervisionSession.objects.filter(contract__participant__user=user),
        SupervisionContract: SupervisionContract.objects.filter(participant__user=user),
    }
    pks = {model: list(queryset.values_list("pk", flat=True)) for model, queryset in rows.items()}
    for queryset in rows.values():
        queryset.delete()
    for model, model_pks in pks.items():
        redact_change_history(model, model_pks)
    SupervisionContract.objects.filter(supervisor_user=user).update(supervisor_user=None)
    SupervisionSession.objects.filter(logged_by=user).update(logged_by=None)
    SupervisorListLink.objects.filter(email_key=email_key(user.email)).delete()


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="supervision", models=(SupervisionContract, SupervisionSession), export=export, erase=erase
        )
    )
