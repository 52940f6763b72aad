"""The rehearsal's load: locust users, one class per persona, on a 3,000-participant site.

    locust -f benchmarks/rehearsal/locustfile.py --headless ...   (run.py starts it)

Rules chosen here: REHEARSAL_PERSONAS names a JSON file of signed-in sessions (made by
django_side.py); REHEARSAL_REQUESTS is where every request is written, one line each
(start, page, ms, status), and REHEARSAL_ACKS where every hour entry the site said it saved
is written (its token), so run.py can do its own accounting. A write counts as acknowledged
only when the site answered with the redirect that follows a save.
"""

from __future__ import annotations

import json
import os
import random
import re
import string
import uuid

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PERSONAS = json.loads(open(os.environ["REHEARSAL_PERSONAS"], encoding="utf-8").read())  # noqa: SIM115
_requests = open(os.environ["REHEARSAL_REQUESTS"], "a", encoding="utf-8", buffering=1 << 16)  # noqa: SIM115
_acks = open(os.environ["REHEARSAL_ACKS"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DATE_INPUT = re.compile(r'<input[^>]*name="date"[^>]*>')
KIND_OPTION = re.compile(r'<option value="([a-z_]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    # The answer's status as it came (a form shown again is a 200); 0: no answer at all.
    status = 0 if response is None else (getattr(response, "status_code", 0) or 0)
    _requests.write(f"{start_time or 0:.3f}\t{request_type} {name}\t{response_time:.1f}\t{status}\n")


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


class Participant(Persona):
    """Logs hours (the write whose acknowledgement is checked) and reads her pages."""

    weight = 5

    def on_start(self) -> None:
        self.email, self.session_key = random.choice(sorted(PERSONAS["participants"].items()))
        # A CSRF secret of her own, sent from the first request on: the form's token is
        # made from it, so no Set-Cookie header needs reading (Django's format: 32 letters
        # and digits).
        self.csrf_cookie = "".join(random.choices(string.ascii_letters + string.digits, k=32))

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
        with self.client.get(
            "/hours/new/", headers=self.headers(csrf=True), name="log hours form (participant)", catch_response=True
        ) as form:
            if form.status_code != 200:
                form.failure(f"answered {form.status_code}")
                return
            html = form.text or ""
        token, date_input, kinds = CSRF_INPUT.search(html), DATE_INPUT.search(html), KIND_OPTION.findall(html)
        if not (token and date_input and kinds):
            return
        day = re.search(r'max="([0-9-]+)"', date_input.group(0)) or re.search(r'value="([0-9-]+)"', date_input.group(0))
        if not day:
            return
        mark = f"rehearsal-entry-{uuid.uuid4().hex}"
        base = self.host.rstrip("/")
        with self.client.post(
            "/hours/new/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "date": day.group(1),
                "hours": "0.25",
                "kind": kinds[0],
                "reflection": f"A quiet walk. {mark}",
            },
            headers=self.headers(csrf=True, Referer=f"{base}/hours/new/", Origin=base),
            name="log hours: save (participant)",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code == 302:
                _acks.write(mark + "\n")
            else:
                saved.failure(f"not saved: {saved.status_code}")


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
