"""Publication periods of credit-publicity entries, as data with their legal basis."""

from django.db import migrations

from fangxin.merchants.publicity_rules import seed_publicity_rules


def seed(apps, schema_editor):
    seed_publicity_rules(apps.get_model("merchants", "PublicityRule"))


class Migration(migrations.Migration):
    dependencies = [("merchants", "0009_credit_publicity")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
