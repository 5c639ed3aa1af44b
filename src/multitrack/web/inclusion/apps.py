from django.apps import AppConfig


class InclusionConfig(AppConfig):
    name = "multitrack.web.inclusion"
    label = "inclusion"
    verbose_name = "Inclusion analytics"
