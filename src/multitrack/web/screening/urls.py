from django.urls import path

from . import review_views, views

app_name = "screening"

urlpatterns = [
    path("lists/", views.lists_page, name="lists"),
    path("lists/entries/", views.entity_list, name="entity_list"),
    path("lists/entries/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("", review_views.queue, name="queue"),
    path("actors/<int:pk>/screen/", review_views.screen_actor, name="screen_actor"),
    path("compartments/<int:pk>/screen/", review_views.screen_compartment, name="screen_compartment"),
    path("hits/<int:pk>/", review_views.hit_detail, name="hit"),
    path("hits/<int:pk>/engagement/", review_views.engagement_form, name="engagement"),
    path("engagements/<int:pk>/approve/", review_views.approve_engagement, name="approve"),
]
