"""Key rotation (accounts.keys.rotate) re-seals the chain with the new key through `rechain`."""

from __future__ import annotations

import os

import pytest

from multitrack.web.audit.log import record, verify
from multitrack.web.crypto import keyring, reset_keyring
from tests import factories as f

from .conftest import entries, sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    """The test key moved from MULTITRACK_KEY into a key file, as rotation requires."""
    key = os.environ["MULTITRACK_KEY"]
    monkeypatch.delenv("MULTITRACK_KEY")
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path))
    (tmp_path / "multitrack.key").write_text(key + "\n", encoding="ascii")
    reset_keyring()
    yield tmp_path / "multitrack.key"
    reset_keyring()


def test_rotation_reseals_the_chain(key_file):
    from multitrack.web.accounts import keys

    keys.ensure_key_check()
    f.actor(name="Amina Example")
    record("other", summary="before the rotation")
    count = len(entries())
    old_id, new_id, _rows = keys.rotate()
    assert old_id != new_id and keyring().current.id == new_id
    assert {e.key_id for e in entries()} == {new_id}
    last = entries()[-1]
    assert (last.seq, last.action) == (count + 1, "keys_rotated")
    assert last.summary == f"encryption key {old_id} replaced by {new_id}"
    assert verify().ok and verify().count == count + 1


def test_rotation_refuses_a_broken_chain(key_file):
    from multitrack import config
    from multitrack.web.accounts import keys

    keys.ensure_key_check()
    record("other", summary="one")
    record("other", summary="two")
    sql("UPDATE {t} SET summary = %s WHERE seq = 1", ["edited"])
    with pytest.raises(config.ConfigError, match="the audit log is broken at entry 1"):
        keys.rotate()
    assert len(key_file.read_text(encoding="ascii").split()) == 1  # the key file was not touched
