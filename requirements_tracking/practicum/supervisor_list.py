"""How this app has a practicum supervisor emailed at once the list of what waits for
them, when program staff send a new link or move hours to the current supervisor.

The list (practicum hours and supervision contracts together) belongs to
checkins.supervisor_digest, above this app: it registers its sender here in its
AppConfig.ready, as reminders and data rights are registered, so this app never imports
upward. Without a sender nobody is emailed; the hours still wait in the list."""

from collections.abc import Callable

# Called with keyword arguments: email (the supervisor's), reason (unique per request).
Sender = Callable[..., object]

_senders: list[Sender] = []


def register(sender: Sender) -> None:
    if sender not in _senders:
        _senders.append(sender)


def send_now(*, email: str, reason: str) -> None:
    for sender in _senders:
        sender(email=email, reason=reason)
