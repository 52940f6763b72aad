"""The participant's certificate, under /my-certificate/."""

from django.urls import path

from certificates.mine import views

app_name = "certificates"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:public_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("<uuid:public_id>/card.pdf", views.wallet_pdf, name="wallet_pdf"),
    path("<uuid:public_id>/sharing/", views.sharing, name="sharing"),
    path("<uuid:public_id>/badge.svg", views.badge_svg_download, name="badge_svg"),
    path("<uuid:public_id>/badge.png", views.badge_png_download, name="badge_png"),
]
