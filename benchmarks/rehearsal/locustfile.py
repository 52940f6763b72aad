"""The rehearsal's load: locust users, one class per persona, on a 3,000-participant site.

    locust -f benchmarks/rehearsal/locustfile.py --headless ...   (run.py starts it)

Rules chosen here: REHEARSAL_PERSONAS names a JSON file of signed-in sessions (made by
django_side.py); REHEARSAL_REQUESTS is where every request is written, one line each
(start, page, ms, status), and REHEARSAL_ACKS where every write is written as it is sent
and once it is acknowledged ("sent|acked KIND RECORD TOKEN", summary.Writes), so run.py
can do its own accounting. A write counts as acknowledged only when the site answered with
the redirect that follows a save. The writes: hour entries (new rows, a date of the
participant's own range), an applicant's access-needs step and a participant's monthly
check-in ("finish later", then sent now and then); a draft or a check-in is written by one
user only (fixed_count: one user each), so its last acknowledged answer is the one to find.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import string
import uuid

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PERSONAS = json.loads(open(os.environ["REHEARSAL_PERSONAS"], encoding="utf-8").read())  # noqa: SIM115
_requests = open(os.environ["REHEARSAL_REQUESTS"], "a", encoding="utf-8", buffering=1 << 16)  # noqa: SIM115
_acks = open(os.environ["REHEARSAL_ACKS"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DATE_INPUT = re.compile(r'<input[^>]*name="date"[^>]*>')
KIND_OPTION = re.compile(r'<option value="([a-z_]+)"')
WELLBEING = re.compile(r'name="wellbeing" value="([^"]+)"')
WANTS_CONTACT = re.compile(r'name="wants_contact" value="([^"]+)"')
# Each draft and each open check-in goes to one user (locust runs its users in one process).
_drafts = iter(PERSONAS["drafts"])
_checkins = iter(PERSONAS["checkins"])


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    # The answer's status as it came (a form shown again is a 200); 0: no answer at all.
    status = 0 if response is None else (getattr(response, "status_code", 0) or 0)
    _requests.write(f"{start_time or 0:.3f}\t{request_type} {name}\t{response_time:.1f}\t{status}\n")


def _write(event: str, kind: str, record: str, token: str) -> None:
    _acks.write(f"{event} {kind} {record} {token}\n")


@events.quitting.add_listener
def _flush(**kwargs):
    _requests.flush()
    _acks.flush()


class Persona(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    session_key: str | None = None
    csrf_cookie = ""

    def headers(self, **extra) -> dict[str, str]:
        cookies = [f"sessionid={self.session_key}"] if self.session_key else []
        if extra.pop("csrf", None) and self.csrf_cookie:
            cookies.append(f"csrftoken={self.csrf_cookie}")
        headers = {"Cookie": "; ".join(cookies)} if cookies else {}
        return {**headers, **extra}

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, headers=self.headers(), name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")

    def form(self, path: str, name: str) -> str | None:
        """A form's page, with this user's CSRF cookie; None when it did not come."""
        with self.client.get(path, headers=self.headers(csrf=True), name=name, catch_response=True) as form:
            if form.status_code != 200:
                form.failure(f"answered {form.status_code}")
                return None
            return form.text or ""

    def save(self, path: str, data: dict, name: str, *, kind: str, record: str, token: str) -> bool:
        """POST a form; acknowledged when the site answers with the redirect after a save."""
        base = self.host.rstrip("/")
        _write("sent", kind, record, token)
        with self.client.post(
            path,
            data=data,
            headers=self.headers(csrf=True, Referer=f"{base}{path}", Origin=base),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code == 302:
                _write("acked", kind, record, token)
                return True
            saved.failure(f"not saved: {saved.status_code}")
            return False

    def own_csrf(self) -> None:
        # A CSRF secret of their own, sent from the first request on: the form's token is
        # made from it, so no Set-Cookie header needs reading (Django's format: 32 letters
        # and digits).
        self.csrf_cookie = "".join(random.choices(string.ascii_letters + string.digits, k=32))


class Participant(Persona):
    """Logs hours (new rows, each acknowledged one looked for afterwards) and reads her pages."""

    weight = 5

    def on_start(self) -> None:
        self.email, self.session_key = random.choice(sorted(PERSONAS["participants"].items()))
        self.own_csrf()

    @task(3)
    def my_hours(self) -> None:
        self.page("/hours/", "my hours (participant)")

    @task(1)
    def my_program(self) -> None:
        self.page("/my-program/", "my program (participant)")

    @task(1)
    def check_ins(self) -> None:
        self.page("/check-ins/", "my check-ins (participant)")

    @task(3)
    def log_hours(self) -> None:
        html = self.form("/hours/new/", "log hours form (participant)")
        if html is None:
            return
        token, date_input, kinds = CSRF_INPUT.search(html), DATE_INPUT.search(html), KIND_OPTION.findall(html)
        first = date_input and re.search(r'min="([0-9-]+)"', date_input.group(0))
        last = date_input and re.search(r'max="([0-9-]+)"', date_input.group(0))
        if not (token and first and last and kinds):
            return
        # A day of her range, so that no day reaches its 24 hours however long the run.
        first, last = (datetime.date.fromisoformat(m.group(1)) for m in (first, last))
        day = first + datetime.timedelta(days=random.randint(0, (last - first).days))
        mark = f"rehearsal-entry-{uuid.uuid4().hex}"
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "date": day.isoformat(),
            "hours": "0.25",
            "kind": random.choice(kinds),
            "reflection": f"A quiet walk. {mark}",
        }
        self.save("/hours/new/", data, "log hours: save (participant)", kind="hours", record="-", token=mark)


class CheckInParticipant(Persona):
    """A participant answering her open monthly check-in: "finish later" again and again,
    and now and then sent (then she only reads it)."""

    fixed_count = len(PERSONAS["checkins"])

    def on_start(self) -> None:
        checkin = next(_checkins, None)
        if checkin is None:
            raise StopUser()
        self.session_key, self.record = checkin["session"], checkin["record"]
        self.path = f"/check-ins/{self.record}/"
        self.sent = False
        self.own_csrf()

    @task
    def answer(self) -> None:
        if self.sent:
            self.page(self.path, "monthly check-in, sent (participant)")
            return
        html = self.form(self.path, "monthly check-in form (participant)")
        token = html and CSRF_INPUT.search(html)
        if not token:
            return
        mark = f"rehearsal-checkin-{uuid.uuid4().hex}"
        data = {"csrfmiddlewaretoken": token.group(1), "work_going": f"Steady this month. {mark}", "go": "later"}
        wellbeing, contact = WELLBEING.findall(html), WANTS_CONTACT.findall(html)
        send = random.random() < 0.1 and wellbeing and contact
        if send:
            data.update(go="submit", wellbeing=wellbeing[0], wants_contact=contact[-1])
        name = "monthly check-in: send (participant)" if send else "monthly check-in: finish later (participant)"
        if self.save(self.path, data, name, kind="checkin", record=self.record, token=mark) and send:
            self.sent = True


class ScaleParticipant(Persona):
    """A participant of the 3,000, with her 33 hour entries."""

    weight = 1

    def on_start(self) -> None:
        self.session_key = PERSONAS["scale_participant"]

    @task
    def my_hours(self) -> None:
        self.page("/hours/", "my hours at scale (participant)")


class Applicant(Persona):
    weight = 2

    def on_start(self) -> None:
        self.session_key = PERSONAS["applicant"]

    @task
    def my_application(self) -> None:
        self.page("/apply/", "my application (applicant)")


class DraftApplicant(Persona):
    """An applicant filling the steps of her draft: reading them, and saving her access needs."""

    fixed_count = len(PERSONAS["drafts"])

    def on_start(self) -> None:
        draft = next(_drafts, None)
        if draft is None:
            raise StopUser()
        self.session_key, self.record = draft["session"], draft["record"]
        self.own_csrf()

    @task(2)
    def read_step(self) -> None:
        step = random.choice(("about", "eligibility", "recommendation", "aspiration"))
        self.page(f"/apply/step/{step}/", "application step (applicant)")

    @task(2)
    def access_step(self) -> None:
        html = self.form("/apply/step/access/", "application step: access form (applicant)")
        token = html and CSRF_INPUT.search(html)
        if not token:
            return
        mark = f"rehearsal-access-{uuid.uuid4().hex}"
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "access_needs": f"Large print. {mark}",
            "interpreter_language": "",
        }
        self.save(
            "/apply/step/access/",
            data,
            "application step: access save (applicant)",
            kind="application",
            record=self.record,
            token=mark,
        )


class Staff(Persona):
    weight = 3

    def on_start(self) -> None:
        self.session_key = PERSONAS["staff"]

    @task(2)
    def dashboard(self) -> None:
        self.page("/staff/", "dashboard (staff)")

    @task(2)
    def grid(self) -> None:
        self.page(f"/staff/hours/progress/?cohort={PERSONAS['scale_cohort']}", "cohort grid at scale (staff)")

    @task(1)
    def applications(self) -> None:
        self.page("/staff/applications/", "applications queue (staff)")

    @task(1)
    def hours_queue(self) -> None:
        self.page("/staff/hours/", "hours waiting for review (staff)")


class Sponsor(Persona):
    weight = 1

    def on_start(self) -> None:
        self.session_key = PERSONAS["sponsor"]

    @task
    def portal(self) -> None:
        self.page("/sponsor/", "sponsor portal (sponsor)")


class Visitor(Persona):
    """Anonymous: the home page and certificate verification."""

    weight = 2

    @task(1)
    def home(self) -> None:
        self.page("/", "program home (public)")

    @task(2)
    def verify(self) -> None:
        self.page(f"/verify/{PERSONAS['certificate_number']}/", "certificate verification (public)")
