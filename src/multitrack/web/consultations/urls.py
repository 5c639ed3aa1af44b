from django.urls import path

from . import analysis_views, views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/statements/", views.statement_add, name="statement_add"),
    path("<int:pk>/statements/<int:number>/", views.statement_edit, name="statement_edit"),
    path("<int:pk>/statements/<int:number>/moderate/", views.statement_moderate, name="statement_moderate"),
    path("<int:pk>/cards/", views.cards_issue, name="cards"),
    path("<int:pk>/cards/revoke/", views.card_revoke, name="card_revoke"),
    path("<int:pk>/analysis/", analysis_views.analysis_page, name="analysis"),
    path("<int:pk>/export.zip", analysis_views.export_zip, name="export"),
    path("<int:pk>/report/", analysis_views.report_page, name="report"),
    path("<int:pk>/report/publish/", analysis_views.report_publish, name="report_publish"),
]
