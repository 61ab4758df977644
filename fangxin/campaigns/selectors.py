from fangxin.campaigns.models import Campaign


def campaign_current(*, bureau_id: int | None = None) -> Campaign | None:
    """The newest campaign: the bureau's own for its staff, else any bureau's."""
    campaigns = Campaign.objects.select_related("bureau")
    if bureau_id:
        campaigns = campaigns.filter(bureau_id=bureau_id)
    return campaigns.order_by("-year", "-starts_on").first()
