"""Data Integrity proofs with Ed25519 (W3C vc-di-eddsa): `eddsa-rdfc-2022`, the suite
1EdTech's conformance lists, and `eddsa-jcs-2022`, which needs no JSON-LD.

Rules chosen here: a document is signed with both suites as a proof set (a `proof` array
of two independent proofs over the same document). Verifying asks every proof to verify
and at least one to be there; a proof of a suite we do not know fails. The proof's
`created` is given by the caller, so a file signed twice is the same bytes."""

import datetime
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from certificates.open_badges.encoding import canonical_json, multibase_base58btc, multibase_base58btc_decode
from certificates.open_badges.jsonld import canonical_nquads

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (RDFC, JCS)


def timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(cryptosuite: str, document: dict, proof_config: dict, contexts: dict | None) -> bytes:
    if cryptosuite == RDFC:
        proof_bytes = canonical_nquads(proof_config, contexts=contexts).encode("utf-8")
        document_bytes = canonical_nquads(document, contexts=contexts).encode("utf-8")
    else:
        proof_bytes = canonical_json(proof_config)
        document_bytes = canonical_json(document)
    return hashlib.sha256(proof_bytes).digest() + hashlib.sha256(document_bytes).digest()


def _proof_config(cryptosuite: str, document: dict, proof: dict) -> dict:
    """What is hashed for a proof: its options without the value, in the document's
    context (rdfc adds it for hashing only; jcs keeps it in the proof)."""
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    if cryptosuite == RDFC and "@context" in document:
        config["@context"] = document["@context"]
    return config


def proof_for(
    document: dict,
    *,
    cryptosuite: str,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime.datetime,
    contexts: dict | None = None,
) -> dict:
    """One proof over `document` (which holds no proof)."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    if cryptosuite == JCS and "@context" in document:
        proof["@context"] = document["@context"]
    signature = private_key.sign(
        _hash_data(cryptosuite, document, _proof_config(cryptosuite, document, proof), contexts)
    )
    return {**proof, "proofValue": multibase_base58btc(signature)}


def sign(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime.datetime,
    cryptosuites=CRYPTOSUITES,
) -> dict:
    proofs = [
        proof_for(
            document,
            cryptosuite=suite,
            private_key=private_key,
            verification_method=verification_method,
            created=created,
        )
        for suite in cryptosuites
    ]
    return {**document, "proof": proofs}


def proofs_of(signed: dict) -> list[dict]:
    proof = signed.get("proof") or []
    return [proof] if isinstance(proof, dict) else list(proof)


def proof_verifies(document: dict, proof: dict, public_key: Ed25519PublicKey, *, contexts: dict | None = None) -> bool:
    """`document` without its proofs; `proof` one of them."""
    suite = proof.get("cryptosuite")
    if proof.get("type") != "DataIntegrityProof" or suite not in CRYPTOSUITES:
        return False
    if proof.get("proofPurpose") != "assertionMethod":
        return False
    if suite == JCS and "@context" in proof and proof["@context"] != document.get("@context"):
        return False
    try:
        signature = multibase_base58btc_decode(proof.get("proofValue", ""))
        public_key.verify(signature, _hash_data(suite, document, _proof_config(suite, document, proof), contexts))
    except (InvalidSignature, JsonLdError, ValueError, TypeError):
        return False
    return True


def verify(signed: dict, public_key: Ed25519PublicKey, *, contexts: dict | None = None) -> bool:
    """True when there is a proof and every proof verifies with `public_key`."""
    document = {key: value for key, value in signed.items() if key != "proof"}
    proofs = proofs_of(signed)
    return bool(proofs) and all(proof_verifies(document, proof, public_key, contexts=contexts) for proof in proofs)
