"""One view's path for each row of a list.

Rules chosen here: a list that links every row to the same view reverses that view once
(`paths_to`) and puts each row's id in its place: Django's `reverse` costs tens of
microseconds a call, which showed on pages of fifty rows (issue #19). Only for views
that take one UUID: its text stands in the path as it is, so nothing needs quoting. The
path is reversed for each page, never kept between requests (the language and the
script prefix are the request's)."""

import uuid
from collections.abc import Callable

from django.urls import reverse

# A UUID no row has, marking where the id goes.
_MARK = uuid.UUID("00000000-0000-4000-8000-000000000000")


def paths_to(view_name: str) -> Callable[[uuid.UUID], str]:
    """A function giving `reverse(view_name, args=[id])` for any id, from one reverse."""
    before, _mark, after = reverse(view_name, args=[_MARK]).partition(str(_MARK))
    return lambda public_id: f"{before}{public_id}{after}"
