"""Encryption at rest, seen from outside: after `multitrack demo --no-serve`, the raw database (the
SQLite file, or a `pg_dump` of the PostgreSQL database) holds none of the demo's identifying or
sensitive values in clear, while the values kept in clear (initiative titles) are found by the same scan.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from multitrack.core.crypto import Key
from tests.datadir import cli_env, demo_data, found_in, ok, person_names, sensitive_strings

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py


def check_scan(blob: bytes, key_file: Path) -> None:
    sensitive = sensitive_strings()
    assert len(sensitive) > 100 and set(person_names()) <= set(sensitive)  # the list is not trivially short
    assert found_in(blob, sensitive) == []
    # The control: values stored in clear are found by the same scan, so the scan reads the data.
    titles = [i["title"] for i in demo_data()["initiatives"]]
    assert found_in(blob, titles) == titles
    # And the encrypted values are there, as tokens of the data folder's key.
    key_id = Key.from_text(key_file.read_text(encoding="ascii")).id
    assert blob.count(f"v1.{key_id}.".encode()) > 3 * len(person_names())


def test_the_sqlite_file_holds_no_identifying_value_in_clear(demo_folder: Path):
    data_dir = demo_folder  # where `demo --no-serve` ran (tests/conftest.py); only read here
    key_file = data_dir / "multitrack.key"
    assert key_file.exists()  # MULTITRACK_KEY is unset: the demo made its own key file
    files = sorted(data_dir.glob("multitrack.sqlite3*"))  # the database, and its WAL if one is left
    assert data_dir / "multitrack.sqlite3" in files
    check_scan(b"".join(f.read_bytes() for f in files), key_file)


def postgres_server() -> str:
    """The URL of the maintenance database of the test server (MULTITRACK_TEST_PG's, or the local one)."""
    if configured := os.environ.get("MULTITRACK_TEST_PG"):
        return urlunsplit(urlsplit(configured)._replace(path="/postgres"))
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432 (set MULTITRACK_TEST_PG)")
    return "postgres://postgres@127.0.0.1:5432/postgres"


def test_a_postgresql_dump_holds_no_identifying_value_in_clear(tmp_path: Path):
    server = postgres_server()
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    if not Path(pg_dump).exists():
        pytest.skip("pg_dump is not installed")
    name = f"mt_at_rest_{secrets.token_hex(6)}"
    url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            data_dir = tmp_path / "data"
            ok("demo", "--no-serve", env=cli_env(data_dir, DATABASE_URL=url))
            assert not (data_dir / "multitrack.sqlite3").exists()  # the data went to PostgreSQL
            dump = subprocess.run([pg_dump, "--dbname", url], capture_output=True, timeout=120, check=False)
            assert dump.returncode == 0, dump.stderr.decode(errors="replace")
            assert b"COPY public.registry_actor" in dump.stdout
            check_scan(dump.stdout, data_dir / "multitrack.key")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
