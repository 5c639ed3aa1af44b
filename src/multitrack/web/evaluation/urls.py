from django.urls import path

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
]
