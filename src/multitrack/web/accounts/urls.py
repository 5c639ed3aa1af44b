from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import ThrottledAuthenticationForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url="/"), name="password_change"),
    path("compartments/", views.compartment_list, name="compartment_list"),
    path("compartments/<int:pk>/members/", views.compartment_members, name="compartment_members"),
    path(
        "compartments/<int:pk>/members/<int:membership_pk>/remove/",
        views.remove_member,
        name="compartment_member_remove",
    ),
]
