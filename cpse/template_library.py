"""Template helpers shared by every app ({% load cpse %})."""

import re

from django import forms, template
from django.forms import widgets
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from cpse import bilingual, dates
from cpse.support_lines import SupportLine, support_lines_for

register = template.Library()


@register.simple_tag
def select_options(field) -> str:
    """A select's options in one pass of Python: long lists (states, every cohort) cost a
    template node per option otherwise, and it showed in the benchmarks."""
    current = "" if field.value() is None else str(field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == current else "", label) for value, label in field.field.choices),
    )


@register.filter
def crispy_kind(field) -> str:
    """How partials/fields.html renders a field: "radio" (a radio set), "control" (a text-like
    input or a textarea: `control`), or "crispy" (anything else, through crispy itself)."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.Textarea) or (
        isinstance(widget, widgets.Input) and not isinstance(widget, forms.CheckboxInput | forms.FileInput)
    ):
        return "crispy" if widget.is_hidden else "control"
    return "crispy"


@register.simple_tag
def radio_options(field) -> str:
    """A radio set's options in one pass of Python, laid out as crispy's Bootstrap 5
    template lays them out (partials/fields.html): that template renders each option
    through several includes, and a page of questions spent most of its time there. The
    errors go inside the last option, after its input: Bootstrap shows `.invalid-feedback`
    only after an `.is-invalid` input."""
    current = "" if field.value() is None else str(field.value())
    invalid = " is-invalid" if field.errors else ""
    # What the widget adds for a required field and one with errors.
    extra = format_html(
        "{}{}",
        " required" if field.field.required else "",
        format_html(' aria-invalid="{}"', "true") if field.errors else "",
    )
    errors = _feedback(field) if field.errors else ""
    choices = list(field.field.choices)
    return format_html_join(
        "",
        '<div class="form-check"><input type="radio" class="form-check-input{}" name="{}" value="{}" id="{}_{}"{}{}>'
        ' <label for="{}_{}" class="form-check-label">{}</label>{}</div>',
        (
            (
                invalid,
                field.html_name,
                value,
                field.auto_id,
                index,
                extra,
                " checked" if str(value) == current else "",
                field.auto_id,
                index,
                label,
                errors if index == len(choices) - 1 else "",
            )
            for index, (value, label) in enumerate(choices)
        ),
    )


def _feedback(field) -> str:
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
        ),
    )


@register.simple_tag
def control(field) -> str:
    """A text-like input or a textarea as crispy renders it (the widget's class name and
    Bootstrap's `form-control`, `is-invalid` with errors, then the errors), in one pass of
    Python: the widget's own template costs a render per field."""
    widget = field.field.widget
    css = f"{type(widget).__name__.lower()} form-control{' is-invalid' if field.errors else ''}"
    attrs = field.build_widget_attrs(widget.build_attrs(widget.attrs, {"class": css}))
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    value = widget.format_value(field.value())
    if isinstance(widget, forms.Textarea):
        html = format_html('<textarea name="{}"{}>\n{}</textarea>', field.html_name, flatatt(attrs), value or "")
    else:
        shown = format_html(' value="{}"', value) if value is not None else ""
        html = format_html('<input type="{}" name="{}"{}{}>', widget.input_type, field.html_name, shown, flatatt(attrs))
    return html + _feedback(field) if field.errors else html


@register.simple_tag
def field_changes(entry) -> str:
    """What one change-history entry changed, in words (`cpse.audit.display`), as a list;
    a dash for nothing. One pass of Python: a partial with its loop cost a render for
    every row and every change of a page of history, and `format_html` per change cost
    as much again (a page shows some 250 changes)."""
    if not entry.field_changes:
        return "—"
    items = "".join(
        f'<li class="text-break">{conditional_escape(c.name)}: {conditional_escape(c.shown)}</li>'
        for c in entry.field_changes
    )
    return mark_safe(f'<ul class="list-unstyled mb-0">{items}</ul>')  # noqa: S308 - each value escaped above


@register.simple_tag
def support_lines() -> list[SupportLine]:
    """The crisis and support lines, in the page's language (`{% support_lines as lines %}`)."""
    return support_lines_for()


@register.simple_tag
def written(obj, field: str) -> bilingual.Written:
    """A text staff wrote, in the page's language (`{% written exam "title" as title %}`,
    then `{% include "partials/written_in_english.html" with text=title %}` for the note
    when it is shown in English): see cpse.bilingual."""
    return bilingual.written(obj, field)


@register.filter
def bilingual_rows(form) -> list[tuple]:
    """The form's fields in order, each with its Spanish field (`<name>_es`) or None
    (partials/bilingual_form.html); a Spanish field comes only beside its English one."""
    rows = []
    for name in form.fields:
        if name.endswith("_es") and name.removesuffix("_es") in form.fields:
            continue
        spanish = f"{name}_es"
        rows.append((form[name], form[spanish] if spanish in form.fields else None))
    return rows


_WORD = re.compile(r"[^\W\d_]+")
# A word after a space ("In" of "Sign In"): lowered when capitalised; words with capitals
# inside (WebAuthn) or only capitals (CPSE, MFA) are names and stay as they are.
_LATER_WORD = re.compile(r"(?<=\s)[^\W\d_]{2,}")


@register.filter(is_safe=True)
def sentence_case(text) -> str:
    """allauth's headings and buttons in sentence case like the rest of the site: its
    catalogue writes "Sign In", "Iniciar Sesión". Only letters change case, so what was
    safe (escaped) stays safe, and Django marks it so (is_safe)."""

    def lower(match: re.Match) -> str:
        word = match.group()
        return word.lower() if word[0].isupper() and word[1:].islower() else word

    text = str(text)
    first = _WORD.search(text)  # keeps its capital
    if first is None:
        return text
    return text[: first.end()] + _LATER_WORD.sub(lower, text[first.end() :])


@register.filter
def with_zone(moment) -> str:
    """A moment with its time zone, as an interview time is shown (cpse.dates)."""
    return dates.moment_with_zone(moment) if moment else ""


@register.filter
def time_with_zone(moment) -> str:
    """The time of a moment with its time zone, when its day is said beside it (cpse.dates)."""
    return dates.time_with_zone(moment) if moment else ""
