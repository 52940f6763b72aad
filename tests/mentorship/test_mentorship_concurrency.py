"""Two payments for one mentor at the same moment (finance and program staff, or a double
click): one pays the meetings, the other finds nothing unpaid; no meeting is paid twice.
Two pairings of one participant at once leave one current. Row locks need PostgreSQL; on
SQLite this is skipped."""

import threading

import pytest
from django.db import connection, connections

from mentorship import services
from mentorship.models import Mentor, MentorMeeting, MentorPayment, Mentorship
from tests.mentorship.factories import MeetingFactory, MentorFactory, MentorshipFactory


def _at_once(call, count=2) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes = []

    def run(number):
        try:
            barrier.wait()
            call(number)
            outcomes.append("done")
        except services.MentorshipError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_pay_each_meeting_once(finance):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    mentorship = MentorshipFactory()
    MeetingFactory(mentorship=mentorship, minutes=60)
    MeetingFactory(mentorship=mentorship, minutes=30)
    outcomes = _at_once(
        lambda _n: services.payment_record(
            mentor=Mentor.objects.get(pk=mentorship.mentor_id), expected_minutes=90, reference="", by=finance
        )
    )
    assert outcomes == ["done", "nothing_unpaid"]
    payment = MentorPayment.objects.get()
    assert payment.minutes == 90
    assert set(MentorMeeting.objects.values_list("payment", flat=True)) == {payment.pk}


@pytest.mark.django_db(transaction=True)
def test_two_pairings_at_once_leave_one_current(program_staff, participant):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    mentors = [MentorFactory(), MentorFactory()]
    outcomes = _at_once(
        lambda n: services.mentorship_pair(participant=participant, mentor=mentors[n], by=program_staff)
    )
    assert outcomes == ["done", "done"]
    assert Mentorship.objects.filter(participant=participant, ended_on__isnull=True).count() == 1
    assert Mentorship.objects.filter(participant=participant).count() == 2
