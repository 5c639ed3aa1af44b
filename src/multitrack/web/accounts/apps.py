from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "multitrack.web.accounts"
    label = "accounts"
