from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("", views.map_list, name="list"),
    path("new/", views.map_create, name="create"),
    path("compare/", views.compare, name="compare"),
    path("context/<int:context_pk>/", views.timeline, name="timeline"),
    path("<int:pk>/", views.map_detail, name="detail"),
    path("<int:pk>/data.json", views.map_data, name="data"),
    path("<int:pk>/map.svg", views.map_svg, name="svg"),
    path("<int:pk>/map.png", views.map_png, name="png"),
    path("<int:pk>/positions/", views.save_positions, name="positions"),
    path("<int:pk>/save/", views.map_save, name="save"),
    path("<int:pk>/delete/", views.map_delete, name="delete"),
    path("<int:pk>/new-version/", views.new_version, name="new_version"),
    path("<int:pk>/nodes/add/", views.node_add, name="node_add"),
    path("<int:pk>/ties/add/", views.tie_add, name="tie_add"),
    path("<int:pk>/factors/add/", views.factor_add, name="factor_add"),
    path("<int:pk>/contributors/add/", views.contributor_add, name="contributor_add"),
    path("<int:pk>/comments/add/", views.comment_add, name="comment_add"),
    path("<int:pk>/undo/<str:token>/", views.undo_removal, name="undo"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node_edit"),
    path("nodes/<int:pk>/rename/", views.node_rename, name="node_rename"),
    path("ties/<int:pk>/edit/", views.tie_edit, name="tie_edit"),
    path("factors/<int:pk>/edit/", views.factor_edit, name="factor_edit"),
    path("contributors/<int:pk>/edit/", views.contributor_edit, name="contributor_edit"),
    path("<str:kind>/<int:pk>/remove/", views.element_remove, name="remove"),
]
