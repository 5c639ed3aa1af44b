"""Writers appending at the same time still make one unbroken chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from multitrack.web.audit.log import record, verify

from .conftest import entries

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

WRITERS, EACH = 4, 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite's in-memory test database cannot hold concurrent writers; BEGIN IMMEDIATE serialises them"
        )
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                record("other", summary=f"writer {n} entry {i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = verify()
    assert result.ok and result.count == WRITERS * EACH
    assert [e.seq for e in entries()] == list(range(1, WRITERS * EACH + 1))


APPEND = """
import sys
import django
django.setup()
from multitrack.web.audit.log import record
for i in range(int(sys.argv[2])):
    record("other", summary=f"process {sys.argv[1]} entry {i}")
"""
VERIFY = """
import django
django.setup()
from multitrack.web.audit.log import verify
result = verify()
print(result.ok, result.count, result.first_bad)
"""


def test_concurrent_processes_on_a_sqlite_file(tmp_path):
    """Separate processes on one SQLite file: BEGIN IMMEDIATE (settings.py) serialises the appends."""
    import os
    import subprocess
    import sys

    if os.environ.get("DATABASE_URL"):
        pytest.skip("the threaded test above covers PostgreSQL")
    env = {
        **os.environ,
        "MULTITRACK_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "multitrack.web.settings",
    }
    init = subprocess.run(
        [sys.executable, "-c", "from multitrack.cli import app; app()", "init"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", APPEND, str(n), str(EACH)], env=env, stderr=subprocess.PIPE, text=True
        )
        for n in range(WRITERS)
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read() if writer.stderr else ""
    check = subprocess.run([sys.executable, "-c", VERIFY], env=env, capture_output=True, text=True)
    assert check.stdout == f"True {WRITERS * EACH} None\n", check.stderr
