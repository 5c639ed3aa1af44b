from django.urls import path

from .views import analysis, consultations

app_name = "consultations"

urlpatterns = [
    path("", consultations.consultation_list, name="list"),
    path("new/", consultations.consultation_create, name="create"),
    path("<int:pk>/", consultations.consultation_detail, name="detail"),
    path("<int:pk>/edit/", consultations.consultation_edit, name="edit"),
    path("<int:pk>/statements/", consultations.statement_add, name="statement_add"),
    path("<int:pk>/statements/<int:number>/", consultations.statement_edit, name="statement_edit"),
    path(
        "<int:pk>/statements/<int:number>/moderate/",
        consultations.statement_moderate,
        name="statement_moderate",
    ),
    path("<int:pk>/cards/", consultations.cards_issue, name="cards"),
    path("<int:pk>/cards/revoke/", consultations.card_revoke, name="card_revoke"),
    path("<int:pk>/analysis/", analysis.analysis_page, name="analysis"),
    path("<int:pk>/export.zip", analysis.export_zip, name="export"),
    path("<int:pk>/report/", analysis.report_page, name="report"),
    path("<int:pk>/report/publish/", analysis.report_publish, name="report_publish"),
]
