from django import forms
from django.utils.translation import gettext_lazy as _

from cpse.notify.kinds import kind_choices
from cpse.notify.models import Notification


class LogFilterForm(forms.Form):
    person = forms.CharField(label=_("Person (name or email)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Notification.Status.choices]
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *kind_choices(kinds)]
