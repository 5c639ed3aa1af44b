from __future__ import annotations

import os
import shutil
from pathlib import Path

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


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> None:
    """Hash passwords with a fast hasher in the tests: Argon2 (the project's) takes a tenth of a second or
    more per hash, and the suite makes and checks hundreds. Hashes made with Argon2 still verify;
    tests/web/test_discretion.py checks that the project's own setting hashes with Argon2."""
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


# The fixtures through which a test reaches the test database (pytest-django's; every fixture here that
# touches the database asks for one of them).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-only",
        action="store_true",
        help="run only the tests that use the test database (the second, PostgreSQL pass of `make test`: "
        "every other test does not depend on the database and has run in the first pass)",
    )


def uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def runs_long(item: pytest.Item) -> bool:
    """Marked `slow` (subprocesses of the real command, a real server, exhaustive attackers, the model's
    load), or driving Chromium."""
    return item.get_closest_marker("slow") is not None or item.get_closest_marker("browser") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The long tests first, each module's in their order. `make test` runs pytest-xdist with
    # `--dist worksteal`: each worker starts on half of this list and a worker that runs out takes the
    # last half of the other's queue, so the long tests run early and the pass ends on short ones.
    items.sort(key=lambda item: not runs_long(item))
    if not config.getoption("--db-only"):
        return
    kept = [item for item in items if uses_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept


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


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A data folder where `multitrack demo --no-serve` has run in a subprocess (SQLite, its own key file),
    made once for the whole run: pytest-xdist's workers share it, the first to ask makes it. Tests copy it
    (`copy_demo_folder`) and never change it."""
    from filelock import FileLock

    from tests.datadir import cli_env, ok

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each worker has its own base folder inside the run's
        root = root.parent
    path, done = root / "demo-folder", root / "demo-folder.done"
    with FileLock(root / "demo-folder.lock"):
        if not done.exists():
            shutil.rmtree(path, ignore_errors=True)
            ok("demo", "--no-serve", env=cli_env(path))
            done.touch()
    return path
