from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PASSWORD = "a-long-test-password"


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_user("analyst", password=PASSWORD)


@pytest.fixture
def auth_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client
