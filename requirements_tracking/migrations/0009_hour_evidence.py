from django.db import migrations, models

import cpse.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("requirements_tracking", "0008_spanish_question_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="hourentry",
            name="evidence",
            field=models.FileField(blank=True, upload_to=cpse.uploads.private_upload_path),
        ),
    ]
