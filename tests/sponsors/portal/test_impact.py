"""The impact summary's counts hold against subtraction (cpse.aggregates): the people
sponsored are enrolled, completed or have left, so no count of one may be worked out from
the others, on the portal, in the spreadsheet or in the PDF."""

import csv
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts.models import Participant
from sponsors.models import SponsorMember
from tests.factories import ParticipantFactory
from tests.sponsors.factories import sponsor_participant

pytestmark = pytest.mark.django_db

PS = Participant.Status


def _fund(sponsor, cohort, **statuses) -> None:
    """`sponsor` (the signed-in person) also pays for people of these statuses."""
    organisation = SponsorMember.objects.get(user=sponsor).sponsor
    for status, number in statuses.items():
        for _index in range(number):
            sponsor_participant(organisation, ParticipantFactory(cohort=cohort, status=status))


def _figures(client) -> tuple[list[str], str, str]:
    """The row's figures as the spreadsheet has them, and as the portal and the PDF show
    them (one line of text each)."""
    rows = list(csv.reader(io.StringIO(client.get(reverse("sponsors:impact_download")).content.decode())))
    table = client.get(reverse("sponsors:portal")).content.decode().split('id="impact-heading"', 1)[1]
    page = " ".join(re.findall(r'<td class="text-end">([^<]*)</td>', table.split("</table>", 1)[0]))
    content = client.get(reverse("sponsors:impact_pdf")).content
    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    return rows[1][2:], page, pdf


def test_enrolled_is_hidden_when_sponsored_minus_enrolled_gives_the_completed_away(client, sponsor, cohort):
    # 10 sponsored: Cora and six more enrolled, three completed. Shown as "10, 7, fewer
    # than 5", the three were 10 − 7.
    _fund(sponsor, cohort, enrolled=6, completed=3)
    client.force_login(sponsor)
    figures, page, pdf = _figures(client)
    assert figures == ["10", "not shown", "not shown", "0", "0", "0.0"]
    assert page == "10 not shown not shown 0 0 0.0"
    assert "10 not shown not shown 0 0 0.0" in pdf


def test_two_small_counts_that_can_only_be_one_each_read_not_shown(client, sponsor, cohort):
    # 10 sponsored: Cora enrolled, one completed, eight withdrew (a sponsor may know who).
    # "10, fewer than 5, fewer than 5" could only be 1 and 1; "not shown" twice could be
    # 0 and 2 as well.
    _fund(sponsor, cohort, completed=1, withdrawn=8)
    client.force_login(sponsor)
    figures, page, pdf = _figures(client)
    assert figures == ["10", "not shown", "not shown", "0", "0", "0.0"]
    assert page == "10 not shown not shown 0 0 0.0"
    assert "10 not shown not shown 0 0 0.0" in pdf
