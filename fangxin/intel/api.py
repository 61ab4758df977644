"""Text-intelligence reads in the API (v1): hotspots for dashboards and the reports issue."""

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from fangxin.api.auth import STAFF_AUTH
from fangxin.intel.selectors import hotspot_rows, hotspots

router = Router(tags=["文本智能"])


class HotspotQuery(Schema):
    dimension: Literal["sector", "problem", "merchant", "township", "keyword"] = "sector"
    period: Literal["week", "month"] = "week"


@router.get("/intel/hotspots", response=dict, auth=STAFF_AUTH, summary="工作人员：投诉热点")
def hotspot_read(request: HttpRequest, query: Query[HotspotQuery]):
    """Counts per key for the current period and the eight before it (`starts` are the first
    days), and for each key that rose significantly the test's expected count, ratio and
    Benjamini–Hochberg q value."""
    user = request.auth
    if not user.is_bureau_staff:
        raise HttpError(403, "您没有执行此操作的权限。")
    data = hotspots(bureau_id=user.bureau_id, dimension=query.dimension, period=query.period)
    return {
        "dimension": data.dimension,
        "period": data.period,
        "starts": [s.isoformat() for s in data.starts],
        "rows": hotspot_rows(data),
    }
