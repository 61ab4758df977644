"""Probable duplicates in the registry: the same credit code, or a near-identical name at the
same address (spaces, punctuation, full-width forms and the legal-form suffix ignored), and the
merge that moves every linked record onto the kept registration."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from fangxin.audit.services import record_event
from fangxin.merchants.models import Merchant, MerchantSector

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
# Legal-form words that the same shop is registered with or without.
_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "分公司", "公司", "个体工商户")
_ADDRESS_NOISE = re.compile(r"(省|市|县|区|镇|乡|街道|路|街|号|巷|村)")


def _plain(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def name_key(name: str) -> str:
    key = _plain(name)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
            break
    return key


def address_key(address: str) -> str:
    return _ADDRESS_NOISE.sub("", _plain(address))


def dedupe_key_for(name: str, address: str) -> str:
    return f"{name_key(name)}|{address_key(address)}"[:200]


def duplicate_groups(bureau_id: int, *, limit: int = 200) -> list[list[Merchant]]:
    """Groups of live registrations that are probably one merchant, largest first."""
    live = Merchant.objects.filter(bureau_id=bureau_id, merged_into__isnull=True)
    groups = []
    by_key = (
        live.exclude(dedupe_key="")
        .values("dedupe_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n", "dedupe_key")[:limit]
    )
    for row in by_key:
        groups.append(list(live.filter(dedupe_key=row["dedupe_key"]).order_by("created_at", "pk")))
    return groups


def _linked_fields():
    """Every (model, field) that points at a merchant, found from the models themselves so
    that a registry added later is moved too."""
    # include_hidden: relations named "+" (no reverse accessor) point at merchants too.
    for relation in Merchant._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue
        yield relation.related_model, relation.field, relation.one_to_one


def merchant_merge(*, actor, keep: Merchant, duplicate: Merchant) -> dict[str, int]:
    """Move everything linked to `duplicate` onto `keep` and mark `duplicate` merged."""
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": ["不能与自身合并。"]})
    if keep.bureau_id != duplicate.bureau_id:
        raise ValidationError({"duplicate": ["只能合并本局登记的经营者。"]})
    moved: dict[str, int] = {}
    with transaction.atomic():
        keep, duplicate = (
            Merchant.objects.select_for_update().get(pk=keep.pk),
            Merchant.objects.select_for_update().get(pk=duplicate.pk),
        )
        if keep.merged_into_id or duplicate.merged_into_id:
            raise ValidationError({"duplicate": ["已合并的记录不能再次合并。"]})
        if keep.credit_code and duplicate.credit_code and keep.credit_code != duplicate.credit_code:
            raise ValidationError(
                {"duplicate": ["两条记录的统一社会信用代码不同，不是同一经营者。"]}
            )
        # Sectors: the union (a sector both have stays once).
        MerchantSector.objects.filter(
            merchant=duplicate,
            sector__in=MerchantSector.objects.filter(merchant=keep).values("sector"),
        ).delete()
        for model, field, one_to_one in _linked_fields():
            rows = model._base_manager.filter(**{field.name: duplicate})
            if one_to_one and model._base_manager.filter(**{field.name: keep}).exists():
                # The kept merchant already has one (e.g. its ODR membership): the duplicate's
                # stays where it is, on the merged record, for the record.
                continue
            count = rows.update(**{field.name: keep})
            if count:
                moved[model._meta.label_lower] = count
        if not keep.credit_code and duplicate.credit_code:
            code = duplicate.credit_code
            Merchant.objects.filter(pk=duplicate.pk).update(credit_code="")
            keep.credit_code = code
        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into", "updated_at"])
        try:
            keep.save(update_fields=["credit_code", "updated_at"])
        except IntegrityError as exc:  # pragma: no cover - guarded by the checks above
            raise ValidationError({"duplicate": ["合并失败，请重试。"]}) from exc
        record_event(
            actor=actor,
            action="merchant.merge",
            obj=keep,
            changes={"merged": duplicate.name, "merged_id": duplicate.pk, "moved": moved},
            public=frozenset({"merged", "merged_id", "moved"}),
        )
    return moved
