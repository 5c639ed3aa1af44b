from django.urls import path

from . import views

app_name = "inclusion"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.export_csv, name="export"),
    path("chart.svg", views.chart_svg, name="chart"),
    path("settings/", views.settings_page, name="settings"),
    path("attributes/new/", views.attribute_edit, name="attribute_create"),
    path("attributes/<int:pk>/edit/", views.attribute_edit, name="attribute_edit"),
    path("reference-lines/new/", views.line_edit, name="line_create"),
    path("reference-lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("reference-lines/<int:pk>/remove/", views.line_remove, name="line_remove"),
]
