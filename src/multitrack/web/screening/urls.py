from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("lists/", views.lists_page, name="lists"),
    path("lists/entries/", views.entity_list, name="entity_list"),
    path("lists/entries/<int:pk>/", views.entity_detail, name="entity_detail"),
]
