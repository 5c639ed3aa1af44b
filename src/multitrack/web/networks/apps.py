from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "multitrack.web.networks"
    label = "networks"
    verbose_name = "Actor networks"
