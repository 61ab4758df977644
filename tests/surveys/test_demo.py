"""The demo survey loads through the services and is idempotent."""

import pytest

from fangxin.surveys.demo import TITLE, load
from fangxin.surveys.models import Survey
from fangxin.surveys.selectors import survey_results
from tests.campaigns.factories import campaign

pytestmark = pytest.mark.django_db


def test_the_demo_survey_is_open_with_answers_and_loads_once(org, personas):
    built = load(org["bureau"], campaign(org))
    assert built.state == Survey.State.OPEN and built.title == TITLE
    assert built.questions.count() == 8
    assert built.questions.filter(depends_on__isnull=False).count() == 2
    results = survey_results(built)
    assert results.responses == 40
    assert results.commented > 0
    assert load(org["bureau"], campaign(org)).pk == built.pk
    assert Survey.objects.count() == 1
