from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "multitrack.web.evaluation"
    label = "evaluation"
    verbose_name = "Monitoring and evaluation"
