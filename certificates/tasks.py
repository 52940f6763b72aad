from celery import shared_task


@shared_task(name="certificates.tasks.render", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render(certificate_id: int) -> None:
    """Render a certificate's PDF and wallet card (safe to run twice: rendered once)."""
    from certificates import rendering
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(pk=certificate_id).select_related("credential").first()
    if certificate is not None:
        rendering.certificate_render(certificate=certificate)


@shared_task(name="certificates.tasks.issue_batch")
def issue_batch(batch_id: int) -> None:
    """Issue a cohort's certificates (safe to run twice: one certificate each)."""
    from certificates import services

    services.certificate_batch_run(batch_id=batch_id)
