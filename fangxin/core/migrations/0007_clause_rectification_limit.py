"""The default period for rectifying unfair format clauses, added to every rule set."""

from django.db import migrations


def seed(apps, schema_editor):
    from fangxin.core.reference_data import CLAUSE_RECTIFICATION

    RuleSet = apps.get_model("core", "RuleSet")  # noqa: N806
    TimeLimit = apps.get_model("core", "TimeLimit")  # noqa: N806
    key, label, days, extension, article, note = CLAUSE_RECTIFICATION
    for rule_set in RuleSet.objects.all():
        TimeLimit.objects.get_or_create(
            rule_set=rule_set,
            key=key,
            defaults={
                "label": label,
                "days": days,
                "extension_days": extension,
                "article": article,
                "note": note,
                "day_kind": "working",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_reference_stamp")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
