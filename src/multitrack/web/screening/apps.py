from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "multitrack.web.screening"
    label = "screening"
    verbose_name = "Sanctions screening"
