"""The requirement topics' pages, one include per topic (its package, namespace and
template folder share the topic's name; the hours' two namespaces keep their first names)."""

from django.urls import include, path

urlpatterns = [
    path("hours/", include("requirements_tracking.hours.urls")),
    path("staff/hours/", include("requirements_tracking.hours.staff_urls")),
    # Each topic below holds its own prefixes: the participant's and staff's side by side.
    path("", include("requirements_tracking.sessions.urls")),  # hours/sessions/, staff/sessions/
    path("", include("requirements_tracking.practicum.urls")),  # practicum/, staff/practicum/
    path("", include("requirements_tracking.exam_bank.urls")),  # staff/exam/ (questions, exams, competencies)
    path("", include("requirements_tracking.exam.urls")),  # exam/
    path("", include("requirements_tracking.exam_review.urls")),  # staff/exam/scoring|attempts|appeals/
    path("", include("requirements_tracking.competency.urls")),  # hours/observed-practice/, staff/observed-practice/
    path("", include("requirements_tracking.ethics.urls")),  # ethics/, staff/ethics/
    path("", include("requirements_tracking.readiness.urls")),  # readiness/, staff/readiness/
]
