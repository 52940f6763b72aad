import re

import pytest

from cohorts.models import Cohort, Participant
from dashboard.demo.ethics import seed_ethics
from requirements_tracking.ethics.selectors import acknowledged_current
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode
from requirements_tracking.templatetags.program_standards import ethics_body
from tests.factories import CohortFactory, ParticipantFactory


@pytest.mark.django_db
def test_the_demo_code_is_published_once_and_the_pilot_acknowledges_it():
    pilot = CohortFactory(year=2025)
    people = [ParticipantFactory(cohort=pilot) for _ in range(3)]
    Participant.objects.filter(pk=people[2].pk).update(status=Participant.Status.WITHDRAWN)
    seed_ethics()
    seed_ethics()
    code = EthicsCode.objects.get()
    assert code.version == 1
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", ethics_body(code.body))
    assert len(headings) == 8
    assert {"Boundaries", "Dual relationships", "Conflicts of interest", "Confidentiality"} <= set(headings)
    assert "Mandatory reporting and safety" in headings
    assert EthicsAcknowledgment.objects.count() == 2
    assert acknowledged_current([p.pk for p in people]) == {people[0].pk, people[1].pk}
    assert all(a.acknowledged_at.date() == pilot.program_start for a in EthicsAcknowledgment.objects.all())
    assert code.published_at < min(a.acknowledged_at for a in EthicsAcknowledgment.objects.all())
    assert Cohort.objects.count() == 1
