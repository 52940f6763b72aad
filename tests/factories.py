import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from applications.models import Application
from cohorts.models import Cohort, Credential, Participant
from sponsors.models import Sponsor, SponsorMember

PASSWORD = "a-Long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.save()
            self.emailaddress_set.create(email=self.email, verified=True, primary=True)
            for role in extracted or ():
                self.groups.add(Group.objects.get_or_create(name=role)[0])


def cpse_credential() -> Credential:
    return Credential.objects.get(abbreviation="CPSE")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ["credential", "year"]

    credential = factory.LazyFunction(cpse_credential)
    requirement_set = factory.LazyAttribute(lambda o: o.credential.requirement_sets.order_by("pk").first())
    year = 2026
    applications_open = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 5))
    applications_close = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 15))
    program_start = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 1))
    program_end = factory.LazyAttribute(lambda o: datetime.date(o.year, 8, 31))
    intensive_start = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 8))
    intensive_end = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 12))
    graduation_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 17))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    home_state = "TX"


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Sponsor organisation {n}")
    kind = Sponsor.Kind.AGENCY
    contact_email = factory.Sequence(lambda n: f"billing{n}@sponsor.example.org")


class SponsorMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorMember

    sponsor = factory.SubFactory(SponsorFactory)
    user = factory.SubFactory(UserFactory, roles=["sponsor"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every step answered: ready to send."""

    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    home_state = "TN"
    eligibility = factory.LazyFunction(
        lambda: {"exit_year": 2015, "exit_month": 6, "free_from_dependency": True, "education": "ged"}
    )
    agency_name = "Safe Harbor Outreach"
    agency_contact_name = "Robin Case"
    agency_contact_email = factory.Sequence(lambda n: f"recommender{n}@agency.example.org")
    aspiration = "residential_care"
