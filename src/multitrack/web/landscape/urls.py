from django.urls import path

from . import views

app_name = "landscape"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.context_page, name="context"),
]
