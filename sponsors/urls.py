"""The sponsor topics' pages, one include per topic at its prefix (the namespaces keep
their first names: `sponsors` is the portal, the others are `sponsors_<topic>`)."""

from django.urls import include, path

urlpatterns = [
    path("sponsor/", include("sponsors.portal.urls")),
    path("sponsor/billing/", include("sponsors.billing.urls")),
    path("my-sponsors/", include("sponsors.consent.urls")),
    path("my-fee/", include("sponsors.billing.fee_urls")),
    path("staff/sponsors/", include("sponsors.organisations.urls")),
    path("staff/finance/", include("sponsors.finance.urls")),
    path("", include("sponsors.public.urls")),  # sponsor-a-survivor/, sponsor-invitation/
]
