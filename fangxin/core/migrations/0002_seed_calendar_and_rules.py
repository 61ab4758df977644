"""Seed the holiday table and the legal time limits (see fangxin/core/reference_data.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fangxin.core.reference_data import seed_reference_data

    seed_reference_data(
        *(
            apps.get_model("core", name)
            for name in ("HolidayNotice", "CalendarDay", "RuleSet", "TimeLimit")
        )
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
