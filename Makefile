# The two commands: `make run` (everything, with demo data) and `make test` (the whole suite).
# Both set themselves up on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
# The tests write Python's compiled files (even where PYTHONDONTWRITEBYTECODE is set): each
# test process, and each process a test starts, would otherwise compile every module again.
TEST_WORKERS ?= auto

.PHONY: run setup test e2e bench rehearse lint format migrations-check deploy-check messages backup restore doctor clean

$(STAMP): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

## Run web + Celery worker + beat with demo data (SQLite and a file broker unless DATABASE_URL/REDIS_URL are set).
run: setup
	$(PY) manage.py seed_demo
	@$(PY) manage.py demo_logins --port $${CPSE_PORT:-8000}
	$(VENV)/bin/honcho start -f Procfile.dev

## The whole test suite, browser tests included (Debian chromium is installed when missing).
test: $(STAMP)
	@bash scripts/ensure-chromium || echo "Browser tests will be skipped: chromium is not available."
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## Browser and accessibility tests only.
e2e: $(STAMP)
	@bash scripts/ensure-chromium
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

## Page and task benchmarks; writes benchmarks/RESULTS.md.
bench: setup
	$(PY) -m benchmarks.run

## Production rehearsal: nginx (TLS), gunicorn, Celery, PostgreSQL, Redis under load and faults.
## DURATION: seconds of load (90 by default; the whole run takes a few minutes more).
## REHEARSE_ARGS=--ci: CI's run (latency with a margin, reported; see benchmarks/rehearsal/run.py).
DURATION ?= 90
REHEARSE_ARGS ?=
rehearse: $(STAMP)
	$(PY) -m benchmarks.rehearsal --duration $(DURATION) $(REHEARSE_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

## Django's deployment checklist under production settings (with throwaway secrets).
deploy-check: $(STAMP)
	CPSE_ENV=production DEBUG=false ALLOWED_HOSTS=cpse.example.org \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	FIELD_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	OPEN_BADGES_SIGNING_KEY=$$($(PY) -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())') \
	$(PY) manage.py check --deploy --fail-level WARNING

## One dated backup folder (database, private files, manifest) in BACKUP_DIR; keeps BACKUP_KEEP.
backup: $(STAMP)
	$(PY) manage.py backup

## Restore one: `make restore BACKUP=var/backups/cpse-backup-…` (REPLACE=1 to replace a database in use).
restore: $(STAMP)
	@test -n "$(BACKUP)" || (echo "Say which backup: make restore BACKUP=path/to/folder" && exit 2)
	$(PY) manage.py restore "$(BACKUP)" $(if $(REPLACE),--replace)

## What a deployer must check; fails on a dangerous setting.
doctor: $(STAMP)
	$(PY) manage.py doctor

## Refresh the translation catalogues (English source, Spanish).
messages: $(STAMP)
	$(PY) manage.py makemessages -l es --ignore '.venv/*' --ignore 'var/*' --ignore 'benchmarks/*' --ignore 'tests/*' --ignore 'static/vendor/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var .pytest_cache
