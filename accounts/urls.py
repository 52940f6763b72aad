from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("profile/", views.profile, name="profile"),
    path("messages/", views.inbox, name="messages"),
    path("messages/<uuid:notification_id>/read/", views.message_read, name="message_read"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("leave/", views.leave, name="leave"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("my-data/erasure/", views.my_data_erasure, name="my_data_erasure"),
]
