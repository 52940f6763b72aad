"""Operating the site: backups and restores, the health endpoint for monitoring, the
deployer's `doctor`, and error reports to Sentry (docs/operations.md).

Rules chosen here: nothing in this package holds personal data of its own; a backup is the
database and the private files with a manifest, never the keys; /healthz names the part
that fails and nothing else.
"""
