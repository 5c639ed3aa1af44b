from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "multitrack.web.coordination"
    label = "coordination"
    verbose_name = "Coordination"
