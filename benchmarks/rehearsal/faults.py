"""The faults the rehearsal causes, and the promise that PostgreSQL and Redis are left running.

Rules chosen here: PostgreSQL and Redis are the machine's own servers (CI and other sessions
use them), restarted the way this machine's notes say; `ensure_services_running` is called
whatever happened, and starts either one that does not answer.
"""

from __future__ import annotations

import glob
import os
import subprocess
import time

REDIS_START = [
    "redis-server",
    *("--daemonize", "yes", "--bind", "127.0.0.1 -::1", "--port", "6379", "--save", ""),
    *("--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"),
]


def _run(command: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def _postgres_version() -> str:
    versions = sorted(os.path.basename(p) for p in glob.glob("/etc/postgresql/*"))
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1]


def postgres_answers() -> bool:
    return _run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "2"], timeout=10).returncode == 0


def redis_answers() -> bool:
    try:
        return _run(["redis-cli", "-h", "127.0.0.1", "ping"], timeout=5).stdout.strip() == "PONG"
    except subprocess.TimeoutExpired:
        return False


def restart_postgres() -> None:
    _run(["pg_ctlcluster", "--skip-systemctl-redirect", _postgres_version(), "main", "restart"], timeout=120)


def start_postgres() -> None:
    _run(["pg_ctlcluster", "--skip-systemctl-redirect", _postgres_version(), "main", "start"], timeout=120)


def restart_redis() -> None:
    _run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], timeout=10)
    for _ in range(50):  # until the old one has let go of the port
        if not redis_answers():
            break
        time.sleep(0.1)
    _run(REDIS_START, timeout=30)


def ensure_services_running(wait_s: float = 30) -> list[str]:
    """Start PostgreSQL and Redis if they do not answer; what is still down after `wait_s`."""
    if not redis_answers():
        _run(REDIS_START, timeout=30)
    if not postgres_answers():
        start_postgres()
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        down = [name for name, answers in (("redis", redis_answers), ("postgresql", postgres_answers)) if not answers()]
        if not down:
            return []
        time.sleep(0.5)
    return down
