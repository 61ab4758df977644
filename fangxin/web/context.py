from django.urls import reverse

from fangxin.accounts.access import is_admin, is_installation_admin, is_staff_member


def _public() -> list:
    return [
        ("首页", reverse("web:home")),
        ("投诉举报", reverse("complaints_public:file")),
        (
            "查询",
            [
                ("进度查询", reverse("complaints_public:status")),
                ("经营者查询", reverse("merchants_public:lookup")),
                ("承诺商家", reverse("pledges_public:directory")),
                ("放心消费单位", reverse("trusted_public:directory")),
                ("信用公示", reverse("merchants_public:credit")),
                ("格式条款点评", reverse("clauses_public:list")),
            ],
        ),
        (
            "3·15活动",
            [
                ("有奖答题", reverse("engagement:quizzes")),
                ("评选投票", reverse("selections_public:list")),
                ("满意度测评", reverse("surveys_public:list")),
                ("维权宣传", reverse("outreach_public:news")),
            ],
        ),
    ]


def _staff(user) -> list:
    settings_group = [
        ("单位与辖区", reverse("core:units")),
        ("工作日计算", reverse("core:working_days")),
        ("法定时限", reverse("core:rule_sets")),
    ]
    if is_admin(user):
        settings_group += [
            ("用户管理", reverse("accounts_staff:user_list")),
            ("审计日志", reverse("audit:events")),
        ]
    if is_installation_admin(user):
        settings_group.append(("节假日管理", reverse("core:holidays")))
    return [
        ("工作台", reverse("web:staff_home")),
        (
            "案件",
            [
                ("案件", reverse("complaints_staff:workbench")),
                ("热点", reverse("intel:hotspots")),
                ("群体性投诉", reverse("intel:mass_list")),
                ("满意度评价", reverse("intel:feedback")),
            ],
        ),
        (
            "经营者",
            [
                ("经营者", reverse("merchants_staff:registry")),
                ("承诺", reverse("pledges_staff:queue")),
                ("放心消费创建", reverse("trusted_staff:pool")),
                ("信用公示", reverse("merchants_staff:credit")),
                ("格式条款", reverse("clauses_staff:list")),
            ],
        ),
        (
            "3·15活动",
            [
                ("活动方案", reverse("campaigns_staff:plan")),
                ("数据汇总", reverse("campaigns_staff:summary")),
                ("有奖答题", reverse("engagement_staff:quizzes")),
                ("评选", reverse("selections_staff:list")),
                ("满意度测评", reverse("surveys_staff:list")),
                ("宣传活动", reverse("outreach_staff:events")),
            ],
        ),
        ("设置", settings_group),
    ]


def _merchant() -> list:
    return [
        ("协商处理", reverse("complaints_merchant:cases")),
        ("我的承诺", reverse("pledges_merchant:list")),
        ("ODR", reverse("merchants_odr:mine")),
        ("格式条款自查", reverse("clauses_merchant:list")),
    ]


def navigation(request) -> dict:
    """The menu, built only when a template shows it (a template calls a callable value):
    fragments swapped in by htmx, such as the quiz's next question, never do."""
    return {"nav_items": lambda: _menu(request)}


def _menu(request) -> list[dict]:
    """The menu for the signed-in role, as entries (label, url) and groups (label, [entries]);
    every entry is also guarded by its view. Staff see their workbench first and the public
    pages in one group, so the bar stays one line on a desktop."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    items = _public()
    if signed_in and is_staff_member(user):
        items = [*_staff(user), ("公众页面", [e for i in items for e in _flat(i)])]
    elif signed_in and getattr(user, "role", "") == "merchant":
        items += _merchant()
    if signed_in:
        items.append(("账户安全", reverse("accounts:security")))
    urls = [url for item in items for _, url in _flat(item)]
    path = request.path
    # The longest entry that the page's path starts with is the current one (工作台 /staff/
    # must not light up on 案件 /staff/cases/).
    matches = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav = []
    for label, target in items:
        if isinstance(target, list):
            children = [{"label": lb, "url": u, "active": u == current} for lb, u in target]
            nav.append(
                {"label": label, "children": children, "active": any(c["active"] for c in children)}
            )
        else:
            nav.append({"label": label, "url": target, "active": target == current})
    return nav


def _flat(item) -> list[tuple[str, str]]:
    label, target = item
    return target if isinstance(target, list) else [(label, target)]
