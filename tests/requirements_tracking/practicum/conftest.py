import secrets

import pytest

from requirements_tracking.practicum import services

# Raw tokens of the practicum's own one-time links, by their hash. The links are no longer
# emailed (the supervisor's daily list replaced them) and only a hash is stored, so the
# tests keep each token as it is made, as an email sent before the list existed held it.
TOKENS: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _keep_link_tokens(monkeypatch):
    made = secrets.token_urlsafe

    def token_urlsafe(nbytes=None):
        token = made(nbytes)
        TOKENS[services._hash(token)] = token
        return token

    monkeypatch.setattr(services.secrets, "token_urlsafe", token_urlsafe)
