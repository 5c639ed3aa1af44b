from django.urls import path

from . import contribution_views, indicator_views, outcome_views, transfer_views
from . import toc_views as views

app_name = "evaluation"

urlpatterns = [
    path("toc/", views.toc_list, name="toc_list"),
    path("toc/new/", views.toc_create, name="toc_create"),
    path("toc/compare/", views.toc_compare, name="toc_compare"),
    path("toc/<int:pk>/", views.toc_detail, name="toc_detail"),
    path("toc/<int:pk>/data.json", views.toc_data, name="toc_data"),
    path("toc/<int:pk>/save/", views.toc_save, name="toc_save"),
    path("toc/<int:pk>/delete/", views.toc_delete, name="toc_delete"),
    path("toc/<int:pk>/new-version/", views.toc_new_version, name="toc_new_version"),
    path("toc/<int:pk>/elements/add/", views.element_add, name="element_add"),
    path("toc/<int:pk>/links/add/", views.link_add, name="link_add"),
    path("toc/<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("toc/elements/<int:pk>/edit/", views.element_edit, name="element_edit"),
    path("toc/links/<int:pk>/edit/", views.link_edit, name="link_edit"),
    path("toc/notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("toc/<str:kind>/<int:pk>/remove/", views.part_remove, name="part_remove"),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/new/", indicator_views.indicator_create, name="indicator_create"),
    path("indicators/import/", indicator_views.values_import, name="values_import"),
    path("indicators/<int:pk>/", indicator_views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", indicator_views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/add/", indicator_views.target_add, name="target_add"),
    path("indicators/<int:pk>/values/add/", indicator_views.value_add, name="value_add"),
    path("indicators/targets/<int:pk>/edit/", indicator_views.target_edit, name="target_edit"),
    path("indicators/values/<int:pk>/edit/", indicator_views.value_edit, name="value_edit"),
    path(
        "indicators/<str:kind>/<int:pk>/remove/",
        indicator_views.indicator_part_remove,
        name="indicator_part_remove",
    ),
    path("outcomes/", outcome_views.outcome_list, name="outcome_list"),
    path("outcomes/new/", outcome_views.outcome_create, name="outcome_create"),
    path("outcomes/<int:pk>/", outcome_views.outcome_detail, name="outcome_detail"),
    path("outcomes/<int:pk>/edit/", outcome_views.outcome_edit, name="outcome_edit"),
    path(
        "outcomes/<int:pk>/substantiations/add/", outcome_views.substantiation_add, name="substantiation_add"
    ),
    path(
        "outcomes/substantiations/<int:pk>/edit/",
        outcome_views.substantiation_edit,
        name="substantiation_edit",
    ),
    path(
        "outcomes/substantiations/<int:pk>/remove/",
        outcome_views.substantiation_remove,
        name="substantiation_remove",
    ),
    path("documents/<int:pk>/trace/", transfer_views.trace_page, name="trace"),
    path("documents/<int:pk>/trace/run/", transfer_views.trace_run, name="trace_run"),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/decide/", transfer_views.transfer_decide, name="transfer_decide"),
    path("initiatives/<int:pk>/contribution/", contribution_views.contribution, name="contribution"),
    path(
        "initiatives/<int:pk>/contribution.html",
        contribution_views.contribution_file,
        name="contribution_file",
    ),
]
