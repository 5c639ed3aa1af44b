from django.urls import path

from . import views

app_name = "ucdp"

urlpatterns = [
    path("", views.yearly_page, name="yearly"),
    path("yearly.json", views.yearly_data, name="yearly_data"),
]
