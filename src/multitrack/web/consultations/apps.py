from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "multitrack.web.consultations"
    label = "consultations"
    verbose_name = "Consultations"
