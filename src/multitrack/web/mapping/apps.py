from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "multitrack.web.mapping"
    label = "mapping"
    verbose_name = "Actor and network mapping"
