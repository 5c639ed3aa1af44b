from django.apps import AppConfig


class MappingConfig(AppConfig):
    """No models, no views: the migration history of the tables now owned by conflictmaps and ucdp."""

    name = "multitrack.web.mapping"
    label = "mapping"
    verbose_name = "Mapping (migration history only)"
