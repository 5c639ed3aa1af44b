"""The encryption key and backups, through the real `multitrack` command in a subprocess.

Each test works on its own copy of the data folder the run prepared with `demo --no-serve` (SQLite, key
file; tests/conftest.py), with MULTITRACK_KEY and DATABASE_URL unset.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from multitrack.core.crypto import Key, generate_key
from tests.datadir import cli_env, ok, one_line_error, person_names, run_cli, sensitive_strings

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

PASSPHRASE = "correct horse battery"


@pytest.fixture
def data(demo_folder: Path, tmp_path: Path) -> Path:
    """A copy of the run's demo data folder (tests/conftest.py), for this test to change."""
    path = tmp_path / "data"
    shutil.copytree(demo_folder, path)
    return path


def key_text(data_dir: Path) -> str:
    return (data_dir / "multitrack.key").read_text(encoding="ascii")


def key_id(text: str) -> str:
    return Key.from_text(text).id


def audit_count(env: dict[str, str]) -> int:
    stdout = ok("audit", "verify", env=env)
    assert stdout.startswith("Audit log intact: "), stdout
    return int(stdout.split(": ")[1].split()[0])


def test_init_makes_a_key_that_opens_the_new_database(tmp_path: Path):
    data_dir = tmp_path / "data"
    env = cli_env(data_dir)
    assert "Ready: migrations applied, keys in place." in ok("init", env=env)
    key = data_dir / "multitrack.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert ok("keys", "check", env=env) == f"The key {key_id(key.read_text())} opens this database.\n"
    ok("init", env=env)  # idempotent: the same key
    assert ok("keys", "check", env=env) == f"The key {key_id(key.read_text())} opens this database.\n"


def test_a_wrong_key_stops_every_command_before_it_reads_or_writes(data: Path, tmp_path: Path):
    env = cli_env(data)
    right = key_text(data)
    entries = audit_count(env)
    wrong = generate_key() + "\n"
    (data / "multitrack.key").write_text(wrong, encoding="ascii")
    expected = (
        f"the encryption key in {data / 'multitrack.key'} (id {key_id(wrong)}) does not open this database, "
        f"which was encrypted with key {key_id(right)}; restore the right key file or set MULTITRACK_KEY"
    )
    commands = {
        ("keys", "check"): 1,
        ("serve", "--port", "0"): 2,  # refuses before it listens (the timeout only guards a hang)
        ("demo", "--no-serve"): 2,
        ("init",): 2,
        ("export", "actors"): 2,
        ("audit", "verify"): 2,
        ("compartment", "add", "Intruder"): 2,
        ("keys", "rotate"): 2,
        ("backup", str(tmp_path / "archive"), "--passphrase", PASSPHRASE): 2,
    }
    for args, code in commands.items():
        result = run_cli(*args, env=env, timeout=60)
        assert one_line_error(result, code) == expected, args
        assert result.stdout == "", args
    assert key_text(data) == wrong  # the key file was left alone
    assert not (tmp_path / "archive").exists()
    # Nothing was written under the wrong key: with the right one, the same log verifies, no compartment.
    (data / "multitrack.key").write_text(right, encoding="ascii")
    assert audit_count(env) == entries
    assert "Intruder" not in ok("compartment", "list", env=env)


@pytest.mark.parametrize(
    ("garbage", "problem"),
    [("garbage", "the key must be 32 bytes, got 5"), ("not-a-key", "the key is not URL-safe base64")],
)
def test_a_malformed_key_is_a_one_line_error(data: Path, tmp_path: Path, garbage: str, problem: str):
    env = cli_env(data, MULTITRACK_KEY=garbage)
    expected = f"the encryption key in MULTITRACK_KEY is not usable: {problem}"
    for args, code in {
        ("keys", "check"): 1,
        ("serve", "--port", "0"): 2,
        ("demo", "--no-serve"): 2,
        ("export", "actors"): 2,
    }.items():
        assert one_line_error(run_cli(*args, env=env, timeout=60), code) == expected, args
    # Also for a new data folder, where no key is recorded yet.
    fresh = run_cli("init", env=cli_env(tmp_path / "fresh", MULTITRACK_KEY=garbage))
    assert one_line_error(fresh, 2) == expected
    assert not (tmp_path / "fresh" / "multitrack.key").exists()


def test_a_missing_key_file_is_an_error_and_is_never_replaced(data: Path):
    env = cli_env(data)
    recorded = key_id(key_text(data))
    (data / "multitrack.key").unlink()
    expected = (
        f"no encryption key: {data / 'multitrack.key'} does not exist and MULTITRACK_KEY is not set, but "
        f"this database was encrypted with key {recorded}; restore that key file or set MULTITRACK_KEY"
    )
    commands = {
        ("keys", "check"): 1,
        ("serve", "--port", "0"): 2,
        ("export", "actors"): 2,
        # Even the commands that make a key for a new database do not make one for this one.
        ("init",): 2,
        ("demo", "--no-serve"): 2,
    }
    for args, code in commands.items():
        assert one_line_error(run_cli(*args, env=env, timeout=60), code) == expected, args
        assert not (data / "multitrack.key").exists(), args


def test_rotation_replaces_the_key_and_every_value_still_opens(data: Path):
    env = cli_env(data)
    old = key_text(data)
    actors = ok("export", "actors", env=env)
    initiatives = ok("export", "initiatives", env=env)
    assert all(name in actors for name in person_names())  # the export holds the decrypted names
    stdout = ok("keys", "rotate", env=env)
    new = key_text(data)
    assert len(new.splitlines()) == 1 and new.strip() != old.strip()
    assert stdout.startswith(f"Key {key_id(old)} replaced by {key_id(new)}: ")
    assert stdout.endswith(" rows re-encrypted; the audit log was re-sealed.\n")
    assert ok("export", "actors", env=env) == actors
    assert ok("export", "initiatives", env=env) == initiatives
    audit_count(env)  # the re-sealed log verifies with the new key
    assert ok("keys", "check", env=env) == f"The key {key_id(new)} opens this database.\n"
    stored = (data / "multitrack.sqlite3").read_bytes()
    assert f"v1.{key_id(old)}.".encode() not in stored and f"v1.{key_id(new)}.".encode() in stored
    # The old key alone no longer opens the database.
    (data / "multitrack.key").write_text(old, encoding="ascii")
    assert "does not open this database" in one_line_error(run_cli("keys", "check", env=env), 1)


def test_rotation_refuses_a_key_from_the_environment(data: Path):
    key = key_text(data)
    env = cli_env(data, MULTITRACK_KEY=key.strip())
    assert ok("keys", "check", env=env)  # the key is right: only where it is kept is the problem
    message = one_line_error(run_cli("keys", "rotate", env=env), 2)
    assert message.startswith("MULTITRACK_KEY is set: rotate with a key file")
    assert key_text(data) == key


def test_backup_and_restore_round_trip(data: Path, tmp_path: Path):
    env = cli_env(data)
    archive = tmp_path / "multitrack.mtbak"
    assert ok("backup", archive, "--passphrase", PASSPHRASE, env=env).startswith("Wrote ")
    by_env = tmp_path / "by-env.mtbak"
    ok("backup", by_env, env=cli_env(data, MULTITRACK_BACKUP_PASSPHRASE=PASSPHRASE))
    for path in (archive, by_env):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        raw = path.read_bytes()
        assert json.loads(raw)["format"] == "multitrack-backup"
        assert key_text(data).strip().encode() not in raw
        assert [s for s in sensitive_strings() if s.encode() in raw] == []

    restored = tmp_path / "restored"
    renv = cli_env(restored, MULTITRACK_BACKUP_PASSPHRASE=PASSPHRASE)
    assert ok("restore", by_env, env=renv).startswith("Restored ")
    assert key_text(restored) == key_text(data)
    for kind in ("actors", "initiatives"):
        assert ok("export", kind, env=renv) == ok("export", kind, env=env), kind
    audit_count(renv)
    assert ok("keys", "check", env=renv)

    # Only into an empty data folder: one holding this database, or another key.
    again = one_line_error(run_cli("restore", archive, env=renv), 2)
    assert again == "the database is not empty: restore into a new data folder or database"
    other = tmp_path / "other"
    ok("init", env=cli_env(other))
    into_other = run_cli("restore", archive, env=cli_env(other, MULTITRACK_BACKUP_PASSPHRASE=PASSPHRASE))
    assert one_line_error(into_other, 2) == (
        f"{other / 'multitrack.key'} already holds another key: restore into an empty data folder"
    )


def test_restore_checks_the_passphrase_before_writing_anything(data: Path, tmp_path: Path):
    archive = tmp_path / "multitrack.mtbak"
    ok("backup", archive, "--passphrase", PASSPHRASE, env=cli_env(data))
    altered = tmp_path / "altered.mtbak"
    envelope = json.loads(archive.read_text(encoding="ascii"))
    body = envelope["ciphertext"]
    envelope["ciphertext"] = body[:100] + ("A" if body[100] != "A" else "B") + body[101:]
    altered.write_text(json.dumps(envelope), encoding="ascii")
    for path, passphrase in ((archive, "wrong horse battery"), (altered, PASSPHRASE)):
        target = tmp_path / f"target-{path.stem}"
        result = run_cli("restore", path, "--passphrase", passphrase, env=cli_env(target))
        assert one_line_error(result, 2) == f"{path}: wrong passphrase, or the archive was altered"
        assert not (target / "multitrack.key").exists() and not (target / "multitrack.sqlite3").exists()


def test_backup_refuses_a_short_or_missing_passphrase(data: Path, tmp_path: Path):
    archive = tmp_path / "multitrack.mtbak"
    short = run_cli("backup", archive, "--passphrase", "too short", env=cli_env(data))
    assert one_line_error(short, 2) == "the passphrase must be at least 12 characters"
    missing = run_cli("backup", archive, env=cli_env(data))
    assert one_line_error(missing, 2) == "give a passphrase with --passphrase or MULTITRACK_BACKUP_PASSPHRASE"
    assert not archive.exists()
