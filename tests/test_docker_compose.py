"""The production shape (docker-compose.yml, Dockerfile) holds together.

No Docker engine runs here, so these read the files and check them against the code:
the commands name modules that exist, beat runs once, secrets come from the environment.
"""

import fnmatch
import importlib
import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.conf import settings

from cpse.access_log import RedactingLogger

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|KEY|TOKEN", re.IGNORECASE)
# "${NAME}", "${NAME:?message}", "${NAME:-default}": a value compose takes from the environment.
SUBSTITUTION = re.compile(r"^\$\{(?P<name>[A-Z_][A-Z0-9_]*)(?:(?P<op>:?[?-])(?P<arg>[^}]*))?\}$")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command_of(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def shell_words(service: dict) -> list[list[str]]:
    """A command's simple commands: `sh -c "a && b"` gives [[a...], [b...]]."""
    words = command_of(service)
    if words[:2] in (["sh", "-c"], ["bash", "-c"], ["/bin/sh", "-c"]):
        return [shlex.split(part) for part in re.split(r"&&|;", words[2])]
    return [words]


def env_of(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def depends_on(service: dict) -> dict[str, str | None]:
    deps = service.get("depends_on", {})
    if isinstance(deps, list):
        return dict.fromkeys(deps)
    return {name: (spec or {}).get("condition") for name, spec in deps.items()}


def option(words: list[str], *names: str) -> str | None:
    """The value of `--name value` or `--name=value` (first of names found)."""
    for i, word in enumerate(words):
        for name in names:
            if word == name and i + 1 < len(words):
                return words[i + 1]
            if word.startswith(name + "=") and name.startswith("--"):
                return word.split("=", 1)[1]
    return None


def celery_subcommand(words: list[str]) -> str | None:
    if not words or Path(words[0]).name != "celery":
        return None
    rest = [w for i, w in enumerate(words[1:], 1) if not w.startswith("-") and words[i - 1] not in ("-A", "--app")]
    return rest[0] if rest else None


def runs_beat(words: list[str]) -> bool:
    sub = celery_subcommand(words)
    return sub == "beat" or (sub == "worker" and ("-B" in words or "--beat" in words))


def all_commands(services: dict) -> dict[str, list[list[str]]]:
    return {name: shell_words(service) for name, service in services.items() if "command" in service}


# -- services --------------------------------------------------------------------------


def test_the_five_services_exist(services):
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)


def test_infrastructure_images(services):
    assert services["postgres"]["image"].split(":")[1].startswith("15")
    assert services["redis"]["image"].split(":")[1].startswith("7")


def test_app_services_share_the_image_built_here(services):
    for name in APP_SERVICES:
        assert services[name].get("build") in (".", {"context": "."}), name
        assert services[name].get("image") == services["web"].get("image"), name


def test_web_runs_gunicorn_on_the_real_wsgi_application(services):
    words = command_of(services["web"])
    assert Path(words[0]).name == "gunicorn"
    target = next(word for word in words[1:] if ":" in word and not word.startswith("-"))
    module_name, attribute = target.split(":")
    assert target == "cpse.wsgi:application"
    assert importlib.util.find_spec(module_name) is not None
    assert callable(getattr(importlib.import_module(module_name), attribute))
    assert f"{module_name}.{attribute}" == settings.WSGI_APPLICATION
    assert option(words, "--bind", "-b") == "0.0.0.0:8000"
    assert int(option(words, "--workers", "-w")) >= 2


def test_web_is_reachable_on_its_port(services):
    ports = [str(p) for p in services["web"].get("ports", []) + services["web"].get("expose", [])]
    assert any(p == "8000" or p.endswith(":8000") for p in ports)


@pytest.mark.parametrize("name,subcommand", [("worker", "worker"), ("beat", "beat")])
def test_celery_services_use_the_project_app(services, name, subcommand):
    words = command_of(services[name])
    assert celery_subcommand(words) == subcommand
    app_module = option(words, "-A", "--app")
    assert app_module == "cpse"
    # `celery -A cpse` finds cpse.celery's `app` (and the package re-exports it).
    assert importlib.util.find_spec(f"{app_module}.celery") is not None
    app = importlib.import_module(f"{app_module}.celery").app
    assert isinstance(app, Celery)
    assert importlib.import_module(app_module).celery_app is app
    assert option(words, "--loglevel", "-l").upper() == "INFO"


def test_exactly_one_beat_and_no_embedded_beat(services):
    beats = [name for name, commands in all_commands(services).items() for words in commands if runs_beat(words)]
    assert beats == ["beat"]
    for name, commands in all_commands(services).items():
        for words in commands:
            if celery_subcommand(words) == "worker":
                assert "-B" not in words and "--beat" not in words, name


def test_beat_is_never_replicated(services):
    beat = services["beat"]
    assert int(beat.get("deploy", {}).get("replicas", 1)) <= 1
    assert "scale" not in beat or int(beat["scale"]) <= 1


def test_migrations_run_before_the_app_starts(services):
    """Either web's own command migrates first, or a one-shot service does and all app
    services wait for it to finish."""

    def migrates(commands: list[list[str]]) -> bool:
        joined = [" ".join(words) for words in commands]
        migrate_at = next((i for i, c in enumerate(joined) if "manage.py migrate" in c and "--noinput" in c), None)
        cache_at = next((i for i, c in enumerate(joined) if "manage.py createcachetable" in c), None)
        return migrate_at is not None and cache_at is not None

    web_commands = shell_words(services["web"])
    if migrates(web_commands):
        assert "gunicorn" in " ".join(web_commands[-1])
        return
    one_shots = [
        name
        for name, condition in depends_on(services["web"]).items()
        if condition == "service_completed_successfully" and migrates(shell_words(services[name]))
    ]
    assert len(one_shots) == 1, "web must depend on a one-shot service running migrate and createcachetable"
    migrate_service = services[one_shots[0]]
    assert migrate_service.get("restart", "no") == "no"
    assert "deploy" not in migrate_service
    for name in APP_SERVICES:
        assert depends_on(services[name]).get(one_shots[0]) == "service_completed_successfully", name


def test_app_services_wait_for_healthy_postgres_and_redis(services):
    app_like = [name for name, service in services.items() if "build" in service]
    assert set(APP_SERVICES) <= set(app_like)
    for name in app_like:
        deps = depends_on(services[name])
        for backing in ("postgres", "redis"):
            assert backing in deps, (name, backing)
            if "healthcheck" in services[backing]:
                assert deps[backing] == "service_healthy", (name, backing)


def test_backing_services_have_healthchecks(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])


# -- environment -----------------------------------------------------------------------


def test_app_environment_points_at_the_compose_services(services):
    for name in APP_SERVICES:
        env = env_of(services[name])
        assert env["CPSE_ENV"] == "production", name
        assert re.fullmatch(
            r"postgres(ql)?://cpse:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432/cpse", env["DATABASE_URL"]
        )
        assert re.fullmatch(r"redis://redis:6379/\d+", env["REDIS_URL"])
        assert env["MEDIA_ROOT"] == "/data/private"
        assert env["CPSE_VAR_DIR"] == "/data/var"
        assert "ALLOWED_HOSTS" in env


def test_app_environment_names_are_settings_the_app_reads(services):
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "cpse").rglob("*.py"))
    read = set(re.findall(r"""env(?:str|bool|int|list|choice)\(\s*["']([A-Z0-9_]+)["']""", source))
    for name in APP_SERVICES:
        unknown = set(env_of(services[name])) - read
        assert not unknown, f"{name} sets variables settings.py never reads: {sorted(unknown)}"


def test_required_secrets_come_from_the_environment(services):
    for name in APP_SERVICES:
        env = env_of(services[name])
        for key in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "SITE_URL"):
            match = SUBSTITUTION.match(env[key])
            assert match and match["name"] == key, (name, key, env[key])
            # `:?` makes compose refuse to start without it rather than run with "".
            assert match["op"] == ":?", (name, key)
    password = SUBSTITUTION.match(env_of(services["postgres"])["POSTGRES_PASSWORD"])
    assert password and password["name"] == "POSTGRES_PASSWORD" and password["op"] == ":?"


def test_no_literal_secret_values_anywhere(services):
    for name, service in services.items():
        for key, value in env_of(service).items():
            if SECRET_NAMES.search(key):
                match = SUBSTITUTION.match(value)
                assert match, f"{name}.{key} must be a ${{...}} substitution"
                # A default would be a secret in the repo.
                assert match["op"] != ":-" or match["arg"] == "", f"{name}.{key} has a default"
            if "://" in value:
                credentials = re.match(r"^[a-z]+://([^@/]*)@", value)
                if credentials and ":" in credentials[1]:
                    assert SUBSTITUTION.match(credentials[1].split(":", 1)[1]), f"{name}.{key} has a literal password"
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    # Nothing shaped like a Fernet key or a long random token.
    assert not re.search(r"[A-Za-z0-9_\-]{43}=", text)
    assert not re.search(r"(?<![\w${])[A-Za-z0-9_\-]{40,}", text)


def test_env_example_holds_no_secrets():
    example = ROOT / ".env.example"
    assert example.exists()
    for line in example.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            if SECRET_NAMES.search(key):
                assert value == "", f".env.example must leave {key} empty"


# -- volumes ---------------------------------------------------------------------------


def mounts(service: dict) -> dict[str, str]:
    """target -> source for a service's volumes."""
    result = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume.get("source"), volume["target"]
        result[target] = source
    return result


def test_media_volume_is_declared_and_mounted_at_media_root(compose, services):
    assert "media" in compose.get("volumes", {})
    for name in ("web", "worker"):
        media_root = env_of(services[name])["MEDIA_ROOT"]
        assert mounts(services[name]).get(media_root) == "media", name


def test_postgres_keeps_its_data_in_a_named_volume(compose, services):
    source = mounts(services["postgres"]).get("/var/lib/postgresql/data")
    assert source in compose.get("volumes", {})


def test_every_named_volume_used_is_declared(compose, services):
    declared = set(compose.get("volumes", {}))
    for name, service in services.items():
        for target, source in mounts(service).items():
            if not source.startswith((".", "/", "~")):
                assert source in declared, (name, target, source)


# -- Dockerfile ------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, args = line.strip().partition(" ")
            result.append((instruction.upper(), " ".join(args.split())))
    return result


def dockerignore_patterns() -> list[str]:
    text = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern.removeprefix("**/")):
            result = not negate
    return result


def dockerfile_env() -> dict[str, str]:
    env = {}
    for instruction, args in dockerfile():
        if instruction == "ENV":
            env.update(dict(re.findall(r"([A-Z_][A-Z0-9_]*)=(\S+)", args)))
    return env


def test_dockerfile_base_and_system_libraries():
    steps = dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    apt = " ".join(args for instruction, args in steps if instruction == "RUN" and "apt-get install" in args)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-dejavu-core"):
        assert package in apt.split(), package


def test_dockerfile_installs_the_runtime_lock_file():
    steps = dockerfile()
    install_at = next(
        i for i, (ins, args) in enumerate(steps) if ins == "RUN" and "pip install -r requirements.lock" in args
    )
    copied_before = [args for ins, args in steps[:install_at] if ins == "COPY"]
    assert any("requirements.lock" in args.split() for args in copied_before)
    assert not any("requirements-dev.lock" in args for _, args in steps)
    pinned = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    # What the compose commands run must be installed by that file.
    for tool in ("gunicorn", "celery", "psycopg", "redis", "weasyprint"):
        assert re.search(rf"^{tool}(\[[^\]]*\])?==", pinned, re.MULTILINE), tool


def test_dockerfile_copies_paths_that_exist_and_are_not_ignored():
    patterns = dockerignore_patterns()
    for instruction, args in dockerfile():
        if instruction not in ("COPY", "ADD"):
            continue
        words = [word for word in args.split() if not word.startswith("--")]
        assert not any(word.startswith("--from") for word in args.split()), args
        for source in words[:-1]:
            assert (ROOT / source).exists(), source
            if source != ".":
                assert not ignored(source, patterns), source


def test_dockerignore_keeps_secrets_and_local_state_out_but_the_app_in():
    patterns = dockerignore_patterns()
    for path in (".env", ".env.production", ".venv", "var", ".git"):
        assert ignored(path, patterns), path
    local_apps = [app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()]
    # Folders settings read from at run time: templates, static sources, translations.
    folders = [*settings.TEMPLATES[0]["DIRS"], *settings.STATICFILES_DIRS, *settings.LOCALE_PATHS]
    read_at_run_time = [Path(folder).relative_to(ROOT).parts[0] for folder in folders if Path(folder).exists()]
    needed = {"manage.py", "requirements.lock", "cpse", *local_apps, *read_at_run_time}
    assert {"templates", "static", "locale"} <= needed
    for path in needed:
        assert (ROOT / path).exists(), path
        assert not ignored(path, patterns), path


def test_dockerfile_runs_as_a_non_root_user_in_production_mode():
    steps = dockerfile()
    users = [args for instruction, args in steps if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    env = dockerfile_env()
    assert env["CPSE_ENV"] == "production"


def test_dockerfile_collects_static_files_with_throwaway_secrets():
    steps = dockerfile()
    collect = [args for instruction, args in steps if instruction == "RUN" and "collectstatic" in args]
    assert len(collect) == 1 and "--noinput" in collect[0]
    # Generated inside the command, so no key is written into the image or the repo.
    assert "SECRET_KEY=" in collect[0] and "secrets.token_urlsafe" in collect[0]
    assert "FIELD_ENCRYPTION_KEYS=" in collect[0] and "Fernet.generate_key" in collect[0]
    assert not any(instruction in ("ENV", "ARG") and "SECRET_KEY" in args for instruction, args in steps)
    # Static files are collected after the code is copied and as the user that serves them.
    copy_at = max(i for i, (ins, _) in enumerate(steps) if ins == "COPY")
    collect_at = next(i for i, (ins, args) in enumerate(steps) if ins == "RUN" and "collectstatic" in args)
    assert copy_at < collect_at


def test_dockerfile_and_compose_agree_on_data_paths(services):
    env = dockerfile_env()
    for name in APP_SERVICES:
        compose_env = env_of(services[name])
        for key in ("CPSE_VAR_DIR", "MEDIA_ROOT"):
            # Static files are collected under CPSE_VAR_DIR at build: it must not move at run time.
            assert compose_env[key] == env[key], (name, key)


def test_the_access_log_is_redacted_like_the_apps_own(services):
    words = command_of(services["web"])
    logger_class = option(words, "--logger-class")
    module_name, _dot, class_name = logger_class.rpartition(".")
    assert logger_class == "cpse.access_log.RedactingLogger"
    assert issubclass(getattr(importlib.import_module(module_name), class_name), RedactingLogger)


# -- operations (docs/operations.md, "Operating it") -----------------------------------


def test_web_healthcheck_asks_healthz_through_the_probe(services):
    test = services["web"]["healthcheck"]["test"]
    assert test[:1] == ["CMD"] and test[1:] == ["python", "-m", "cpse.ops.probe"]
    assert importlib.util.find_spec("cpse.ops.probe") is not None
    assert "/healthz" in (ROOT / "cpse" / "ops" / "probe.py").read_text(encoding="utf-8")


def test_a_daily_backup_that_keeps_n_into_its_own_volume(compose, services):
    backup = services["backup"]
    words = next(words for words in shell_words(backup) if "manage.py" in words)
    assert words[-2:] == ["manage.py", "backup"]
    assert importlib.util.find_spec("cpse.ops.management.commands.backup") is not None
    assert any(w == ["sleep", str(24 * 3600)] for w in shell_words(backup))
    env = env_of(backup)
    assert SUBSTITUTION.match(env["BACKUP_KEEP"])["name"] == "BACKUP_KEEP"
    assert mounts(backup).get(env["BACKUP_DIR"]) == "backups" and "backups" in compose["volumes"]
    # The private files are part of every backup.
    assert mounts(backup).get(env["MEDIA_ROOT"]) == "media"
    assert depends_on(backup).get("postgres") == "service_healthy"
    # pg_dump comes from the image.
    apt = " ".join(args for instruction, args in dockerfile() if instruction == "RUN" and "apt-get install" in args)
    assert "postgresql-client" in apt.split()
    assert dockerfile_env()["BACKUP_DIR"] == env["BACKUP_DIR"]


def test_sentry_is_optional_and_read_by_the_settings(services):
    for name in APP_SERVICES:
        match = SUBSTITUTION.match(env_of(services[name])["SENTRY_DSN"])
        assert match and match["op"] == ":-" and match["arg"] == "", name
