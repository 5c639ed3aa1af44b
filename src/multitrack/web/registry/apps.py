from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "multitrack.web.registry"
    label = "registry"
    verbose_name = "Registry"
