"""`ldncare serve` supervises its children: when the task worker or the
reminder planner dies it is started again, and the web server keeps running;
SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path


def supervisor_script(tmp: Path) -> str:
    web = f"import os,time; open({str(tmp / 'web.pid')!r},'w').write(str(os.getpid())); time.sleep(600)"
    dying = f"open({str(tmp / 'worker.runs')!r},'a').write('run\\n'); raise SystemExit(3)"
    return textwrap.dedent(f"""
        import sys
        from ldncare.web.supervisor import Child, supervise
        supervise([Child("web server", [sys.executable, "-c", {web!r}]),
                   Child("task worker", [sys.executable, "-c", {dying!r}])], poll=0.1)
    """)


def wait_for(predicate, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_dying_worker_is_restarted_and_the_web_server_never_stopped(tmp_path):
    supervisor = subprocess.Popen([sys.executable, "-c", supervisor_script(tmp_path)],
                                  stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: (tmp_path / "web.pid").exists())
        web_pid = int((tmp_path / "web.pid").read_text())
        runs = tmp_path / "worker.runs"
        assert wait_for(lambda: runs.exists() and len(runs.read_text().split()) >= 3)
        assert alive(web_pid)
        assert int((tmp_path / "web.pid").read_text()) == web_pid  # never restarted
    finally:
        supervisor.send_signal(signal.SIGTERM)
        _, stderr = supervisor.communicate(timeout=20)
    assert supervisor.returncode == 0
    assert b"the task worker exited (code 3); starting it again" in stderr
    assert wait_for(lambda: not alive(web_pid), 5)
