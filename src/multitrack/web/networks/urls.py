from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("", views.network_page, name="network"),
    path("<str:view>/", views.network_page, name="view"),
    path("<str:view>/data.json", views.network_data, name="data"),
]
