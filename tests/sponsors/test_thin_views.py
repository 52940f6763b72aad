"""Views stay thin (issue #20, docs STYLE "Views are thin"): no sponsors view reaches the
ORM itself. It finds what it shows through a selector that checks permission while
loading, so `Model.objects` and `get_object_or_404(Model, ...)` have no place in
`sponsors/**/views.py`; a new query goes into the topic's selectors."""

import ast
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.shortcuts import get_list_or_404, get_object_or_404

from sponsors import models as sponsor_models
from sponsors.models import Invoice
from sponsors.money import selectors

SPONSORS = Path(settings.BASE_DIR) / "sponsors"
VIEW_MODULES = sorted(SPONSORS.rglob("views.py"))
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _dotted(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything else than names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def _is_model(node: ast.expr, namespace: dict) -> bool:
    parts = _dotted(node)
    if parts is None or parts[0] not in namespace:
        return False
    found = namespace[parts[0]]
    for part in parts[1:]:
        found = getattr(found, part, None)
    return isinstance(found, type) and issubclass(found, models.Model)


def orm_uses(source: str, namespace: dict) -> list[str]:
    """Where `source` touches the ORM: a `.objects` anywhere, or a 404 shortcut given a
    model (a model class as named in `namespace`, the module's globals)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name and name[-1] in SHORTCUTS and node.args and _is_model(node.args[0], namespace):
                found.append(f"line {node.lineno}: {name[-1]}() with a model")
    return found


def test_every_topic_with_pages_is_checked():
    names = {path.relative_to(SPONSORS).as_posix() for path in VIEW_MODULES}
    assert {"finance/views.py", "billing/views.py", "portal/views.py", "organisations/views.py"} <= names


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: path.relative_to(SPONSORS).as_posix())
def test_views_do_not_query_the_database(path):
    module = importlib.import_module(".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts))
    found = orm_uses(path.read_text(), vars(module))
    assert not found, f"{path.relative_to(settings.BASE_DIR)}: move the query into a selector: {found}"


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("Invoice.objects.filter(public_id=x).first()", True),
        ("models.Invoice.objects.get(pk=1)", True),
        ("get_object_or_404(Invoice, public_id=x)", True),
        ("shortcuts.get_object_or_404(models.Invoice, public_id=x)", True),
        ("get_list_or_404(Invoice, sponsor=s)", True),
        ("get_object_or_404(selectors.invoices_for_sponsor(ids), public_id=x)", False),
        ("selectors.invoice_for_staff(public_id)", False),
    ],
)
def test_the_check_catches_the_orm(source, caught):
    namespace = {
        "Invoice": Invoice,
        "models": sponsor_models,
        "selectors": selectors,
        "get_object_or_404": get_object_or_404,
        "get_list_or_404": get_list_or_404,
    }
    assert bool(orm_uses(source, namespace)) is caught
