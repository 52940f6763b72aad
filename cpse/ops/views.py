"""/healthz for monitoring and the compose healthcheck.

Rules chosen here: no session, no login, no personal data, a handful of queries; 200 when
every part works, 503 naming the parts that do not.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cpse.ops import health


@never_cache
@require_GET
def healthz(request):
    report = health.health_report()
    return JsonResponse(report.as_dict(), status=200 if report.healthy else 503)
