"""The revocation list every certificate points at (W3C Bitstring Status List v1.0), so a
verifier holding only an old badge file sees that it was revoked or replaced.

Rules chosen here:
- One list of STATUS_LIST_LENGTH bits (the spec's minimum, for group privacy); each
  certificate owns a random position (`Certificate.status_list_index`). A bit is 1 while
  its certificate is revoked or replaced, read from the status when the list is served,
  so revoking and reissuing flip it with no further step.
- Bit 0 is the first byte's most significant bit; the bits are GZIP-compressed (mtime 0,
  so the same bits give the same text) and written as multibase base64url (`u…`).
- The list is a credential signed like the badges, at a stable public address. Its
  issuer is the issuer's id alone (the badges' issuer object needs the OB context)."""

import datetime
import gzip

from django.urls import reverse

from certificates.models import STATUS_LIST_LENGTH, Certificate
from certificates.open_badges.encoding import multibase_base64url, multibase_base64url_decode
from certificates.open_badges.jsonld import VC_CONTEXT
from certificates.open_badges.keys import site
from certificates.open_badges.proofs import timestamp

PURPOSE = "revocation"
SHOWN_AS_REVOKED = (Certificate.Status.REVOKED, Certificate.Status.REPLACED)


def status_list_url() -> str:
    return site(reverse("certificates_public:status_list"))


def encode(indexes, length: int = STATUS_LIST_LENGTH) -> str:
    bits = bytearray(length // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return multibase_base64url(gzip.compress(bytes(bits), mtime=0))


def bit_is_set(encoded_list: str, index: int) -> bool:
    bits = gzip.decompress(multibase_base64url_decode(encoded_list))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_entry(certificate: Certificate) -> dict:
    """The badge's `credentialStatus`."""
    index = str(certificate.status_list_index)
    return {
        "id": f"{status_list_url()}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": index,
        "statusListCredential": status_list_url(),
    }


def revoked_indexes() -> list[int]:
    return list(Certificate.objects.filter(status__in=SHOWN_AS_REVOKED).values_list("status_list_index", flat=True))


def status_list_document(issuer: str, *, now: datetime.datetime) -> dict:
    """The unsigned list credential, as of `now`."""
    return {
        "@context": [VC_CONTEXT],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked_indexes()),
        },
    }
