"""The badge's proof set: eddsa-rdfc-2022 over the bundled JSON-LD contexts (never
fetched) and eddsa-jcs-2022 with RFC 8785 JCS; both verify and both fail on any change."""

import copy
import datetime
import json
import socket

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld.jsonld import JsonLdError

from certificates import open_badges
from certificates.open_badges import proofs
from certificates.open_badges.encoding import canonical_json
from certificates.open_badges.jsonld import CONTEXT_FILES, UnknownContext, canonical_nquads, document_loader
from tests.certificates.helpers import issued_certificate

CREATED = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed(participant):
    return open_badges.signed_badge(issued_certificate(participant))


def public_key():
    return open_badges.signing_key().public_key()


def only(signed: dict, suite: str) -> dict:
    return {**signed, "proof": [proof for proof in signed["proof"] if proof["cryptosuite"] == suite]}


@pytest.mark.django_db
@pytest.mark.parametrize("suite", proofs.CRYPTOSUITES)
def test_each_proof_verifies_on_its_own(signed, suite):
    alone = only(signed, suite)
    assert len(alone["proof"]) == 1
    assert proofs.verify(alone, public_key())


CHANGES = {
    "the name": lambda d: d["credentialSubject"].update(name="Cora Q."),
    "the achievement": lambda d: d["credentialSubject"]["achievement"].update(name="Another credential"),
    "the expiry": lambda d: d.update(validUntil="2099-12-31T23:59:59Z"),
    "the status entry": lambda d: d["credentialStatus"].update(statusListIndex="1"),
    "the issuer": lambda d: d["issuer"].update(id="https://elsewhere.example/issuer/"),
    "the proof's date": lambda d: [proof.update(created="2001-01-01T00:00:00Z") for proof in d["proof"]],
    "the proof's key": lambda d: [proof.update(verificationMethod="https://x.example/#k") for proof in d["proof"]],
}


@pytest.mark.django_db
@pytest.mark.parametrize("suite", proofs.CRYPTOSUITES)
@pytest.mark.parametrize("change", CHANGES)
def test_any_change_breaks_each_proof(signed, suite, change):
    changed = copy.deepcopy(only(signed, suite))
    CHANGES[change](changed)
    assert not proofs.verify(changed, public_key())


@pytest.mark.django_db
def test_a_swapped_signature_or_an_unknown_suite_fails(signed):
    rdfc, jcs = signed["proof"]
    assert not proofs.verify({**signed, "proof": [{**rdfc, "proofValue": jcs["proofValue"]}, jcs]}, public_key())
    assert not proofs.verify({**signed, "proof": [{**jcs, "cryptosuite": "eddsa-2022"}]}, public_key())
    assert not proofs.verify({**signed, "proof": []}, public_key())
    assert not proofs.verify(signed, Ed25519PrivateKey.generate().public_key())


def test_jcs_is_rfc_8785_for_numbers():
    # json.dumps would write 1.0 and 1e+21 differently from RFC 8785 (ECMAScript numbers).
    assert (
        canonical_json({"b": 1e21, "a": 1.0, "c": 0.000001, "d": "é"})
        == '{"a":1,"b":1e+21,"c":0.000001,"d":"é"}'.encode()
    )


def test_the_jcs_proof_survives_floats_written_another_way():
    document = {"@context": [open_badges.VC_CONTEXT], "type": ["VerifiableCredential"], "one": 1.0, "big": 1e21}
    key = Ed25519PrivateKey.generate()
    signed = proofs.sign(
        document,
        private_key=key,
        verification_method="https://x.example/#k",
        created=CREATED,
        cryptosuites=[proofs.JCS],
    )
    # A holder's tools may write the numbers as "1" and "1E21": the same values.
    text = json.dumps(signed).replace("1.0", "1").replace("1e+21", "1E21")
    assert '"one": 1,' in text and "1E21" in text
    assert proofs.verify(json.loads(text), key.public_key())
    assert not proofs.verify({**json.loads(text), "one": 1.5}, key.public_key())


def test_every_bundled_context_loads_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    load = document_loader()
    for url in CONTEXT_FILES:
        assert "@context" in load(url)["document"]


def test_an_unknown_context_raises_instead_of_being_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(UnknownContext):
        document_loader()("https://example.org/some/context/v1")
    document = {"@context": ["https://example.org/some/context/v1"], "@id": "urn:x", "name": "x"}
    with pytest.raises(JsonLdError) as raised:
        canonical_nquads(document)
    # pyld wraps the loader's error; ours is underneath.
    causes = []
    error = raised.value
    while error is not None:
        causes.append(error)
        error = getattr(error, "cause", None) or error.__cause__
    assert any(isinstance(cause, UnknownContext) for cause in causes)


@pytest.mark.django_db
def test_a_proof_over_an_unknown_context_does_not_verify(signed):
    strange = {**signed, "@context": [*signed["@context"], "https://example.org/some/context/v1"]}
    assert not proofs.verify(only(strange, proofs.RDFC), public_key())


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from leaves(inner, (*path, index))
    else:
        yield path


def changed_at(document: dict, path: tuple) -> dict:
    changed = copy.deepcopy(document)
    *parents, last = path
    target = changed
    for step in parents:
        target = target[step]
    value = target[last]
    target[last] = (not value) if isinstance(value, bool) else f"{value}x"
    return changed


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["badge", "status list"])
def test_the_rdfc_proof_covers_every_value(signed, which):
    """pyld drops terms no context defines, and a dropped term would be unsigned: every
    value of the badge and of the status list must reach the canonical form."""
    alone = only(signed if which == "badge" else open_badges.signed_status_list(), proofs.RDFC)
    document = {key: value for key, value in alone.items() if key != "proof"}
    paths = [path for path in leaves(document) if path[0] != "@context"]
    assert len(paths) > (20 if which == "badge" else 8)
    uncovered = [path for path in paths if proofs.verify(changed_at(alone, path), public_key())]
    assert uncovered == []
