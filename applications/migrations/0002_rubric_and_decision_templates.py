"""Default interview rubric (readiness for peer work first, as the study and the guide
ask) and the default decision messages, in English and Spanish. Staff can edit both."""

from django.db import migrations

CRITERIA = [
    ("Readiness for peer work", "Stable in their own recovery; can hear others' stories without being overwhelmed."),
    ("Understanding of peer support", "Knows what peer support is and is not; respects boundaries."),
    ("Self-care and support", "Has ways to look after themselves and people to turn to."),
    ("Communication", "Listens well and speaks with warmth and respect."),
    ("Motivation and goals", "Clear reasons for the work and a sense of where they want to serve."),
]

TEMPLATES = {
    ("accepted", "en"): "Congratulations, and welcome. You have been offered a place in the program. "
    "We will write soon with your first steps and the dates of your cohort. If you have any question, "
    "the program team is here for you.",
    ("waitlisted", "en"): "Thank you for your application. The cohort is full for now, and you are on our "
    "waiting list. If a place opens, we will let you know straight away.",
    ("declined", "en"): "Thank you for the care you put into your application. We are not able to offer "
    "you a place this year. This is not a judgement of your worth or your story. You are welcome to apply "
    "again, and you can ask us for a review of this decision.",
    ("accepted", "es"): "Felicitaciones y le damos la bienvenida. Le ofrecemos un lugar en el programa. "
    "Pronto le escribiremos con sus primeros pasos y las fechas de su cohorte. Si tiene alguna pregunta, "
    "el equipo del programa está aquí para usted.",
    ("waitlisted", "es"): "Gracias por su solicitud. Por ahora la cohorte está completa y usted está en "
    "nuestra lista de espera. Si se abre un lugar, se lo diremos de inmediato.",
    ("declined", "es"): "Gracias por el cuidado que puso en su solicitud. Este año no podemos ofrecerle "
    "un lugar. Esto no es un juicio sobre su valor ni sobre su historia. Puede volver a postularse, y "
    "puede pedirnos una revisión de esta decisión.",
}


def create_defaults(apps, schema_editor):
    RubricCriterion = apps.get_model("applications", "RubricCriterion")
    DecisionTemplate = apps.get_model("applications", "DecisionTemplate")
    if not RubricCriterion.objects.exists():
        for position, (name, description) in enumerate(CRITERIA):
            RubricCriterion.objects.create(name=name, description=description, position=position)
    for (kind, language), body in TEMPLATES.items():
        DecisionTemplate.objects.get_or_create(kind=kind, language=language, defaults={"body": body})


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
