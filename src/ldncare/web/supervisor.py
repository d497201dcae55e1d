"""``ldncare serve``'s process supervisor: keep the web server, the task worker
and the reminder planner running.

A child that exits is started again after a pause that doubles with each quick
failure (1 s up to 30 s; back to 1 s once it has run a minute), and the others
are left alone: a dead worker never takes the web server down. SIGTERM or
Ctrl-C stops every child (SIGTERM, then SIGKILL after 10 s) and returns.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

#: A child that ran at least this long had a good run: its back-off starts over.
GOOD_RUN = 60.0
MAX_BACKOFF = 30.0


def _die_with_parent() -> None:
    """Linux: SIGTERM the child when the supervisor dies, even by ``kill -9``."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    backoff: float = 0.5  # doubled before the first restart: 1 s
    restart_at: float | None = field(default=None)
    restarts: int = 0

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, preexec_fn=_die_with_parent)
        self.started, self.restart_at = time.monotonic(), None

    def check(self, now: float) -> None:
        """Start again when it has exited and its pause is over."""
        if self.process is None or self.process.poll() is None:
            return
        if self.restart_at is None:
            ran = now - self.started
            self.backoff = 1.0 if ran >= GOOD_RUN else min(self.backoff * 2, MAX_BACKOFF)
            self.restart_at = now + self.backoff
            print(f"ldncare serve: the {self.name} exited (code {self.process.returncode}); "
                  f"starting it again in {self.backoff:.0f} s", file=sys.stderr, flush=True)
        elif now >= self.restart_at:
            self.restarts += 1
            self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class _Stop(Exception):
    pass


def supervise(children: list[Child], *, poll: float = 0.5) -> None:
    """Run ``children`` until SIGTERM/SIGINT, restarting any that exit."""
    def on_signal(*_: object) -> None:
        raise _Stop

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        for child in children:
            child.start()
        while True:
            time.sleep(poll)
            now = time.monotonic()
            for child in children:
                child.check(now)
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in children:
            child.stop()
        for child in children:
            child.wait()
