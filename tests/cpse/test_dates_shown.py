"""Dates and times read the same on every page (issue #26): one date format (DATE_FORMAT),
and every time with its time zone, said one way (cpse.dates: `with_zone`, or
`time_with_zone` beside a date)."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import timezone, translation

from cpse.dates import moment_with_zone, time_with_zone

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A time without its zone, or a second date format.
UNZONED = re.compile(r'\|(date|time):"(DATETIME_FORMAT|TIME_FORMAT|SHORT_DATE_FORMAT|SHORT_DATETIME_FORMAT)"')
MOMENT = datetime.datetime(2027, 1, 12, 15, 30, tzinfo=datetime.UTC)  # 10:30 a.m. in New York


def test_no_template_shows_a_time_without_its_zone_or_another_date_format():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt"}
        for match in UNZONED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_time_says_its_zone_the_same_way_with_or_without_its_date():
    with translation.override("en"):
        assert moment_with_zone(MOMENT) == "Jan. 12, 2027, 10:30 a.m. (America/New York time)"
        assert time_with_zone(MOMENT) == "10:30 a.m. (America/New York time)"
    with translation.override("es"):
        moment, time = moment_with_zone(MOMENT), time_with_zone(MOMENT)
        zone = time[time.index(" (") :]
        assert zone.startswith(" (") and "America/New York" in zone and moment.endswith(zone)


def test_the_template_filters_say_the_same_and_nothing_for_no_time():
    template = engines["django"].from_string(
        "{% load cpse %}[{{ a|with_zone }}|{{ a|time_with_zone }}|{{ b|with_zone }}]"
    )
    with translation.override("en"):
        assert template.render({"a": MOMENT, "b": None}) == (f"[{moment_with_zone(MOMENT)}|{time_with_zone(MOMENT)}|]")


def test_moments_of_one_minute_read_alike_and_each_zone_and_language_its_own():
    """The words are kept per minute, language and zone (cpse.dates): never another's."""
    with translation.override("en"):
        assert moment_with_zone(MOMENT + datetime.timedelta(seconds=59)) == moment_with_zone(MOMENT)
        with timezone.override("Europe/Madrid"):
            assert moment_with_zone(MOMENT) == "Jan. 12, 2027, 4:30 p.m. (Europe/Madrid time)"
    with translation.override("es"):
        assert moment_with_zone(MOMENT).startswith("12 de enero de 2027 a las 10:30")
