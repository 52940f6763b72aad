# CPSE Manager, production image: one image for web (gunicorn), worker and beat (Celery).
# See docker-compose.yml for how the services use it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (certificate PDFs) needs Pango and HarfBuzz from the system, and a font;
# `manage.py backup` and `restore` need pg_dump and pg_restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 cpse \
    && useradd --system --uid 10001 --gid cpse --home-dir /app --no-create-home --shell /usr/sbin/nologin cpse

WORKDIR /app

# Dependencies first so that code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# The code stays owned by root: the app user can read it but not change it.
# .dockerignore keeps secrets, the venv, local data and tests out.
COPY . .

# Writable places: VAR_DIR (static files, beat's schedule), MEDIA_ROOT (uploads, PDFs) and
# BACKUP_DIR (named volumes in compose, which take this owner the first time they are mounted).
ENV CPSE_ENV=production \
    CPSE_VAR_DIR=/data/var \
    MEDIA_ROOT=/data/private \
    BACKUP_DIR=/data/backups
RUN mkdir -p /data/var /data/private /data/backups && chown -R cpse:cpse /data

USER cpse

# Static files are part of the image. Production settings refuse to load without real
# secrets, so this step gets throwaway ones that live only for this command.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(60))')" \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    OPEN_BADGES_SIGNING_KEY="$(python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')" \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "cpse.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--logger-class", "cpse.access_log.RedactingLogger"]
