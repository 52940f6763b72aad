from django import template

from checkins.models import SupervisionSession

register = template.Library()


@register.filter
def topic_labels(topics) -> str:
    """A session's topics in words ("Boundaries and ethics, Skills and learning")."""
    labels = dict(SupervisionSession.Topic.choices)
    return ", ".join(str(labels[topic]) for topic in topics if topic in labels)
