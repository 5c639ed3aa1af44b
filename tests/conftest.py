from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

# A fixed test key, so that tests need no key file; encryption is real (AES-GCM) all the same.
os.environ.setdefault("MULTITRACK_KEY", "qR1Jm0ZkU3pJ5mYbqkQm2yXoV8tGm7vq0m1Xw1f4b2c")

# pytest-xdist starts its workers with COLUMNS=80 and LINES set, and rich would then fix every console's
# width at import; a worker's tests see the environment of a run in one process instead.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)

PASSWORD = "a-long-test-password"


@pytest.fixture
def compartment(db):  # type: ignore[no-untyped-def]
    from tests import factories

    return factories.default_compartment()


@pytest.fixture
def user(db, compartment):  # type: ignore[no-untyped-def]
    """A user who owns the default compartment (every factory row lands there)."""
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("analyst", password=PASSWORD)
    Membership.objects.create(user=user, compartment=compartment, role="owner")
    return user


@pytest.fixture
def auth_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def client_with_role(role: str, compartment):  # type: ignore[no-untyped-def]
    """A logged-in client whose user has `role` in `compartment` (and nothing else)."""
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user(f"{role}-{compartment.pk}", password=PASSWORD)
    Membership.objects.create(user=user, compartment=compartment, role=role)
    client = Client()
    client.force_login(user)
    return client
