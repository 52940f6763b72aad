"""`make rehearse` (`python -m benchmarks.rehearsal --duration 90`): the production rehearsal.

1. Its own database (cpse_rehearsal, dropped and made again) and Redis database (7), the
   demo data and the 3,000-participant scale data (benchmarks/seed_scale.py), static files
   collected under production settings with throwaway secrets. The seeded data (a template
   database and its dump) and the static files are kept for the next runs, keyed by what
   they are made from, in the user's cache folder (KEPT: outside the checkout, so a fresh
   clone, as CI's, finds them).
2. gunicorn (3 workers, the redacting access log), one Celery worker, one beat, and nginx
   in front with a throwaway certificate for localhost, sending X-Forwarded-Proto and
   -For (TRUSTED_PROXY_COUNT=1). Mail goes to a local SMTP stub (smtp.py).
3. Checks that production shape answers as production: HSTS, secure cookies, plain HTTP
   redirected to HTTPS.
4. locust, headless, 20 users, for --duration seconds (locustfile.py), while faults
   happen: the outbox is filled while SMTP refuses, the worker is killed with SIGKILL (and
   started again, as a process manager would), Redis and PostgreSQL are restarted.
5. Afterwards: every write a person was told was saved (hour entries, an application's
   step, a check-in's answers: summary.Writes) is in the database, and every queued message
   reached the SMTP stub exactly once. One table is printed and put at the top of
   benchmarks/RESULTS.md; the exit status is 1 when a goal is missed.

`--ci` (.ci/run: `make rehearse DURATION=45 REHEARSE_ARGS=--ci`): the same run, every
correctness goal enforced, every page's median under summary.CI_CEILING_MS (a short run's
p95 is noise) and the pages whose p95 is over the goal reported; its table is
printed, and written to --output only when one is given (RESULTS.md is for `make rehearse`).

Rules chosen here: nginx, not caddy: Debian's nginx takes a certificate file and starts in
the foreground with a config of our own in a temporary folder, with no ACME or admin API to
keep away from. Everything started here is stopped here; PostgreSQL and Redis are always
left running (faults.ensure_services_running).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import hashlib
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.kept import KEPT
from benchmarks.migration_files import migration_files
from benchmarks.rehearsal import faults
from benchmarks.rehearsal.smtp import SMTPStub
from benchmarks.rehearsal.summary import (
    CI_CEILING_MS,
    RECOVERY_GOAL_S,
    Fault,
    Outcome,
    Probe,
    Request,
    Writes,
    delivery,
    goal_failures,
    lost_overwrites,
    missing_acknowledged,
    over_goal,
    page_figures,
    recovery_seconds,
    summary_table,
)
from benchmarks.run import free_port, machine_description

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
RESULTS_PATH = ROOT / "benchmarks" / "RESULTS.md"
DATABASE = "cpse_rehearsal"
TEMPLATE = "cpse_rehearsal_template"
TEMPLATE_STATE = KEPT / "rehearsal-template.json"
TEMPLATE_DUMP = KEPT / "rehearsal-template.dump"  # current when TEMPLATE_STATE is
REDIS_DB = 7
USERS = 20
OUTBOX_MESSAGES = 40
# When each fault happens, as a share of the load's duration.
SCHEDULE = {
    "smtp refuses, outbox filled": 0.10,
    "worker SIGKILL": 0.25,
    "redis restart": 0.45,
    "postgres restart": 0.65,
}
SMTP_ACCEPTS_AT = 0.80
DRAIN_TIMEOUT_S = 150  # beat's sweep runs every minute: two sweeps and some
SECTION_HEADING = "## Production rehearsal"
HEALTHZ_TIMEOUT_S = 90
WORKER_NOT_READY = f"worker not ready within {RECOVERY_GOAL_S:.0f} s"


def log(message: str) -> None:
    print(f"[rehearse {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- set-up ----------------------------------------------------------------------------


def ensure_nginx() -> str:
    """Debian's nginx, installed when missing (as scripts/ensure-chromium does chromium)."""
    found = shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError("nginx is missing: install Debian's 'nginx-light' package to rehearse.")
    log("installing Debian's nginx-light")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], env=env, check=True, capture_output=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "localhost.crt", folder / "localhost.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def secrets_env() -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "OPEN_BADGES_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def app_env(
    *, folder: Path, https_port: int, smtp_port: int, keys: dict[str, str], production: bool = True, database=DATABASE
):
    env = {
        **os.environ,
        **keys,
        "DJANGO_SETTINGS_MODULE": "cpse.settings",
        "CPSE_ENV": "production" if production else "development",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": f"https://localhost:{https_port}",
        "TRUSTED_PROXY_COUNT": "1",
        "CPSE_VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "private"),
        "EMAIL_DELIVERY": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "3",
        # Retries after a refusal are due within seconds (beat's sweep sends them).
        "NOTIFY_RETRY_BASE_SECONDS": "1",
        # The worker killed mid-send leaves its claims: taken back within the run.
        "NOTIFY_STALE_CLAIM_SECONDS": "20",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("DEBUG", "ALLOW_PLAIN_HTTP"):
        env.pop(name, None)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    completed = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-3000:]}")
    return completed.stdout


def django_side(env: dict[str, str], *args: str) -> object:
    out = manage(env, "-m", "benchmarks.rehearsal.django_side", *args, timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True, capture_output=True
    )


def data_fingerprint() -> str:
    """What the seeded data depends on: every migration and the two seeding modules."""
    digest = hashlib.sha256()
    files = migration_files(ROOT)
    files += [ROOT / "dashboard" / "management" / "commands" / "seed_demo.py", ROOT / "benchmarks" / "seed_scale.py"]
    files += sorted((ROOT / "dashboard" / "demo").glob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_database(dev_env_for) -> dict[str, str]:
    """The seeded database as a PostgreSQL template (migrating and seeding 3,000 people takes
    minutes), made again when a migration or the seeding changes. Its throwaway keys are
    kept beside it (KEPT, never committed): the encrypted fields were written with them.
    So is a pg_dump of it: a PostgreSQL made afresh (CI's) gets the template back from it
    in seconds instead of minutes."""
    fingerprint = data_fingerprint()
    try:
        kept = json.loads(TEMPLATE_STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    exists = (
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{TEMPLATE}'",  # noqa: S608 (a constant)
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        == "1"
    )
    current = kept.get("fingerprint") == fingerprint
    if exists and current:
        log(f"seeded data: the template {TEMPLATE} is current")
        if not TEMPLATE_DUMP.exists():
            _dump_template()
        return kept["keys"]
    if current and TEMPLATE_DUMP.exists():
        log(f"seeded data: the template {TEMPLATE} restored from {TEMPLATE_DUMP.relative_to(ROOT)}")
        psql(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        psql(f"CREATE DATABASE {TEMPLATE}")
        subprocess.run(
            [
                "pg_restore",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "--no-owner",
                f"--dbname={TEMPLATE}",
                str(TEMPLATE_DUMP),
            ],
            check=True,
            capture_output=True,
        )
        return kept["keys"]
    TEMPLATE_DUMP.unlink(missing_ok=True)
    log(f"seeded data: making the template {TEMPLATE} (migrations, demo, 3,000 participants; minutes, once)")
    started = time.monotonic()
    keys = secrets_env()
    psql(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    psql(f"CREATE DATABASE {TEMPLATE}")
    env = dev_env_for(keys, TEMPLATE)
    manage(env, "manage.py", "migrate", "--noinput")
    manage(env, "manage.py", "createcachetable")
    # seed_demo refuses production settings: the data goes in under development ones,
    # with the same keys, so production reads what it wrote.
    manage(env, "manage.py", "seed_demo")
    manage(env, "-m", "benchmarks.seed_scale")
    TEMPLATE_STATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE_STATE.write_text(json.dumps({"fingerprint": fingerprint, "keys": keys}), encoding="utf-8")
    TEMPLATE_STATE.chmod(0o600)
    _dump_template()
    log(f"template made in {time.monotonic() - started:.0f} s")
    return keys


def _dump_template() -> None:
    subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--format=custom", f"--file={TEMPLATE_DUMP}", TEMPLATE],
        check=True,
        capture_output=True,
    )
    TEMPLATE_DUMP.chmod(0o600)


def static_fingerprint() -> str:
    """What collected static files depend on: the project's static folder and the
    packages' versions (the admin's and others' files come from them)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in (ROOT / "static").rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "requirements-dev.lock").read_bytes())
    return digest.hexdigest()[:16]


def static_files(env: dict[str, str], folder: Path) -> None:
    """Static files collected under production settings (collectstatic compresses every
    file: a minute on a busy machine), kept in KEPT per static_fingerprint() and linked
    into the run's folder (settings: STATIC_ROOT is CPSE_VAR_DIR/staticfiles)."""
    kept = KEPT / f"rehearsal-static-{static_fingerprint()}"
    if not (kept / "staticfiles.json").exists():
        log("collecting static files (kept for the next runs)")
        KEPT.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix="static-", dir=KEPT))
        manage({**env, "CPSE_VAR_DIR": str(build)}, "manage.py", "collectstatic", "--noinput", "--verbosity=0")
        for old in KEPT.glob("rehearsal-static-*"):
            shutil.rmtree(old, ignore_errors=True)
        (build / "staticfiles").rename(kept)
        shutil.rmtree(build, ignore_errors=True)
    link = folder / "var" / "staticfiles"
    link.parent.mkdir(parents=True, exist_ok=True)
    # The settings make STATIC_ROOT when they load: an earlier command of this run (making
    # the seeded template on a new machine) leaves an empty folder where the link goes.
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        shutil.rmtree(link)
    link.symlink_to(kept, target_is_directory=True)


def reset_database() -> None:
    """The run's own database, a copy of the template, and its own Redis database, empty."""
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True)


# -- processes -------------------------------------------------------------------------


class Supervisor:
    """Starts the app's processes and starts any that exits again, as a process manager
    (compose's `restart: unless-stopped`) would. Logs go to the run's folder."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder, self.env = folder, env
        self.commands: dict[str, list[str]] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self.starts: dict[str, list[float]] = {}
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def log_path(self, name: str) -> Path:
        """The log of the process's latest start: web-1.log, worker-2.log after a restart."""
        return self.folder / f"{name}-{len(self.starts.get(name, []))}.log"

    def start(self, name: str, command: list[str]) -> None:
        self.commands[name] = command
        self._spawn(name)

    def _spawn(self, name: str) -> None:
        self.starts.setdefault(name, []).append(time.time())
        with self.log_path(name).open("w") as output:
            self.processes[name] = subprocess.Popen(
                self.commands[name],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopped with its children, nothing else
            )

    def watch(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        while not self.stopping.wait(0.5):
            for name, process in list(self.processes.items()):
                if process.poll() is not None and not self.stopping.is_set():
                    log(f"{name} exited ({process.returncode}); starting it again")
                    self._spawn(name)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        os.killpg(self.processes[name].pid, sig)

    def stop_all(self) -> None:
        self.stopping.set()
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def nginx_config(folder: Path, *, https_port: int, app_port: int, cert: Path, key: Path) -> Path:
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    user = ""
    if os.geteuid() == 0:  # its workers run as nobody: their temporary files must be theirs
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chown(temp, nobody.pw_uid, nobody.pw_gid)
        user = "user nobody nogroup;"
    paths = "\n".join(
        f"  {kind}_temp_path {temp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = f"""
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
{paths}
  server {{
    listen 127.0.0.1:{https_port} ssl;
    server_name localhost;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    client_max_body_size 6m;
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


# -- probes ----------------------------------------------------------------------------

_INSECURE = ssl.create_default_context()
_INSECURE.check_hostname = False
_INSECURE.verify_mode = ssl.CERT_NONE


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=_INSECURE))


def get(url: str, timeout: float = 5) -> tuple[int, dict[str, list[str]]]:
    """Status and headers (a redirect is an answer, not followed); 0 when nothing answered."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            response.read()
            return response.status, _headers(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers)
    except (OSError, urllib.error.URLError):
        return 0, {}


def _headers(message) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in message.items():
        found.setdefault(name.lower(), []).append(value)
    return found


def wait_until(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get(url, timeout=3)[0] == 200:
            return True
        time.sleep(0.5)
    return False


def spoofed_lookups(base: str, number: str, count: int = 25) -> list[int]:
    """Certificate lookups, each claiming another client address in X-Forwarded-For."""
    statuses = []
    for n in range(count):
        request = urllib.request.Request(f"{base}/verify/{number}/", headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})
        try:
            with _OPENER.open(request, timeout=10) as response:
                response.read()
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except OSError:
            statuses.append(0)
    return statuses


def production_checks(base: str, app_port: int, certificate_number: str) -> list[str]:
    """What makes it production: HSTS, secure cookies, plain HTTP sent to HTTPS, and only
    the proxy's X-Forwarded-For believed (TRUSTED_PROXY_COUNT=1)."""
    failures = []
    lookups = spoofed_lookups(base, certificate_number)
    if 429 not in lookups:
        failures.append("25 lookups claiming 25 addresses in X-Forwarded-For were never rate-limited")
    status, headers = get(f"{base}/accounts/login/")
    if status != 200:
        failures.append(f"the login page answered {status} through the proxy")
    if "max-age=" not in " ".join(headers.get("strict-transport-security", [])):
        failures.append("no Strict-Transport-Security header through the proxy")
    cookies = headers.get("set-cookie", [])
    if not cookies or not all("secure" in c.lower() for c in cookies):
        failures.append("a cookie was set without Secure")
    plain, plain_headers = get(f"http://localhost:{app_port}/accounts/login/")
    location = " ".join(plain_headers.get("location", []))
    if plain not in (301, 302) or not location.startswith("https://"):
        failures.append(f"plain HTTP was not redirected to HTTPS ({plain})")
    return failures


class Prober:
    """Asks the site every half second whether it answers."""

    def __init__(self, url: str):
        self.url = url
        self.probes: list[Probe] = []
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopping.wait(0.5):
            # Answering at all is what counts here: a slow answer shows in the page figures.
            ok = get(self.url, timeout=10)[0] == 200
            # Timed when the answer came: a probe under way when a fault began tells of it.
            self.probes.append(Probe(time.time(), ok))

    def __enter__(self) -> Prober:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self._thread.join(timeout=5)


def healthz_after(base: str, timeout: float = HEALTHZ_TIMEOUT_S) -> str:
    """/healthz's answer once the faults are over: "200", "absent" (no such page) or the
    last status seen while waiting (beat's heartbeat comes back within its schedule)."""
    status = get(f"{base}/healthz")[0]
    if status == 404:
        return "absent"
    deadline = time.monotonic() + timeout
    while status != 200 and time.monotonic() < deadline:
        time.sleep(2)
        status = get(f"{base}/healthz")[0]
    return str(status)


def worker_ready_after(supervisor: Supervisor, since: float, timeout: float = 60) -> float | None:
    """Seconds until the worker started after `since` said it is ready (its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        starts = [s for s in supervisor.starts.get("worker", []) if s >= since]
        if starts:
            path = supervisor.log_path("worker")
            if path.exists() and " ready." in path.read_text(encoding="utf-8", errors="replace"):
                return round(time.time() - since, 1)
        time.sleep(0.5)
    return None


# -- the run ---------------------------------------------------------------------------


def run_faults(*, duration: float, started: float, supervisor: Supervisor, smtp: SMTPStub, env, state) -> None:
    """The faults, in order, at their share of the load's duration (a thread)."""

    def at(share: float) -> None:
        delay = started + share * duration - time.time()
        if delay > 0:
            time.sleep(delay)

    at(SCHEDULE["smtp refuses, outbox filled"])
    smtp.refusing.set()
    fault = Fault("smtp refuses, outbox filled", time.time())
    state["tokens"] = django_side(env, "fill-outbox", str(OUTBOX_MESSAGES))
    fault.notes = f"{len(state['tokens'])} messages queued while SMTP refused"
    state["faults"].append(fault)

    at(SCHEDULE["worker SIGKILL"])
    fault = Fault("worker SIGKILL", time.time())
    supervisor.kill("worker")
    state["faults"].append(fault)

    def note_ready(fault=fault) -> None:  # in its own thread: the next fault does not wait for it
        ready = worker_ready_after(supervisor, fault.at, timeout=RECOVERY_GOAL_S)
        fault.notes = f"worker ready again after {ready} s" if ready is not None else WORKER_NOT_READY

    threading.Thread(target=note_ready, daemon=True).start()

    at(SCHEDULE["redis restart"])
    fault = Fault("redis restart", time.time())
    starts = {name: len(supervisor.starts.get(name, [])) for name in ("worker", "beat")}
    faults.restart_redis()
    fault.ended = time.time()
    fault.notes = f"restart took {fault.ended - fault.at:.1f} s"
    state["faults"].append(fault)

    def note_alive(fault=fault, starts=starts) -> None:  # the worker and beat reconnect, not exit
        time.sleep(min(10.0, max(0.0, started + SCHEDULE["postgres restart"] * duration - time.time() - 1)))
        exited = [name for name, n in starts.items() if len(supervisor.starts.get(name, [])) > n]
        fault.notes += "; " + (f"{' and '.join(exited)} exited" if exited else "worker and beat stayed up")

    threading.Thread(target=note_alive, daemon=True).start()

    at(SCHEDULE["postgres restart"])
    fault = Fault("postgres restart", time.time())
    faults.restart_postgres()
    fault.ended = time.time()
    fault.notes = f"restart took {fault.ended - fault.at:.1f} s"
    state["faults"].append(fault)

    at(SMTP_ACCEPTS_AT)
    smtp.refusing.clear()
    state["smtp_accepts_at"] = time.time()


def read_requests(path: Path) -> list[Request]:
    requests = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                requests.append(Request(float(parts[0]), parts[1], float(parts[2]), int(parts[3])))
    return requests


def merge_results(existing: str, section: str) -> str:
    """The rehearsal's section at the top (after the file's header), replacing the last one."""
    head, sep, rest = existing.partition("\n## ")
    rest = sep.lstrip("\n") + rest if sep else ""
    parts = [p for p in rest.split("\n## ") if p] if rest else []
    kept = [p if p.startswith("## ") else "## " + p for p in parts]
    kept = [p for p in kept if not p.startswith(SECTION_HEADING)]
    return head.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n\n" + "\n".join(p.rstrip("\n") + "\n" for p in kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=90, help="seconds of load (faults included)")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument(
        "--output", type=Path, help="where the results section goes (benchmarks/RESULTS.md; none with --ci)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs) afterwards")
    parser.add_argument(
        "--ci", action="store_true", help=f"CI: medians under {CI_CEILING_MS:.0f} ms, p95s over the goal reported"
    )
    args = parser.parse_args(argv)
    if args.output is None and not args.ci:
        args.output = RESULTS_PATH
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="cpse-rehearsal-"))
    folder.chmod(0o755)
    outcome_passed: dict[str, bool] = {}  # the logs are kept when the run fails
    try:
        code = _rehearse(args, folder, began)
        outcome_passed["passed"] = code == 0
        return code
    finally:
        down = faults.ensure_services_running()
        if down:
            log(f"COULD NOT START AGAIN: {', '.join(down)}")
        if not args.keep and not down and outcome_passed.get("passed"):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log(f"logs kept in {folder}")


def _rehearse(args, folder: Path, began: float) -> int:
    nginx = ensure_nginx()
    https_port, app_port = free_port(), free_port()
    base = f"https://localhost:{https_port}"
    with SMTPStub(folder / "smtp.jsonl") as smtp:
        keys = template_database(
            lambda keys, database: app_env(
                folder=folder,
                https_port=https_port,
                smtp_port=smtp.port,
                keys=keys,
                production=False,
                database=database,
            )
        )
        env = app_env(folder=folder, https_port=https_port, smtp_port=smtp.port, keys=keys)
        reset_database()
        log(f"database {DATABASE} (from the template), redis db {REDIS_DB}: afresh")
        static_files(env, folder)
        personas = django_side(env, "personas")
        personas_path = folder / "personas.json"
        personas_path.write_text(json.dumps(personas), encoding="utf-8")
        cert, key = throwaway_certificate(folder)
        supervisor = Supervisor(folder, env)
        try:
            supervisor.start(
                "web",
                [
                    *(PY, "-m", "gunicorn", "cpse.wsgi:application", f"--bind=127.0.0.1:{app_port}"),
                    *("--workers=3", "--timeout=30", "--graceful-timeout=5", "--access-logfile=-"),
                    "--logger-class=cpse.access_log.RedactingLogger",
                ],
            )
            supervisor.start("worker", [PY, "-m", "celery", "-A", "cpse", "worker", "--loglevel=INFO"])
            supervisor.start("beat", [PY, "-m", "celery", "-A", "cpse", "beat", "--loglevel=INFO"])
            config = nginx_config(folder, https_port=https_port, app_port=app_port, cert=cert, key=key)
            supervisor.start("nginx", [nginx, "-c", str(config), "-p", str(folder)])
            supervisor.watch()
            # Recovery is what a person sees: the home page answering. /healthz is stricter
            # by design (the outbox's lag, beat's heartbeat in the cache): it is asked once
            # everything has drained, below.
            probe_url = f"{base}/"
            if not wait_until(probe_url, 60):
                raise RuntimeError(f"the site did not answer at {probe_url} within 60 s")
            if worker_ready_after(supervisor, 0, timeout=60) is None:
                raise RuntimeError("the worker did not say it was ready within 60 s")
            shape_failures = production_checks(base, app_port, personas["certificate_number"])
            log(f"up at {base} (probe {probe_url}); {args.users} users for {args.duration:.0f} s, with faults")
            outcome, load_s = _load(args, folder, base, env, supervisor, smtp, probe_url, personas_path)
            outcome.failures = shape_failures + outcome.failures
        finally:
            supervisor.stop_all()
    table = summary_table(outcome)
    print("\n" + table)
    elapsed = time.monotonic() - began
    section = (
        f"{SECTION_HEADING} — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — "
        f"{'PASS' if outcome.passed else 'FAIL'}\n\n"
        f"`make rehearse DURATION={args.duration:.0f}{' REHEARSE_ARGS=--ci' if args.ci else ''}` on the "
        f"uncommitted tree; {machine_description()}. "
        f"{args.users} locust users for {load_s:.0f} s through nginx (TLS) to gunicorn (3 workers), one "
        f"Celery worker, one beat, PostgreSQL and Redis, on 3,000 participants and 100,000 hour entries; "
        f"{elapsed:.0f} s in all. Latency and errors are counted outside the fault windows (from a fault "
        f"until the site answered again and the fault was over, plus 2 s); the last column counts the "
        f"requests inside them.\n\n" + table
    )
    if args.output is not None:
        existing = args.output.read_text(encoding="utf-8") if args.output.exists() else "# Benchmark results\n"
        args.output.write_text(merge_results(existing, section), encoding="utf-8")
    log(f"{'PASS' if outcome.passed else 'FAIL'} in {elapsed:.0f} s; written to {args.output or 'no file'}")
    return 0 if outcome.passed else 1


def _load(args, folder, base, env, supervisor, smtp, probe_url, personas_path) -> tuple[Outcome, float]:
    requests_path, acks_path = folder / "requests.tsv", folder / "acks.txt"
    locust_env = {
        **os.environ,
        "REHEARSAL_PERSONAS": str(personas_path),
        "REHEARSAL_REQUESTS": str(requests_path),
        "REHEARSAL_ACKS": str(acks_path),
    }
    state: dict = {"faults": [], "tokens": []}
    with Prober(probe_url) as prober:
        started = time.time()
        locust = subprocess.Popen(
            [
                *(PY, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py"))),
                *("--headless", "--only-summary", f"--users={args.users}", f"--spawn-rate={args.users}"),
                *(f"--run-time={args.duration:.0f}s", f"--host={base}", "--stop-timeout=5", "--loglevel=WARNING"),
                "--exit-code-on-error=0",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=(folder / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        fault_thread = threading.Thread(
            target=run_faults,
            kwargs={
                "duration": args.duration,
                "started": started,
                "supervisor": supervisor,
                "smtp": smtp,
                "env": env,
                "state": state,
            },
            daemon=True,
        )
        fault_thread.start()
        try:
            locust.wait(timeout=args.duration + 60)
        except subprocess.TimeoutExpired:
            os.killpg(locust.pid, signal.SIGKILL)
            locust.wait()
        load_s = time.time() - started
        fault_thread.join(timeout=120)
        smtp.refusing.clear()
        # After the load: the outbox drains (beat's sweep retries what SMTP refused).
        tokens = state["tokens"]
        tokens_path = folder / "tokens.json"
        tokens_path.write_text(json.dumps(tokens), encoding="utf-8")
        deadline = time.monotonic() + DRAIN_TIMEOUT_S
        outbox = {}
        while tokens and time.monotonic() < deadline:
            outbox = django_side(env, "outbox-state", str(tokens_path))
            if outbox.get("sent", 0) == len(tokens):
                break
            time.sleep(3)
        time.sleep(2)  # a duplicate, if any, would be on its way now
        log(f"outbox after the load: {outbox}; drained {time.time() - started - load_s:.0f} s after it")
        state["healthz"] = healthz_after(base)
        faults_done = state["faults"]
        for index, fault in enumerate(faults_done):
            until = faults_done[index + 1].at if index + 1 < len(faults_done) else None
            fault.recovered_s = recovery_seconds(prober.probes, fault.at, until)
    writes = Writes.parse(acks_path.read_text(encoding="utf-8") if acks_path.exists() else "")
    acks_json, records_json = folder / "acks.json", folder / "records.json"
    acks_json.write_text(json.dumps(writes.new_rows), encoding="utf-8")
    records_json.write_text(json.dumps(sorted(writes.acked)), encoding="utf-8")
    stored = set(django_side(env, "stored-tokens", str(acks_json))) if writes.new_rows else set()
    records = django_side(env, "stored-records", str(records_json)) if writes.acked else {}
    missing = missing_acknowledged(writes.new_rows, stored) + lost_overwrites(writes, records)
    log(f"acknowledged: {len(writes.new_rows)} hour entries, {len(writes.acked)} records written over")
    deliveries = delivery(tokens, smtp.delivered_tokens())
    pages = page_figures(read_requests(requests_path), faults_done, load_s)
    failures = goal_failures(pages, faults_done, missing, deliveries, acknowledged=writes.acknowledged, ci=args.ci)
    if any(fault.notes == WORKER_NOT_READY for fault in faults_done):
        failures.append(f"the worker killed with SIGKILL was not ready again within {RECOVERY_GOAL_S:.0f} s")
    if state["healthz"] not in ("200", "absent"):
        failures.append(f"/healthz did not answer 200 after the recovery ({state['healthz']})")
    if len(faults_done) < len(SCHEDULE):
        failures.append(f"only {len(faults_done)} of {len(SCHEDULE)} faults happened")
    log(f"/healthz after the recovery: {state['healthz']}")
    probes_path = folder / "probes.tsv"
    probes_path.write_text("".join(f"{p.at:.3f}\t{int(p.ok)}\n" for p in prober.probes), encoding="utf-8")
    outcome = Outcome(pages, faults_done, writes.acknowledged, missing, deliveries, failures, load_started=started)
    if args.ci:
        outcome.reported = over_goal(pages)
    return outcome, load_s
