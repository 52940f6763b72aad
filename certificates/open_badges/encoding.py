"""Byte and text encodings the credentials use: base58btc and base64url multibase, and
JCS (RFC 8785).

Rules chosen here: JCS is the `rfc8785` library's, so numbers (1.0, 1e21) and strings are
serialised exactly as every other eddsa-jcs-2022 implementation does."""

import base64

import rfc8785

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, rest = divmod(number, 58)
        encoded = BASE58_ALPHABET[rest] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + BASE58_ALPHABET.index(char)
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def multibase_base58btc(data: bytes) -> str:
    return "z" + base58btc(data)


def multibase_base58btc_decode(value: str) -> bytes:
    if not value.startswith("z"):
        raise ValueError("Only base58btc multibase values (z…) are read here")
    return base58btc_decode(value[1:])


def multibase_base64url(data: bytes) -> str:
    """Multibase `u`: base64url without padding."""
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def multibase_base64url_decode(value: str) -> bytes:
    if not value.startswith("u"):
        raise ValueError("Only base64url multibase values (u…) are read here")
    body = value[1:]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def canonical_json(value) -> bytes:
    """JCS (RFC 8785), UTF-8."""
    return rfc8785.dumps(value)
