"""The participant's pages, at a short address for printed cards: /c/<token>/."""

from django.urls import path

from .views import participate

urlpatterns = [
    path("<str:token>/", participate.participate, name="participate"),
    path("<str:token>/start/", participate.participate_start, name="participate_start"),
    path("<str:token>/vote/", participate.participate_vote, name="participate_vote"),
    path("<str:token>/statement/", participate.participate_statement, name="participate_statement"),
    path("<str:token>/votes/", participate.participate_votes, name="participate_votes"),
    path("<str:token>/withdraw/", participate.participate_withdraw, name="participate_withdraw"),
]
