from django.urls import reverse

from fangxin.accounts.access import is_admin, is_installation_admin, is_staff_member


def navigation(request) -> dict:
    """The menu for the signed-in role; every entry is also guarded by its view."""
    user = getattr(request, "user", None)
    items = [
        ("首页", reverse("web:home")),
        ("投诉举报", reverse("complaints_public:file")),
        ("进度查询", reverse("complaints_public:status")),
        ("经营者查询", reverse("merchants_public:lookup")),
        ("承诺商家", reverse("pledges_public:directory")),
        ("放心消费单位", reverse("trusted_public:directory")),
        ("信用公示", reverse("merchants_public:credit")),
        ("格式条款点评", reverse("clauses_public:list")),
    ]
    if user is not None and user.is_authenticated:
        if is_staff_member(user):
            items.append(("工作台", reverse("web:staff_home")))
            items.append(("案件", reverse("complaints_staff:workbench")))
            items.append(("热点", reverse("intel:hotspots")))
            items.append(("群体性投诉", reverse("intel:mass_list")))
            items.append(("满意度评价", reverse("intel:feedback")))
            items.append(("经营者", reverse("merchants_staff:registry")))
            items.append(("承诺", reverse("pledges_staff:queue")))
            items.append(("放心消费创建", reverse("trusted_staff:pool")))
            items.append(("信用公示", reverse("merchants_staff:credit")))
            items.append(("格式条款", reverse("clauses_staff:list")))
            items.append(("3·15活动", reverse("campaigns_staff:plan")))
            items.append(("单位与辖区", reverse("core:units")))
            items.append(("工作日计算", reverse("core:working_days")))
            items.append(("法定时限", reverse("core:rule_sets")))
        if is_admin(user):
            items.append(("用户管理", reverse("accounts_staff:user_list")))
            items.append(("审计日志", reverse("audit:events")))
        if is_installation_admin(user):
            items.append(("节假日管理", reverse("core:holidays")))
        if getattr(user, "role", "") == "merchant":
            items.append(("协商处理", reverse("complaints_merchant:cases")))
            items.append(("我的承诺", reverse("pledges_merchant:list")))
            items.append(("ODR", reverse("merchants_odr:mine")))
            items.append(("格式条款自查", reverse("clauses_merchant:list")))
        items.append(("账户安全", reverse("accounts:security")))
    path = request.path
    # The longest entry that the page's path starts with is the current one (工作台 /staff/
    # must not light up on 案件 /staff/cases/).
    matches = [url for _, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav = [{"label": label, "url": url, "active": url == current} for label, url in items]
    return {"nav_items": nav}
