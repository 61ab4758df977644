"""The demo data loads through the services and leaves something to look at."""

import pytest

from fangxin.selections import demo
from fangxin.selections.models import Vote
from tests.campaigns.factories import campaign

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_vote_in_progress_and_a_published_list_once(org, personas):
    souvenir, trusted = demo.load(org["bureau"], campaign(org))
    assert souvenir.state == "voting" and souvenir.candidates.count() == 6
    assert souvenir.votes.filter(status=Vote.Status.COUNTED).count() == 12
    assert souvenir.votes.filter(status=Vote.Status.HELD).count() == 3
    assert (
        trusted.state == "published" and trusted.final.entries.filter(is_winner=True).count() == 3
    )
    assert demo.load(org["bureau"], campaign(org)) == []
