"""What certificates hold about a person: their certificates (with the files), renewals, and
continuing education (with its evidence files)."""

from certificates.models import Certificate, CertificateBatch, CertificateName, ContinuingEducation, Renewal
from cpse import data_rights
from cpse.audit.services import redact_change_history
from cpse.bilingual import written
from cpse.uploads import file_delete_on_commit


def export(user) -> list[dict]:
    return [
        {
            "number": certificate.number,
            "credential": str(written(certificate.credential, "name")),
            "name_shown": certificate.displayed_name,
            "issued": certificate.issued_on,
            "expires": certificate.expires_on,
            "status": certificate.get_status_display(),
            # Whether the verification link shows the badge page, and since when.
            "sharing": certificate.sharing,
            "sharing_changed": certificate.sharing_changed_at,
            "renewals": [
                {"hours": renewal.hours, "completed": renewal.completed_on, "until": renewal.new_expires_on}
                for renewal in certificate.renewals.all()
            ],
            "continuing_education": [
                {
                    "activity": entry.activity,
                    "provider": entry.provider,
                    "completed": entry.completed_on,
                    "hours": entry.hours,
                    "status": entry.get_status_display(),
                    "return_reason": entry.return_reason,
                    "evidence_attached": bool(entry.evidence),
                }
                for entry in certificate.continuing_education.all()
            ],
        }
        for certificate in Certificate.objects.filter(participant__user=user)
        .select_related("credential")
        .prefetch_related("renewals", "continuing_education")
    ]


def files(user):
    for certificate in Certificate.objects.filter(participant__user=user):
        for stored in (certificate.pdf, certificate.wallet_pdf):
            if stored:
                with stored.open("rb") as handle:
                    yield f"certificates/{stored.name.rsplit('/', 1)[-1]}", handle.read()
    for entry in ContinuingEducation.objects.filter(certificate__participant__user=user).exclude(evidence=""):
        try:
            with entry.evidence.open("rb") as handle:
                yield f"certificates/continuing-education/{entry.evidence.name.rsplit('/', 1)[-1]}", handle.read()
        except FileNotFoundError:
            continue


def erase(user) -> None:
    """The person asked to be forgotten: their certificates go (files too, once the
    erasure commits), and the verification page then answers "not found" for their numbers."""
    certificates = list(Certificate.objects.filter(participant__user=user))
    redact_change_history(Renewal, Renewal.objects.filter(certificate__in=certificates).values_list("pk", flat=True))
    redact_change_history(Certificate, [c.pk for c in certificates])
    continuing_education = list(ContinuingEducation.objects.filter(certificate__in=certificates))
    redact_change_history(ContinuingEducation, [entry.pk for entry in continuing_education])
    for entry in continuing_education:
        file_delete_on_commit(entry.evidence.storage, entry.evidence.name)
    for certificate in certificates:
        for stored in (certificate.pdf, certificate.wallet_pdf):
            file_delete_on_commit(stored.storage, stored.name)
    Certificate.objects.filter(replaces__in=certificates).update(replaces=None)
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()
    CertificateName.objects.filter(participant__user=user).delete()


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="certificates",
            # CertificateBatch points only at the staff member who asked for it.
            models=(Certificate, Renewal, ContinuingEducation, CertificateBatch),
            export=export,
            erase=erase,
            files=files,
        )
    )
