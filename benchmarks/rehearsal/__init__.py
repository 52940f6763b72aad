"""A production rehearsal: `make rehearse` (see benchmarks/README.md, "Production rehearsal").

Rules chosen here: it runs the production shape on this machine without Docker (production
settings behind a local nginx with a throwaway certificate, gunicorn, one Celery worker, one
beat, PostgreSQL and Redis), loads it with locust while faults happen, then checks that
nothing a person was told was saved is missing and that every queued message went exactly
once. Everything it starts, it stops; PostgreSQL and Redis are always left running.
"""
