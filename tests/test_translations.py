"""The Spanish catalogue is complete, compiled, and what Spanish speakers see.

How to refresh after adding or changing text in templates or Python:

    make messages     # makemessages -l es, then compilemessages

then translate every new or "#, fuzzy" entry in locale/es/LC_MESSAGES/django.po
(formal "usted"; the glossary is at the top of that file), delete the fuzzy flag,
run `make messages` again so django.mo matches, and commit django.po and django.mo
together. These tests say which entry is missing, fuzzy, stale or broken.
"""

import ast
import gettext
import html
import io
import os
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
REFRESH = "Run `make messages`, translate the entries in locale/es/LC_MESSAGES/django.po, then `make messages` again."


# --- A small .po reader (no dependency) ---------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{where}: not a quoted string: {text!r}")

    def escape(match):
        if match.group(1) not in _ESCAPES:
            raise ValueError(f"{where}: unknown escape \\{match.group(1)}")
        return _ESCAPES[match.group(1)]

    return re.sub(r"\\(.)", escape, text[1:-1])


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def forms(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]

    def __str__(self) -> str:
        return f"django.po line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """Entries in file order; obsolete (#~) entries are left out, as msgfmt does."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple | None = None  # (attribute name, plural index)

    def finish():
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            finish()
            target = None
        elif line.startswith("#~"):
            target = None
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{where}: a continuation line outside an entry")
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line, where)
            else:
                setattr(entry, name, getattr(entry, name) + _unquote(line, where))
        else:
            match = _KEYWORD.match(line)
            if not match:
                raise ValueError(f"{where}: cannot read {raw!r}")
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3), where)
            if keyword in ("msgctxt", "msgid") and (entry is None or entry.msgstr or keyword == "msgctxt"):
                finish()
                entry = Entry(line=number, flags=flags)
                flags = set()
            if entry is None:
                raise ValueError(f"{where}: {keyword} before msgid")
            if keyword.startswith("msgstr"):
                position = int(index) if index is not None else 0
                entry.msgstr[position] = value
                target = ("msgstr", position)
            else:
                setattr(entry, keyword, value)
                target = (keyword, None)
    finish()
    return entries


def header_fields(entries: list[Entry]) -> dict[str, str]:
    header = next(entry for entry in entries if entry.is_header)
    pairs = (line.split(":", 1) for line in header.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing. {REFRESH}"
    return read_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [entry for entry in entries if not entry.is_header]


# --- (a) every entry translated, none fuzzy ----------------------------------------


def test_the_header_says_spanish_utf8_and_two_plural_forms(entries):
    header = header_fields(entries)
    assert header["Language"] == "es"
    assert "charset=UTF-8" in header["Content-Type"]
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not next(entry for entry in entries if entry.is_header).flags & {"fuzzy"}


def test_every_entry_is_translated_and_checked(messages):
    assert len(messages) > 50, "the catalogue looks truncated"
    fuzzy = [str(entry) for entry in messages if "fuzzy" in entry.flags]
    empty = [str(entry) for entry in messages if not entry.msgstr or any(not form for form in entry.forms)]
    wrong_forms = [
        str(entry) for entry in messages if entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1]
    ]
    assert not fuzzy, f"Fuzzy entries (check the translation, then delete '#, fuzzy'): {fuzzy}"
    assert not empty, f"Untranslated entries: {empty}. {REFRESH}"
    assert not wrong_forms, f"Plural entries need msgstr[0] and msgstr[1]: {wrong_forms}"


def test_no_entry_is_there_twice(messages):
    keys = [entry.key for entry in messages]
    assert len(keys) == len(set(keys))


# --- (b) the compiled .mo says the same as the .po ---------------------------------


def test_the_compiled_catalogue_matches_the_po_file(entries, messages):
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run `make messages` (compilemessages)."
    with MO_PATH.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    stale = "django.mo is out of step with django.po: run `make messages` and commit both files."

    assert mo.info().get("plural-forms") == header_fields(entries)["Plural-Forms"], stale
    # The same entries: nothing missing, nothing left over from an older .po.
    compiled = {key[0] if isinstance(key, tuple) else key for key in mo._catalog} - {""}
    expected = {(f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid) for e in messages}
    assert compiled == expected, f"{stale} Only in .mo: {compiled - expected}; only in .po: {expected - compiled}"

    # The same words, read through the public gettext API.
    counts = {}
    for n in range(200):
        counts.setdefault(mo.plural(n), n)
    for entry in messages:
        if entry.msgid_plural is None:
            got = mo.gettext(entry.msgid) if entry.msgctxt is None else mo.pgettext(entry.msgctxt, entry.msgid)
            assert got == entry.msgstr[0], f"{entry}: {stale}"
        else:
            for index, text in entry.msgstr.items():
                n = counts[index]
                if entry.msgctxt is None:
                    got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                assert got == text, f"{entry} (n={n}): {stale}"


# --- (c) the pages a Spanish speaker opens are in Spanish --------------------------


def _visible(response) -> str:
    return html.unescape(response.content.decode())


def _english_left(page: str, messages: list[Entry]) -> list[str]:
    """Our own English sentences that show on a page that should be Spanish."""
    english = (
        entry.msgid
        for entry in messages
        if " " in entry.msgid and "%" not in entry.msgid and entry.msgstr[0] != entry.msgid
    )
    return [text for text in english if text in page]


@pytest.mark.django_db
def test_the_public_home_page_is_in_spanish(client, messages):
    from tests.factories import CohortFactory

    CohortFactory(year=2026)  # so the calendar, fee and requirements show too
    # LocaleMiddleware picks the language from the request, so the request asks for it too.
    with translation.override("es"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    page = _visible(response)
    assert '<html lang="es">' in page
    for spanish in (
        "Salir rápido de este sitio",
        "Iniciar sesión",
        "Quién puede postularse",
        "apoyo entre pares",
        "Capacitación intensiva presencial",
        "Solicitudes",
    ):
        assert spanish in page
    for english in ("Leave this site quickly", "Sign in", "Who can apply", "Skip to main content", "key dates"):
        assert english not in page
    assert not _english_left(page, messages)


@pytest.mark.django_db
def test_the_sign_in_page_is_in_spanish_with_allauths_own_catalogue(client, messages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = _visible(response)
    assert "Salir rápido de este sitio" in page  # our layout
    assert "Contraseña" in page  # allauth's form, translated by allauth
    assert "¿Ha olvidado su contraseña?" in page
    for english in ("Sign In", "Password", "Forgot your password?", "Leave this site quickly"):
        assert english not in page
    assert not _english_left(page, messages)


# --- (d) placeholders survive translation ------------------------------------------

_PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_BRACES = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def placeholders(text: str) -> tuple[frozenset, tuple, frozenset]:
    """Named %(x)s, positional %s/%d in order, and {x} placeholders; %% is a literal."""
    named, positional = set(), []
    for match in _PERCENT.finditer(text):
        if match.group() == "%%":
            continue
        if match.group("name") is not None:
            named.add(match.group())
        else:
            positional.append(match.group())
    return frozenset(named), tuple(positional), frozenset(_BRACES.findall(text))


def test_placeholders_are_the_same_in_every_translation(messages):
    problems = []
    for entry in messages:
        source = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            plural = placeholders(entry.msgid_plural)
            source = (source[0] | plural[0], plural[1], source[2] | plural[2])
        for index, text in entry.msgstr.items():
            got = placeholders(text)
            if entry.msgid_plural is None:
                ok = got == source
            else:  # a singular form may leave the number out ("una hora")
                ok = got[0] <= source[0] and got[2] <= source[2] and got[1] in ((), source[1])
            if not ok:
                problems.append(f"{entry} msgstr[{index}] {text!r}: has {got}, expects {source}")
            if "python-format" in entry.flags and "%" in _PERCENT.sub("", text):
                problems.append(f"{entry} msgstr[{index}] {text!r}: a lone % breaks the formatting; write %%")
    assert not problems, "\n".join(problems)


# --- Every string marked in the code is in the catalogue ---------------------------

_SKIP_DIRS = {"var", "benchmarks", "tests", "locale", "node_modules", os.path.join("static", "vendor")}
_CALLS = {  # function: what its string arguments are (as makemessages reads them)
    **dict.fromkeys(["_", "gettext", "gettext_lazy", "gettext_noop"], ("msgid",)),
    **dict.fromkeys(["ngettext", "ngettext_lazy"], ("msgid", "msgid_plural")),
    **dict.fromkeys(["pgettext", "pgettext_lazy"], ("msgctxt", "msgid")),
    **dict.fromkeys(["npgettext", "npgettext_lazy"], ("msgctxt", "msgid", "msgid_plural")),
}


def _source_files():
    for folder, dirs, files in os.walk(ROOT):
        relative = os.path.relpath(folder, ROOT)
        dirs[:] = [
            name
            for name in dirs
            if not name.startswith(".") and os.path.normpath(os.path.join(relative, name)) not in _SKIP_DIRS
        ]
        for name in files:
            if name.endswith((".py", ".html", ".txt")):
                yield Path(folder) / name


def _key(function: str, strings: list[str]) -> tuple | None:
    names = _CALLS[function]
    if len(strings) < len(names):
        return None  # not a literal: makemessages cannot read it either
    values = dict(zip(names, strings, strict=False))
    return (values.get("msgctxt"), values["msgid"], values.get("msgid_plural"))


def _marked_in_python(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        function = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if function not in _CALLS:
            continue
        strings = []
        for argument in node.args:
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                break
            strings.append(argument.value)
        key = _key(function, strings)
        if key:
            yield key, f"{path.relative_to(ROOT)}:{node.lineno}"


def _marked_in_template(path: Path):
    text = path.read_text(encoding="utf-8")
    if "{%" not in text:
        return
    # templatize() turns a template into gettext() calls among filler words, one call per line.
    code = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    for position, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in _CALLS or tokens[position + 1].string != "(":
            continue
        strings = []
        for argument in tokens[position + 2 :]:
            if argument.type == tokenize.STRING:
                strings.append(ast.literal_eval(argument.string))
            elif argument.string != ",":
                break
        key = _key(token.string, strings)
        if key:
            yield key, f"{path.relative_to(ROOT)}:{token.start[0]}"


def test_every_marked_string_is_in_the_catalogue(messages):
    translated = {entry.key for entry in messages if entry.msgstr and all(entry.forms)}
    missing = {}
    for path in _source_files():
        found = _marked_in_python(path) if path.suffix == ".py" else _marked_in_template(path)
        for key, where in found:
            if key not in translated:
                missing.setdefault(key[1], where)
    assert not missing, f"Not yet in Spanish ({REFRESH}):\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda item: item[1])
    )
