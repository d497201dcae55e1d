"""Who is using the data directory: ``ldncare serve`` and the task worker hold
a shared lock on ``DATA_DIR/ldncare.lock`` while they run; ``ldncare restore``
needs it exclusively, so it refuses to replace data under a running server.

The lock is an advisory ``flock``: the kernel drops it when the process dies,
even by ``kill -9``, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class Busy(Exception):
    """The lock is held in a conflicting way by another process."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / "ldncare.lock"


def _open(data_dir: Path) -> IO[bytes]:
    fd = os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT, 0o600)
    return os.fdopen(fd, "r+b")


def hold_shared(data_dir: Path) -> IO[bytes]:
    """Take the shared (running) lock; keep the returned file open while running.
    Raises :class:`Busy` while a restore holds it exclusively."""
    return _take(data_dir, fcntl.LOCK_SH)


def hold_exclusive(data_dir: Path) -> IO[bytes]:
    """Take the exclusive (maintenance) lock. Raises :class:`Busy` while a
    server or worker runs on this data directory."""
    return _take(data_dir, fcntl.LOCK_EX)


def _take(data_dir: Path, mode: int) -> IO[bytes]:
    handle = _open(data_dir)
    try:
        fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise Busy(str(lock_path(data_dir))) from None
    return handle
