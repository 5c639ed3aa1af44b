from django.urls import path

from .views import contribution, indicators, outcomes, toc, transfers

app_name = "evaluation"

urlpatterns = [
    path("toc/", toc.toc_list, name="toc_list"),
    path("toc/new/", toc.toc_create, name="toc_create"),
    path("toc/compare/", toc.toc_compare, name="toc_compare"),
    path("toc/<int:pk>/", toc.toc_detail, name="toc_detail"),
    path("toc/<int:pk>/data.json", toc.toc_data, name="toc_data"),
    path("toc/<int:pk>/save/", toc.toc_save, name="toc_save"),
    path("toc/<int:pk>/delete/", toc.toc_delete, name="toc_delete"),
    path("toc/<int:pk>/new-version/", toc.toc_new_version, name="toc_new_version"),
    path("toc/<int:pk>/elements/add/", toc.element_add, name="element_add"),
    path("toc/<int:pk>/links/add/", toc.link_add, name="link_add"),
    path("toc/<int:pk>/notes/add/", toc.note_add, name="note_add"),
    path("toc/<int:pk>/undo/<str:token>/", toc.undo_removal, name="toc_undo"),
    path("toc/elements/<int:pk>/edit/", toc.element_edit, name="element_edit"),
    path("toc/elements/<int:pk>/rename/", toc.element_rename, name="element_rename"),
    path("toc/links/<int:pk>/edit/", toc.link_edit, name="link_edit"),
    path("toc/notes/<int:pk>/edit/", toc.note_edit, name="note_edit"),
    path("toc/<str:kind>/<int:pk>/remove/", toc.part_remove, name="part_remove"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("indicators/import/", indicators.values_import, name="values_import"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/add/", indicators.target_add, name="target_add"),
    path("indicators/<int:pk>/values/add/", indicators.value_add, name="value_add"),
    path("indicators/targets/<int:pk>/edit/", indicators.target_edit, name="target_edit"),
    path("indicators/values/<int:pk>/edit/", indicators.value_edit, name="value_edit"),
    path(
        "indicators/<str:kind>/<int:pk>/remove/",
        indicators.indicator_part_remove,
        name="indicator_part_remove",
    ),
    path("outcomes/", outcomes.outcome_list, name="outcome_list"),
    path("outcomes/new/", outcomes.outcome_create, name="outcome_create"),
    path("outcomes/<int:pk>/", outcomes.outcome_detail, name="outcome_detail"),
    path("outcomes/<int:pk>/edit/", outcomes.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/substantiations/add/", outcomes.substantiation_add, name="substantiation_add"),
    path(
        "outcomes/substantiations/<int:pk>/edit/",
        outcomes.substantiation_edit,
        name="substantiation_edit",
    ),
    path(
        "outcomes/substantiations/<int:pk>/remove/",
        outcomes.substantiation_remove,
        name="substantiation_remove",
    ),
    path("documents/<int:pk>/trace/", transfers.trace_page, name="trace"),
    path("documents/<int:pk>/trace/run/", transfers.trace_run, name="trace_run"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/decide/", transfers.transfer_decide, name="transfer_decide"),
    path("initiatives/<int:pk>/contribution/", contribution.contribution, name="contribution"),
    path(
        "initiatives/<int:pk>/contribution.html",
        contribution.contribution_file,
        name="contribution_file",
    ),
]
