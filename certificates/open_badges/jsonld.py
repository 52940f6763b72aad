"""JSON-LD for the RDF canonicalisation of eddsa-rdfc-2022: every context our documents
name is a copy kept in `contexts/`, loaded by a document loader that never fetches.

Rules chosen here: an unknown context URL raises (UnknownContext, wrapped by pyld in a
JsonLdError) instead of being fetched: what we sign cannot change because someone else's
server changed, and signing never waits on the network. A new context is added by
saving its file here and naming it in CONTEXT_FILES."""

import copy
import functools
import json
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_CONTEXT = "https://w3id.org/security/data-integrity/v2"

CONTEXT_FILES = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-context-3.0.3.json",
    CID_CONTEXT: "cid-v1.jsonld",
    MULTIKEY_CONTEXT: "multikey-v1.jsonld",
    DATA_INTEGRITY_CONTEXT: "data-integrity-v2.jsonld",
}


class UnknownContext(LookupError):
    """A context URL we hold no copy of: we do not fetch it."""


@functools.cache
def _bundled(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def document_loader(extra: dict[str, dict] | None = None):
    """A pyld document loader over the bundled contexts (plus `extra`, url -> document,
    for tests' example contexts)."""
    extra = extra or {}

    def load(url: str, options=None) -> dict:
        if url in extra:
            document = copy.deepcopy(extra[url])
        elif url in CONTEXT_FILES:
            document = copy.deepcopy(_bundled(url))
        else:
            raise UnknownContext(f"No local copy of the JSON-LD context {url}; it is not fetched.")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def canonical_nquads(document: dict, *, contexts: dict[str, dict] | None = None) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) as N-Quads."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader(contexts)},
    )
