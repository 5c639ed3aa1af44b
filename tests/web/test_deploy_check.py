"""Django's deployment check, under the settings a production server runs with (HTTPS, no debug), in a
subprocess of the real command. It reads no database: it is not in the PostgreSQL pass (`--db-only`)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "MULTITRACK_HTTPS": "1",
        "MULTITRACK_DATA_DIR": str(tmp_path),
        "MULTITRACK_DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from multitrack.cli import app; app()",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
