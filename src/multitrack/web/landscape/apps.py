from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "multitrack.web.landscape"
    label = "landscape"
    verbose_name = "Landscape"
