from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_CHOICES
from .throttle import too_many_failures


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No user with this username."))
        return user


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses to check a password for a username with too many recent failed logins."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and too_many_failures(username):
            raise forms.ValidationError(
                _("Too many failed logins for this account. Wait 15 minutes, or ask an owner to help."),
                code="throttled",
            )
        return super().clean()
