from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "multitrack.web.coordination"
    label = "coordination"
    verbose_name = "Coordination"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
