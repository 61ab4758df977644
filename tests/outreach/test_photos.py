"""Event photos: images a browser shows, checked by content; anything else is refused with a
Chinese message and nothing is written (no row, no file)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.audit.models import AuditEvent
from fangxin.outreach import services
from fangxin.outreach.models import EventPhoto
from tests.outreach.factories import event, png

pytestmark = pytest.mark.django_db


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_png_photo_is_stored_under_a_random_name_and_audited(org, personas, _media):
    created = event(org, personas)
    photo = services.event_photo_add(
        actor=personas["handler"], event=created, upload=png("现场.png"), caption="现场咨询台"
    )
    assert photo.content_type == "image/png"
    assert photo.token.endswith(".png") and "现场" not in photo.file.name
    assert len(_files(_media)) == 1
    assert AuditEvent.objects.filter(action="outreach.photo_add").exists()


def test_a_renamed_executable_is_refused_through_the_page_and_nothing_is_written(
    org, personas, login, _media
):
    created = event(org, personas)
    fake = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg")
    response = login(personas["handler"]).post(
        f"/staff/outreach/{created.pk}/photos/", {"photo": fake, "caption": "x"}
    )
    assert response.status_code == 400
    assert "“现场照片.jpg”不是有效的照片" in response.content.decode()
    assert not EventPhoto.objects.exists()
    assert _files(_media) == []


def test_an_empty_file_is_refused(org, personas, login, _media):
    created = event(org, personas)
    with pytest.raises(ValidationError) as caught:
        services.event_photo_add(
            actor=personas["handler"], event=created, upload=SimpleUploadedFile("a.png", b"")
        )
    assert caught.value.message_dict == {"photo": ["“a.png”是空文件，请重新选择。"]}
    response = login(personas["handler"]).post(
        f"/staff/outreach/{created.pk}/photos/", {"photo": SimpleUploadedFile("a.png", b"")}
    )
    assert response.status_code == 400
    assert "空文件" in response.content.decode()
    assert not EventPhoto.objects.exists()
    assert _files(_media) == []


def test_a_pdf_is_not_a_photo(org, personas):
    created = event(org, personas)
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.7\n" + b"0" * 100)
    with pytest.raises(ValidationError, match="不是网页可显示的照片"):
        services.event_photo_add(actor=personas["handler"], event=created, upload=pdf)
    assert not EventPhoto.objects.exists()


def test_a_file_that_only_starts_like_a_png_is_refused(org, personas):
    created = event(org, personas)
    broken = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    with pytest.raises(ValidationError, match="已损坏"):
        services.event_photo_add(actor=personas["handler"], event=created, upload=broken)
    assert not EventPhoto.objects.exists()


def test_a_caption_with_an_id_number_is_refused(org, personas, _media):
    created = event(org, personas)
    with pytest.raises(ValidationError, match="身份证号"):
        services.event_photo_add(
            actor=personas["handler"],
            event=created,
            upload=png(),
            caption="获奖群众11010519491231002X",
        )
    assert not EventPhoto.objects.exists()
    assert _files(_media) == []


def test_a_member_of_another_unit_cannot_add_photos(org, personas):
    created = event(org, personas)
    with pytest.raises(ValidationError, match="本人所在单位"):
        services.event_photo_add(actor=personas["handler2"], event=created, upload=png())


def test_removing_a_photo_deletes_its_file(
    org, personas, _media, django_capture_on_commit_callbacks
):
    created = event(org, personas)
    photo = services.event_photo_add(actor=personas["handler"], event=created, upload=png())
    with django_capture_on_commit_callbacks(execute=True):
        services.event_photo_remove(actor=personas["handler"], photo=photo)
    assert not EventPhoto.objects.exists()
    assert _files(_media) == []
