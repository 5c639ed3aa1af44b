from django.apps import AppConfig


class ConflictMapsConfig(AppConfig):
    name = "multitrack.web.conflictmaps"
    label = "conflictmaps"
    verbose_name = "Conflict maps"
