from django.urls import path

from . import ucdp_views as views

app_name = "ucdp"

urlpatterns = [
    path("", views.yearly_page, name="yearly"),
    path("yearly.json", views.yearly_data, name="yearly_data"),
]
