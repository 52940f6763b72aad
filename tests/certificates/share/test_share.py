"""Sharing a credential: the sharing choice, the public badge page with link previews,
the baked badge files and LinkedIn's add-to-profile link."""

import json
import re
import struct
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from certificates.open_badges import badge_verify, signing_key
from certificates.share.badge_image import PNG_KEYWORD, badge_svg, baked_svg
from certificates.share.linkedin import linkedin_add_url
from tests.certificates.helpers import issued_certificate

pytestmark = pytest.mark.django_db

MINE = reverse("certificates:mine")


def sharing_url(certificate):
    return reverse("certificates:sharing", args=[certificate.public_id])


def verify_page(client, certificate) -> str:
    response = client.get(reverse("certificates_public:verify_number", args=[certificate.number]))
    assert response.status_code == 200
    return response.content.decode()


# --- Reading baked files back, as a badge website would ----------------------------------


def credential_from_svg(svg: str) -> dict:
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    match = re.search(r"<openbadges:credential>(.*)</openbadges:credential>", svg, re.S)
    text = match.group(1).replace("]]]]><![CDATA[>", "]]>")
    return json.loads(text.removeprefix("<![CDATA[").removesuffix("]]>"))


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF
        chunks.append((kind, data))
        at += 12 + length
    return chunks


def credential_from_png(png: bytes) -> dict:
    chunks = png_chunks(png)
    assert chunks[-1][0] == b"IEND"
    (itxt,) = [data for kind, data in chunks if kind == b"iTXt"]
    assert chunks[-2] == (b"iTXt", itxt)  # just before IEND
    keyword, rest = itxt.split(b"\0", 1)
    assert keyword == PNG_KEYWORD
    assert rest[:2] == b"\0\0"  # not compressed
    language, rest = rest[2:].split(b"\0", 1)
    _translated, text = rest.split(b"\0", 1)
    return json.loads(text.decode("utf-8"))


# --- The sharing choice ----------------------------------------------------------------


def test_sharing_is_off_by_default_and_the_page_says_what_turning_it_on_shows(client, participant):
    certificate = issued_certificate(participant)
    assert certificate.sharing is False
    client.force_login(participant.user)
    html = client.get(MINE).content.decode()
    assert "Sharing is off." in html
    assert "anyone with the link will see your badge page" in html


def test_turning_sharing_on_needs_the_tick_and_keeps_the_page(client, participant):
    certificate = issued_certificate(participant)
    client.force_login(participant.user)
    response = client.post(sharing_url(certificate), {"sharing": "on"})
    assert response.status_code == 400
    assert "Please tick the box to confirm" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.sharing is False


def test_turning_sharing_on_and_off_is_in_the_change_history_with_who(client, participant):
    certificate = issued_certificate(participant)
    client.force_login(participant.user)
    assert client.post(sharing_url(certificate), {"sharing": "on", "confirm": "on"}).status_code == 302
    # Twice: the second changes nothing and writes nothing.
    assert client.post(sharing_url(certificate), {"sharing": "on", "confirm": "on"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.sharing is True and certificate.sharing_changed_at is not None
    assert client.post(sharing_url(certificate), {"sharing": "off"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.sharing is False
    entries = LogEntry.objects.get_for_object(certificate).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    sharing_changes = [entry for entry in entries if "sharing" in entry.changes_dict]
    assert len(sharing_changes) == 2
    assert all(entry.actor_id == participant.user.pk for entry in sharing_changes)


def test_only_the_owner_may_change_sharing(client, participant, other_participant, program_staff):
    certificate = issued_certificate(participant)
    for someone in (other_participant.user, program_staff):
        client.force_login(someone)
        assert client.post(sharing_url(certificate), {"sharing": "on", "confirm": "on"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.sharing is False


def test_a_revoked_certificate_cannot_be_shared(client, participant):
    certificate = issued_certificate(participant, status=Certificate.Status.REVOKED)
    client.force_login(participant.user)
    assert client.post(sharing_url(certificate), {"sharing": "on", "confirm": "on"}).status_code == 404


# --- The public badge page -------------------------------------------------------------


def test_with_sharing_off_the_verify_page_has_no_badge_page_or_preview_tags(client, participant):
    certificate = issued_certificate(participant)
    html = verify_page(client, certificate)
    assert "og:" not in html and "twitter:" not in html
    assert "data-badge-page" not in html


def test_with_sharing_on_the_verify_page_is_a_badge_page_with_previews(client, participant):
    certificate = issued_certificate(participant, sharing=True)
    html = verify_page(client, certificate)
    image = settings.SITE_URL + reverse("certificates_public:badge_image", args=[certificate.credential.abbreviation])
    page_url = settings.SITE_URL + reverse("certificates_public:verify_number", args=[certificate.number])
    assert f'<meta property="og:image" content="{image}">' in html
    assert f'<meta property="og:url" content="{page_url}">' in html
    assert re.search(r'<meta property="og:title" content="Cora P\.: [^"]+">', html)
    assert 'name="twitter:card"' in html
    assert "data-badge-page" in html
    assert "Everyone who holds this credential completed:" in html
    assert participant.user.email not in html and participant.user.display_name not in html


@pytest.mark.parametrize("status", [Certificate.Status.REVOKED, Certificate.Status.REPLACED])
def test_a_shared_certificate_revoked_or_replaced_never_shows_the_name(client, participant, status):
    certificate = issued_certificate(participant, sharing=True, status=status)
    html = verify_page(client, certificate)
    assert "Cora P." not in html
    assert "og:" not in html and "data-badge-page" not in html


def test_the_badge_picture_is_public_png_and_names_no_one(client, participant):
    certificate = issued_certificate(participant)
    response = client.get(reverse("certificates_public:badge_image", args=[certificate.credential.abbreviation]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"iTXt" not in response.content
    svg = badge_svg(certificate.credential)
    assert certificate.credential.abbreviation in svg
    assert "Cora" not in svg and certificate.number not in svg


# --- Baked badge files -----------------------------------------------------------------


def test_the_baked_svg_and_png_carry_the_credential_that_verifies(client, participant):
    certificate = issued_certificate(participant)
    client.force_login(participant.user)
    key = signing_key().public_key()
    svg = client.get(reverse("certificates:badge_svg", args=[certificate.public_id]))
    assert svg.status_code == 200 and "attachment" in svg["Content-Disposition"]
    from_svg = credential_from_svg(svg.content.decode())
    assert badge_verify(from_svg, key)
    png = client.get(reverse("certificates:badge_png", args=[certificate.public_id]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    from_png = credential_from_png(png.content)
    assert badge_verify(from_png, key)
    assert from_png == from_svg
    assert from_png["credentialSubject"]["name"] == "Cora P."
    # Changed by one character, it no longer verifies.
    from_png["credentialSubject"]["name"] = "Cora Q."
    assert not badge_verify(from_png, key)


def test_cdata_end_inside_the_credential_stays_readable():
    signed = {"name": "odd ]]> name", "proof": []}
    svg = baked_svg('<svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>', signed)
    assert credential_from_svg(svg) == signed


def test_badge_files_are_for_the_owner_and_staff_only(client, participant, other_participant, program_staff):
    certificate = issued_certificate(participant)
    url = reverse("certificates:badge_svg", args=[certificate.public_id])
    client.force_login(other_participant.user)
    assert client.get(url).status_code == 404
    client.force_login(program_staff)
    assert client.get(url).status_code == 200


# --- LinkedIn ------------------------------------------------------------------------


def test_linkedin_link_carries_the_public_facts(client, participant):
    certificate = issued_certificate(participant)
    url = linkedin_add_url(certificate)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.credential.name,
        "organizationName": str(settings.PROGRAM_ORGANISATION),
        "issueYear": str(certificate.issued_on.year),
        "issueMonth": str(certificate.issued_on.month),
        "expirationYear": str(certificate.expires_on.year),
        "expirationMonth": str(certificate.expires_on.month),
        "certUrl": settings.SITE_URL + reverse("certificates_public:verify_number", args=[certificate.number]),
        "certId": certificate.number,
    }
    client.force_login(participant.user)
    assert url.replace("&", "&amp;") in client.get(MINE).content.decode()


def test_linkedin_link_without_expiry(participant):
    certificate = issued_certificate(participant, expires_on=None)
    assert "expiration" not in linkedin_add_url(certificate)
