from django.urls import path

from .views import actors, contexts, documents, events, home, initiatives, relationships

app_name = "registry"

urlpatterns = [
    path("", home.home, name="home"),
    path("glossary/", home.glossary, name="glossary"),
    path("compartments/<int:compartment_pk>/aggregates/", home.funder_view, name="funder_view"),
    path("contexts/", contexts.ContextList.as_view(), name="context_list"),
    path("contexts/new/", contexts.ContextCreate.as_view(), name="context_create"),
    path("contexts/<int:pk>/", contexts.ContextDetail.as_view(), name="context_detail"),
    path("contexts/<int:pk>/edit/", contexts.ContextUpdate.as_view(), name="context_update"),
    path("actors/", actors.ActorList.as_view(), name="actor_list"),
    path("actors/new/", actors.ActorCreate.as_view(), name="actor_create"),
    path("actors/lookup/", actors.lookup, name="actor_lookup"),
    path("actors/<int:pk>/", actors.ActorDetail.as_view(), name="actor_detail"),
    path("actors/<int:pk>/edit/", actors.ActorUpdate.as_view(), name="actor_update"),
    path("actors/<int:pk>/reveal/", actors.reveal, name="actor_reveal"),
    path("actors/<int:pk>/add-to-event/", events.add_to_event, name="actor_add_to_event"),
    path("initiatives/", initiatives.InitiativeList.as_view(), name="initiative_list"),
    path("initiatives/new/", initiatives.InitiativeCreate.as_view(), name="initiative_create"),
    path("initiatives/<int:pk>/", initiatives.InitiativeDetail.as_view(), name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", initiatives.InitiativeUpdate.as_view(), name="initiative_update"),
    path("initiatives/<int:pk>/override/", initiatives.override_track, name="initiative_override"),
    path("initiatives/<int:pk>/override/withdraw/", initiatives.withdraw_override, name="override_withdraw"),
    path("initiatives/<int:initiative_pk>/events/new/", events.EventCreate.as_view(), name="event_create"),
    path(
        "initiatives/<int:initiative_pk>/participants/add/",
        events.add_participation,
        name="participation_add",
    ),
    path("initiatives/<int:pk>/attendance/", events.attendance, name="attendance"),
    path(
        "initiatives/<int:initiative_pk>/participants/new-person/",
        events.add_new_person,
        name="participation_new_person",
    ),
    path("participations/<int:pk>/edit/", events.ParticipationUpdate.as_view(), name="participation_update"),
    path("participations/<int:pk>/remove/", events.remove_participation, name="participation_remove"),
    path("events/<int:pk>/", events.EventDetail.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", events.EventUpdate.as_view(), name="event_update"),
    path("events/<int:event_pk>/notes/add/", events.add_note, name="note_add"),
    path("documents/", documents.DocumentList.as_view(), name="document_list"),
    path("documents/new/", documents.DocumentCreate.as_view(), name="document_create"),
    path("documents/<int:pk>/", documents.DocumentDetail.as_view(), name="document_detail"),
    path("documents/<int:pk>/edit/", documents.DocumentUpdate.as_view(), name="document_update"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
    path("documents/<int:pk>/text.txt", documents.document_text, name="document_text"),
    path("relationships/", relationships.RelationshipList.as_view(), name="relationship_list"),
    path("relationships/new/", relationships.RelationshipCreate.as_view(), name="relationship_create"),
    path(
        "relationships/<int:pk>/edit/", relationships.RelationshipUpdate.as_view(), name="relationship_update"
    ),
]
