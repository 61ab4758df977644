"""The category labels of DOMAIN.md §3, exactly as written there, so that labelled data from
anywhere can be scored against them (sectors of merchants and complaints, problem types)."""

SECTORS = (
    "预付式消费",
    "网络购物",
    "食品",
    "汽车(含新能源)",
    "网络游戏",
    "教育培训(含校外培训)",
    "医疗美容",
    "家用电器",
    "通信服务",
    "房屋装修",
    "旅游",
    "餐饮住宿",
    "美容美发",
    "老年消费/保健品",
    "快递物流",
    "其他",
)

PROBLEM_TYPES = (
    "质量",
    "售后服务",
    "合同",
    "虚假宣传",
    "价格",
    "安全",
    "假冒",
    "计量",
    "人格尊严/个人信息",
    "其他",
)

SECTOR_CHOICES = [(s, s) for s in SECTORS]
