"""Staff-written text in the reader's language (cpse.bilingual): Spanish when written,
else English marked as English; the staff forms pair each text with its Spanish."""

from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from cpse.bilingual import spanish_field, written

TEXT = SimpleNamespace(title="Final exam", title_es="Examen final", instructions="Take your time.", instructions_es="")


@pytest.mark.parametrize(
    ("field", "language", "expected"),
    [
        ("title", "es", ("Examen final", "es", False)),
        ("title", "en", ("Final exam", "en", False)),
        ("instructions", "es", ("Take your time.", "en", True)),  # no Spanish yet
        ("instructions", "en", ("Take your time.", "en", False)),
        ("title", "fr", ("Final exam", "en", False)),  # a language staff do not write in
    ],
)
def test_the_text_in_the_readers_language_or_english(field, language, expected):
    text = written(TEXT, field, language)
    assert (str(text), text.language, text.fell_back) == expected


def test_spanish_of_only_spaces_counts_as_not_written():
    assert written(SimpleNamespace(title="Title", title_es="  "), "title", "es").fell_back


def test_an_empty_text_needs_no_note():
    text = written(SimpleNamespace(title="", title_es=""), "title", "es")
    assert not text and not text.fell_back and str(text.lang_attr) == ""


def test_the_page_marks_english_on_a_spanish_page_and_escapes():
    template = Template(
        '{% load cpse %}{% written item "title" as title %}<h1{{ title.lang_attr }}>{{ title }}</h1>'
        '{% include "partials/written_in_english.html" with text=title %}'
    )
    item = SimpleNamespace(title="<b>Boundaries</b>", title_es="")
    with translation.override("es"):
        page = template.render(Context({"item": item}))
        note = translation.gettext("This has not been written in Spanish yet, so it is shown in English.")
    assert '<h1 lang="en">&lt;b&gt;Boundaries&lt;/b&gt;</h1>' in page and note in page
    with translation.override("en"):
        page = template.render(Context({"item": item}))
    assert "<h1>&lt;b&gt;Boundaries&lt;/b&gt;</h1>" in page and "fst-italic" not in page


class TwoLanguages(forms.Form):
    title = forms.CharField()
    title_es = spanish_field("Title in Spanish", max_length=10)
    place = forms.CharField()


def test_the_staff_form_shows_each_text_beside_its_spanish():
    page = Template('{% include "partials/bilingual_form.html" %}').render(Context({"form": TwoLanguages()}))
    assert page.count('<div class="col-md-6">') == 2  # title and its Spanish, side by side
    assert page.index('name="title"') < page.index('name="title_es"') < page.index('name="place"')
    assert page.count('name="title_es"') == 1 and 'lang="es"' in page


def test_the_spanish_field_is_optional_and_keeps_to_its_length():
    assert TwoLanguages({"title": "T", "place": "P"}).is_valid()
    form = TwoLanguages({"title": "T", "title_es": "x" * 11, "place": "P"})
    assert not form.is_valid() and "title_es" in form.errors


def test_a_stored_mapping_reads_the_same_way():
    """An exam question's choices are stored as mappings ({"text": ..., "text_es": ...})."""
    assert str(written({"text": "Offer choices", "text_es": "Ofrecer opciones"}, "text", "es")) == "Ofrecer opciones"
    english = written({"text": "Offer choices"}, "text", "es")  # no Spanish written
    assert (str(english), english.fell_back) == ("Offer choices", True)
