"""Our eddsa-rdfc-2022 and eddsa-jcs-2022 agree with the W3C specification's own examples
(tests/certificates/vectors/README.md): the same canonical forms, the same signature
from the same key, and the published signatures verify."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.open_badges import proofs
from certificates.open_badges.encoding import canonical_json, multibase_base58btc_decode
from certificates.open_badges.jsonld import canonical_nquads
from certificates.open_badges.keys import public_key_from_multibase

VECTORS = Path(__file__).parent.parent / "vectors"
EXAMPLES = {
    "https://www.w3.org/ns/credentials/examples/v2": json.loads(
        (VECTORS / "credentials-examples-v2.jsonld").read_text()
    )
}
SUITES = {
    proofs.RDFC: ("eddsa-rdfc-2022", "signedDataInt.json", "proofConfigDataInt.json", "DataInt"),
    proofs.JCS: ("eddsa-jcs-2022", "signedJCS.json", "proofConfigJCS.json", "JCS"),
}
# Multicodec prefix of an Ed25519 private key (privateKeyMultibase).
ED25519_PRIV_PREFIX = b"\x80\x26"


def vector(path: str):
    text = (VECTORS / path).read_text()
    return json.loads(text) if path.endswith(".json") else text


def key_pair():
    pair = vector("keyPair.json")
    secret = multibase_base58btc_decode(pair["privateKeyMultibase"])
    assert secret.startswith(ED25519_PRIV_PREFIX)
    private = Ed25519PrivateKey.from_private_bytes(secret[len(ED25519_PRIV_PREFIX) :])
    return private, public_key_from_multibase(pair["publicKeyMultibase"])


def canonical(suite: str, document: dict) -> str:
    if suite == proofs.RDFC:
        return canonical_nquads(document, contexts=EXAMPLES)
    return canonical_json(document).decode()


@pytest.mark.parametrize("suite", SUITES)
def test_the_canonical_forms_are_the_specifications(suite):
    folder, _, config, suffix = SUITES[suite]
    # The files end with or without a newline; the canonical text itself must match.
    assert canonical(suite, vector("unsigned.json")).strip() == vector(f"{folder}/canonDoc{suffix}.txt").strip()
    assert canonical(suite, vector(f"{folder}/{config}")).strip() == vector(f"{folder}/proofCanon{suffix}.txt").strip()


@pytest.mark.parametrize("suite", SUITES)
def test_signing_the_example_gives_the_specifications_proof(suite):
    folder, signed, _, _ = SUITES[suite]
    expected = vector(f"{folder}/{signed}")["proof"]
    private, _ = key_pair()
    proof = proofs.proof_for(
        vector("unsigned.json"),
        cryptosuite=suite,
        private_key=private,
        verification_method=expected["verificationMethod"],
        created=datetime.datetime.fromisoformat(expected["created"]),
        contexts=EXAMPLES,
    )
    assert proof == expected


@pytest.mark.parametrize("suite", SUITES)
def test_the_specifications_signed_example_verifies_and_any_change_fails(suite):
    folder, signed, _, _ = SUITES[suite]
    document = vector(f"{folder}/{signed}")
    _, public = key_pair()
    assert proofs.verify(document, public, contexts=EXAMPLES)

    changed = copy.deepcopy(document)
    changed["credentialSubject"]["alumniOf"] = "The School of Other Examples"
    assert not proofs.verify(changed, public, contexts=EXAMPLES)
    later = copy.deepcopy(document)
    later["proof"]["created"] = "2023-02-24T23:36:39Z"
    assert not proofs.verify(later, public, contexts=EXAMPLES)
    assert not proofs.verify(document, Ed25519PrivateKey.generate().public_key(), contexts=EXAMPLES)
