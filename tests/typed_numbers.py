"""What a form makes of a number typed in one language (cpse.numbers)."""

from dataclasses import dataclass

from django.utils import translation


@dataclass
class Read:
    value: object  # the cleaned value, None when refused
    codes: list[str]  # the refusal's codes
    message: str  # the refusal, as the reader sees it


def read_field(form_class, language: str, name: str, typed: str, data=None, **kwargs) -> Read:
    """`typed` in field `name` of `form_class` (other fields from `data`), in `language`."""
    with translation.override(language):
        form = form_class({**(data or {}), name: typed}, **kwargs)
        form.is_valid()
        errors = form.errors.as_data().get(name, [])
        return Read(
            value=getattr(form, "cleaned_data", {}).get(name),
            codes=[error.code for error in errors],
            message=" ".join(form.errors.get(name, [])),
        )
