"""Staff search: a search made is kept a short while in the searcher's session under an
opaque id, so that the results page (and its reloads) can be reached by an address that
says nothing of what was searched for; and it is noted in the access log.

Rules chosen here: the words are kept encrypted in the session, for `selectors.KEPT_SECONDS`, and
only the latest `KEPT_SEARCHES` of a session (signing out ends them all). The access log
notes who searched, when and how many results came back, never the words.
"""

import secrets
import time

from cpse.audit.services import search_log_record
from cpse.crypto import encrypt_text
from dashboard.search.selectors import SESSION_KEY, kept_searches

KEPT_SEARCHES = 5


def search_record(*, session, words: str, result_count: int, by) -> str:
    """Keep the words under a new opaque id (returned) and note the search in the access log."""
    search_id = secrets.token_urlsafe(16)
    kept = kept_searches(session)
    kept[search_id] = {"words": encrypt_text(words), "at": time.time()}
    newest = sorted(kept.items(), key=lambda item: item[1]["at"])[-KEPT_SEARCHES:]
    session[SESSION_KEY] = dict(newest)
    search_log_record(viewer=by, result_count=result_count)
    return search_id
