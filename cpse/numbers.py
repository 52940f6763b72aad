"""Numbers a person types (hours, minutes, points, money), read and written back the way
of the language they read the site in.

Rules chosen here:
- The decimal mark is the active language's (`DECIMAL_SEPARATOR`: "." in English, "," in
  Spanish). The other of "." and "," (or a space) only groups thousands, in groups of
  three ("1,750.50" in English, "1.750,50" in Spanish), and only in money: hours,
  minutes and points never need it.
- A number written the other language's way ("1.5" on the Spanish pages, "1,5" on the
  English ones, "1.500" as hours) is refused with a message that shows how to write it,
  never guessed: read by the wrong habit, "1,5" becomes 15 and "1.500" becomes 1.5.
- Whole numbers (minutes, places, years) are digits only: "1.000" is never read as 1.
- Typed numbers are text inputs with `inputmode` ("decimal" or "numeric": phones show a
  number keypad), never `type="number"`: some browsers refuse or rewrite "1,5" in a
  number input, or send it empty (so what was typed is lost), and their messages are not
  in the person's language. The server reads and checks every number.
- Numbers written back (a field's value, the examples in hints and messages, money) use
  the active language's format. Only money groups thousands (`USE_THOUSAND_SEPARATOR`
  stays off), so any number shown can be typed back as it is.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# Spaces people (and Django's Spanish format) put between groups of thousands.
GROUP_SPACES = " \u00a0\u202f"
# Long enough for any mistyped number to reach the field's range message; short enough to read cheaply.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,50}")


class NumberNotRead(ValueError):
    """`meant`: the number the text is in the other language's way (None: not a number)."""

    def __init__(self, meant: Decimal | None = None):
        super().__init__(meant)
        self.meant = meant


QUARTER_HOURS_MESSAGE = _(
    "Please use quarter hours, for example %(whole)s, %(quarter)s, %(half)s or %(three_quarters)s."
)


def quarter_examples(whole: int) -> dict[str, Decimal]:
    """The numbers of "for example 1, 1.25, 1.5 or 1.75" (from `whole`), for
    QUARTER_HOURS_MESSAGE and hints; `numbers_in` writes them the reader's way."""
    base = Decimal(whole)
    return {
        "whole": base,
        "quarter": base + Decimal("0.25"),
        "half": base + Decimal("0.5"),
        "three_quarters": base + Decimal("0.75"),
    }


def marks() -> tuple[str, str]:
    """(decimal mark, grouping mark) of the active language: (".", ",") or (",", ".")."""
    decimal = get_format("DECIMAL_SEPARATOR")
    return decimal, "," if decimal == "." else "."


def _read(text: str, *, decimal: str, group: str, grouping: bool) -> Decimal | None:
    whole, has_decimal, fraction = text.partition(decimal)
    if has_decimal and not re.fullmatch(r"[0-9]+", fraction):
        return None
    # Grouped: 1 to 3 digits, then groups of exactly 3 ("1.750.000"), one mark or space between.
    grouped = rf"|[0-9]{{1,3}}(?:[{re.escape(group + GROUP_SPACES)}][0-9]{{3}})+" if grouping else ""
    pattern = rf"[0-9]+{grouped}"
    if not re.fullmatch(pattern, whole) and not (has_decimal and whole == ""):
        return None
    digits = re.sub(r"[^0-9]", "", whole) or "0"
    return Decimal(f"{digits}.{fraction}" if has_decimal else digits)


def parse_number(text: str, *, grouping: bool = False, currency: bool = False) -> Decimal:
    """`text` read the active language's way; `grouping`: thousands may be grouped;
    `currency`: a "$" may come first. Raises NumberNotRead."""
    text = str(text).strip()
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:].strip()
    if currency:
        text = text.removeprefix("$").strip()
    decimal, group = marks()
    value = _read(text, decimal=decimal, group=group, grouping=grouping)
    if value is None:
        raise NumberNotRead(_read(text, decimal=group, group=decimal, grouping=grouping))
    return -value if sign == "-" else value


def number_text(value, *, places: int | None = None) -> str:
    """`value` in the active language's format, with `places` decimals (None: as the
    Decimal is written: Decimal("1750.00") gives "1750,00" in Spanish)."""
    return number_format(value, decimal_pos=places)


def plain_number(value: Decimal) -> str:
    """10, 2.5, 0.25: as few decimals as the number needs, in the active language's format."""
    value = Decimal(value)
    return number_text(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def _filled(message, numbers: dict) -> str:
    return str(message) % {name: number_text(value) for name, value in numbers.items()}


_filled_lazy = lazy(_filled, str)


def numbers_in(message, **numbers):
    """`message` (a lazy translation) with its %(name)s placeholders filled by `numbers`
    (as written: Decimal("3500.50") stays two decimals), in the active language's format
    when it is read: a field's hints and messages are made once, and read in each
    request's language."""
    return _filled_lazy(message, numbers)


def dollars(cents: int) -> str:
    """Integer cents as dollars in the active language's format: "$3,500.00" in English,
    "$3 500,00" in Spanish (never through a float)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${number_format(Decimal(abs(int(cents))).scaleb(-2), decimal_pos=2, force_grouping=True)}"


class DecimalNumberField(forms.DecimalField):
    """A decimal number typed the active language's way: hours, points."""

    grouping = False
    currency = False
    places_shown: int | None = None  # None: as few decimals as the number needs
    default_error_messages = {"other_way": _("Please write the number like this: %(number)s.")}

    def __init__(self, *, widget=None, **kwargs):
        widget = widget or forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(widget=widget, **kwargs)

    def shown(self, value: Decimal) -> str:
        return plain_number(value) if self.places_shown is None else number_text(value, places=self.places_shown)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value), grouping=self.grouping, currency=self.currency)
        except NumberNotRead as refusal:
            if refusal.meant is not None:
                raise ValidationError(
                    self.error_messages["other_way"], code="other_way", params={"number": self.shown(refusal.meant)}
                ) from None
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        # A stored value (initial) in the reader's format; what was typed comes back as typed.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return self.shown(Decimal(value))
        return value


class MoneyField(DecimalNumberField):
    """Dollars typed the active language's way, thousands grouped or not, with or without
    "$": "1,750.50" in English, "1.750,50" in Spanish."""

    grouping = True
    currency = True
    places_shown = 2
    default_error_messages = {"other_way": _("Please write the amount like this: %(number)s.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)


class WholeNumberField(forms.IntegerField):
    """A whole number typed as digits (minutes, places, years): "1.000" and "1,5" are
    refused with the field's "invalid" message, never read as 1 or 15."""

    def __init__(self, *, widget=None, **kwargs):
        widget = widget or forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)
