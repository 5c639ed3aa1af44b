from django.urls import path

from .views import lists, review

app_name = "screening"

urlpatterns = [
    path("lists/", lists.lists_page, name="lists"),
    path("lists/entries/", lists.entity_list, name="entity_list"),
    path("lists/entries/<int:pk>/", lists.entity_detail, name="entity_detail"),
    path("", review.queue, name="queue"),
    path("actors/<int:pk>/screen/", review.screen_actor, name="screen_actor"),
    path("compartments/<int:pk>/screen/", review.screen_compartment, name="screen_compartment"),
    path("hits/<int:pk>/", review.hit_detail, name="hit"),
    path("hits/<int:pk>/engagement/", review.engagement_form, name="engagement"),
    path("engagements/<int:pk>/approve/", review.approve_engagement, name="approve"),
]
