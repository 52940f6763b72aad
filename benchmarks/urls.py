from django.urls import path

from benchmarks.views import baseline
from cpse.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("baseline/", baseline, name="bench_baseline"),
    *app_urlpatterns,
]
