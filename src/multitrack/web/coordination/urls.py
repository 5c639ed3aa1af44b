from django.urls import path

from . import views

app_name = "coordination"
urlpatterns = [
    path("", views.index, name="index"),
    path("spaces/<int:pk>/", views.space_page, name="space"),
    path("spaces/<int:pk>/join/", views.join, name="join"),
    path("spaces/<int:pk>/leave/", views.leave, name="leave"),
    path("spaces/<int:pk>/invite/", views.invite, name="invite"),
    path("spaces/<int:pk>/linkage/secret/", views.linkage_secret, name="linkage_secret"),
    path("spaces/<int:pk>/linkage/submit/", views.linkage_submit, name="linkage_submit"),
    path("initiatives/<int:pk>/card/", views.card, name="card"),
    path("initiatives/<int:pk>/card/withdraw/", views.card_withdraw, name="card_withdraw"),
]
