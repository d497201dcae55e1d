"""The SQLite database holds health data, password hashes and TOTP seeds: it
is created readable by its owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys


def test_a_new_sqlite_database_file_is_created_0600(tmp_path):
    env = {**os.environ, "LDNCARE_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "ldncare.web.settings"}
    subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, check=True)
    mode = stat.S_IMODE((tmp_path / "ldncare.sqlite3").stat().st_mode)
    assert mode == 0o600
