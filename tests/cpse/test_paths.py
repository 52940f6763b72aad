"""cpse.paths: one reverse for a list's rows gives each row the path `reverse` gives it."""

import uuid

import pytest
from django.urls import reverse

from cpse.paths import paths_to


@pytest.mark.parametrize("view_name", ["notify_staff:resend", "practicum:staff_resend", "exam_bank:exam_edit"])
def test_each_row_gets_the_path_reverse_gives_it(view_name):
    path_of = paths_to(view_name)
    for public_id in (uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=0)):
        assert path_of(public_id) == reverse(view_name, args=[public_id])
