"""The platform's own narration languages: the three text languages, each with an espeak-ng voice."""

from django.db import migrations

LANGUAGES = [("vi", "Tiếng Việt", "vi"), ("en", "English", "en"), ("id", "Bahasa Indonesia", "id")]


def load(apps, schema_editor):
    NarrationLanguage = apps.get_model("learning", "NarrationLanguage")
    for code, name, voice in LANGUAGES:
        NarrationLanguage.objects.get_or_create(code=code, defaults={"name": name, "espeak_voice": voice})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
