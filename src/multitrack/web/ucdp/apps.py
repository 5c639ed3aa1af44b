from django.apps import AppConfig


class UcdpConfig(AppConfig):
    name = "multitrack.web.ucdp"
    label = "ucdp"
    verbose_name = "Public conflict data (UCDP)"
