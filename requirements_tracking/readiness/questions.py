"""The readiness self-assessment: a few gentle questions, kept here as data. They ask how
life is now, never about the past; every question has "Prefer not to say", and every
answer may come with a few words of the person's own. The same questions are asked at
interview and before the practicum."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = "prefer_not"
NOTE_MAX_LENGTH = 500


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[tuple[str, str], ...]
    help_text: str = ""


def _with_prefer_not(*choices) -> tuple[tuple[str, str], ...]:
    return (*choices, (PREFER_NOT_TO_SAY, _("I would prefer not to say")))


QUESTIONS: tuple[Question, ...] = (
    Question(
        key="settled",
        text=_("How settled does your life feel right now?"),
        help_text=_("Think of home, health, work and the people around you."),
        choices=_with_prefer_not(
            ("very", _("Very settled")),
            ("mostly", _("Mostly settled")),
            ("somewhat", _("Somewhat unsettled")),
            ("unsettled", _("Quite unsettled")),
        ),
    ),
    Question(
        key="people",
        text=_("Do you have people you can turn to when something brings up difficult memories?"),
        choices=_with_prefer_not(
            ("several", _("Yes, several people")),
            ("one_or_two", _("Yes, one or two people")),
            ("not_really", _("Not really, right now")),
        ),
    ),
    Question(
        key="self_care",
        text=_("How do you look after yourself after a hard day?"),
        help_text=_("There is no right answer. Rest, faith, a walk, a call to a friend: all of it counts."),
        choices=_with_prefer_not(
            ("works", _("I have ways that work well for me")),
            ("learning", _("I have some ways, and I am still learning")),
            ("hard", _("I find this hard at the moment")),
        ),
    ),
    Question(
        key="stories",
        text=_("How do you feel about hearing other people's stories that may be close to your own?"),
        choices=_with_prefer_not(
            ("comfortable", _("Comfortable")),
            ("with_support", _("Mostly comfortable, with support")),
            ("unsure", _("Unsure")),
            ("hard", _("It would be hard for me right now")),
        ),
    ),
    Question(
        key="asking_for_help",
        text=_(
            "If something in the training felt like too much, how easy would it be to take a break or ask for help?"
        ),
        choices=_with_prefer_not(
            ("easy", _("Easy")),
            ("fairly_easy", _("Fairly easy")),
            ("not_easy", _("Not easy")),
        ),
    ),
    Question(
        key="time_energy",
        text=_("How much time and energy do you have for the program in the coming months?"),
        choices=_with_prefer_not(
            ("plenty", _("Plenty")),
            ("enough", _("Enough")),
            ("less", _("Less than I would like")),
        ),
    ),
    Question(
        key="support_wanted",
        text=_("What would help you feel supported in the program?"),
        help_text=_("For example: a regular call with the team, a quiet space at the intensive, more time for a step."),
        choices=_with_prefer_not(
            ("team", _("Regular contact with the program team")),
            ("peer", _("A peer to talk with")),
            ("flexible", _("Flexible timing")),
            ("not_sure", _("I am not sure yet")),
        ),
    ),
)

BY_KEY = {question.key: question for question in QUESTIONS}


@dataclass(frozen=True)
class ShownAnswer:
    question: Question
    answer: str  # the choice in words, in the reader's language
    note: str


def answers_shown(answers: dict) -> list[ShownAnswer]:
    """The stored answers ({key: {"choice", "note"}}) in the questions' order, in words.
    Questions left out are left out; a choice that no longer exists is shown as stored."""
    shown = []
    for question in QUESTIONS:
        answer = answers.get(question.key)
        if not answer:
            continue
        labels = dict(question.choices)
        choice = answer.get("choice", "")
        shown.append(
            ShownAnswer(question=question, answer=str(labels.get(choice, choice)), note=answer.get("note", ""))
        )
    return shown
