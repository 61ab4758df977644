import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded photos go to a directory of the test's own, so a test can see what was
    written (and that nothing was)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
