"""The evaluation surveys' questions, as data: the form, the staff's results, the CSV and
the funder's PDF all read them from here.

Most questions are a 1–5 scale in words ("Not at all" … "Completely"); every question
can be left blank or answered "Prefer not to say". Answers are stored as
{question key: 1–5, "prefer_not" or a choice key}; a blank question is absent.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from checkins.models import Placement, Survey

PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = _("Prefer not to say")
SCALE = (
    (1, _("Not at all")),
    (2, _("A little")),
    (3, _("Somewhat")),
    (4, _("Mostly")),
    (5, _("Completely")),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    # For a question that is not a scale: (choice key, label); empty for a 1–5 scale.
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def is_scale(self) -> bool:
        return not self.choices

    @property
    def options(self) -> tuple[tuple[object, str], ...]:
        """Every answer a person can give, "Prefer not to say" last."""
        return (*(self.choices or SCALE), (PREFER_NOT, PREFER_NOT_LABEL))


END_OF_PROGRAM = (
    Question("safe", _("During the program, I felt safe.")),
    Question("respected", _("I was treated with dignity and respect.")),
    Question("team_support", _("I felt supported by the program team.")),
    Question("peer_support", _("I felt supported by the others in my cohort.")),
    Question("prepared", _("I feel prepared to work as a peer-support specialist.")),
    Question("recovery", _("Taking part supported my own recovery and wellbeing.")),
    Question("recommend", _("I would recommend the program to someone in my place.")),
)

_PLACEMENT = (
    Question(
        "terms",
        _("Is your work paid or volunteer?"),
        choices=(
            ("paid", Placement.Terms.PAID.label),
            ("volunteer", Placement.Terms.VOLUNTEER.label),
            ("both", _("Some of each")),
            ("not_working", _("I am not in a placement now")),
        ),
    ),
    Question("safe", _("I feel safe at work.")),
    Question("satisfied", _("I am satisfied with my work as a peer-support specialist.")),
    Question("work_support", _("I feel supported by my supervisor and team.")),
    Question("program_support", _("I feel supported by the program.")),
    Question("conditions", _("My working conditions (hours, workload, breaks) are fair.")),
    Question("fair_pay", _("I am paid fairly for my work (leave blank if you volunteer).")),
    Question("recovery", _("My work supports my own recovery and wellbeing.")),
)

QUESTIONS: dict[str, tuple[Question, ...]] = {
    Survey.END_OF_PROGRAM: END_OF_PROGRAM,
    Survey.PLACEMENT_6: _PLACEMENT,
    Survey.PLACEMENT_12: _PLACEMENT,
}

# Months into the placement year at which each placement survey opens (with that month's
# check-in, so a pause moves the survey on as it moves the check-in).
PLACEMENT_MONTHS = {Survey.PLACEMENT_6: 6, Survey.PLACEMENT_12: 12}


# The surveys' names in results (the participant's own pages say "your placement").
RESULT_LABELS = {
    Survey.END_OF_PROGRAM: _("End of the program"),
    Survey.PLACEMENT_6: _("Six months into the placement"),
    Survey.PLACEMENT_12: _("Twelve months into the placement"),
}


def questions_for(survey: str) -> tuple[Question, ...]:
    return QUESTIONS[survey]
