"""Property tests of the redactor: texts with planted personal data of every kind, in varied
carrier sentences, beside merchant names passed in `keep`.

The generator has its own surname and given-name lists (not the redactor's), valid 身份证 check
digits, Luhn-valid card numbers and several spellings of each value. `test_recall_…` measures
the planted-value recall over 5,000 generated texts, including names without any cue, which the
redactor can miss; the hypothesis property covers the forms it must always catch."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fangxin.textintel.redact import NOT_NAMES, redact, redaction_recall

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
) + ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "司徒"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰霞辉鹏玲建国文红云飞宇浩欣怡婷雪梅峰"
    "林波海斌宁志晨阳子轩涵睿博思雨佳嘉琪萱梓晓东春凤玉燕丹萍亮健俊鑫琳颖倩婧瑶晶莉荣德福"
    "龙松庆新立良彬坤虎豪宏鸿铭瑞祥昊然泽楠凯旭帆航远翔振逸菲琦璐蕾薇媛妍婉慧淑珍翠芬蓉莹"
)
MERCHANTS = [
    "华润万家超市",
    "张亮麻辣烫",
    "老王家常菜馆",
    "李宁专卖店",
    "王府井百货",
    "周大福珠宝",
    "马记牛肉面",
    "刘一手火锅",
    "强身健身俱乐部",
    "小李子美发工作室",
    "陈记汽车维修中心",
    "杨国福麻辣烫",
    "阳光小区便利店",
    "建设路88号菜市场",
]
CITIES = ["太原市小店区", "太原市迎泽区", "吕梁市兴县", "大同市平城区", "晋中市榆次区", ""]
ROADS = list("长治平阳迎泽建设解放和平胜利学府长风府东五一体育新华文化朝阳滨河")
ROAD_SUFFIXES = ["路", "街", "大街", "巷", "大道", "北路", "南街", "东路"]
COMPOUNDS = ["阳光小区", "锦绣花园", "和平家园", "龙城公寓", "滨河新村", "翠苑", "时代大厦"]
AREA_CODES = ["010", "021", "0351", "0352", "0358", "0755", "0571", "022"]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
FILLERS = [
    "我在{m}消费了3000元，对方承诺七天无理由退货。",
    "2026年3月15日14:30，我在{m}买了一台冰箱，价格¥4999。",
    "订单号：202603151234567，商家一直不发货。",
    "{m}的工作人员态度很差，拒绝按消法第24条退货。",
    "要求{m}退还预付款2680元并赔偿损失。",
    "依据《消费者权益保护法》第五十五条，要求三倍赔偿。",
    "{m}宣传“全场五折”，实际只有几款商品打折。",
    "我已经多次找{m}协商，对方一直推脱。",
]
KEPT_FILLER_VALUES = ["3000元", "2026年3月15日", "14:30", "¥4999", "202603151234567", "第24条"]

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def mobile(rng: random.Random) -> str:
    number = "1" + rng.choice("3456789") + _digits(rng, 9)
    style = rng.randrange(7)
    if style == 1:
        return "+86 " + number
    if style == 2:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 3:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 4:
        return number.translate(FULL_WIDTH)
    if style == 5:
        return "+86-" + number
    return number


def landline(rng: random.Random) -> str:
    area = rng.choice(AREA_CODES)
    local = rng.choice("23456789") + _digits(rng, 7 if len(area) == 3 else rng.choice([6, 7]))
    style = rng.randrange(4)
    if style == 1:
        return f"({area}){local}"
    if style == 2:
        return f"{area}-{local}转{_digits(rng, 3)}"
    return f"{area}-{local}"


def id_number(rng: random.Random) -> str:
    region = rng.choice("123456") + _digits(rng, 5)
    birth = f"{rng.randint(1940, 2008)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + birth + _digits(rng, 3)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    if rng.random() < 0.1:  # an old 15-digit number
        return region + birth[2:] + _digits(rng, 3)
    return body + check


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 0:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return digits + str((10 - total % 10) % 10)


def bank_card(rng: random.Random) -> str:
    length = rng.choice([16, 17, 18, 19])
    prefix = rng.choice(["62", "4", "5", "60"])
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    if rng.random() < 0.5:
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


def email(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    local = rng.choice(letters) + "".join(
        rng.choice(letters + "0123456789._") for _ in range(rng.randint(2, 12))
    )
    local = local.rstrip("._") or "a"
    return local + "@" + rng.choice(["qq.com", "163.com", "gmail.com", "sina.cn", "ty.gov.cn"])


def plate(rng: random.Random) -> str:
    head = rng.choice(PROVINCES) + rng.choice(PLATE_LETTERS)
    if rng.random() < 0.3:  # new energy: D/F and five digits
        return head + rng.choice("DF") + _digits(rng, 5)
    serial = list(_digits(rng, 5))
    if rng.random() < 0.4:
        serial[rng.randrange(5)] = rng.choice(PLATE_LETTERS)
    return head + "".join(serial)


def address(rng: random.Random) -> tuple[str, str]:
    """(text, the detailed part that must not survive)."""
    if rng.random() < 0.2:
        village = rng.choice(SURNAMES[:60]) + rng.choice(["家村", "家庄", "庄村", "堡村"])
        detail = f"{village}{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
        return rng.choice(CITIES) + rng.choice(["城关镇", "蔚汾镇", ""]) + detail, detail
    road = "".join(rng.sample(ROADS, 2)) + rng.choice(ROAD_SUFFIXES)
    detail = f"{road}{rng.randint(1, 999)}号"
    if rng.random() < 0.6:
        building = rng.choice(["号楼", "栋", "幢"])
        detail += (
            f"{rng.choice(COMPOUNDS)}{rng.randint(1, 30)}{building}"
            f"{rng.randint(1, 6)}单元{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
        )
    return rng.choice(CITIES) + detail, detail


def person(rng: random.Random) -> str:
    while True:
        surname = rng.choice(SURNAMES)
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        # A name that is also a common word (刘海, 杨梅) is a documented gap of the redactor.
        if name not in NOT_NAMES and name[: len(surname) + 1] not in NOT_NAMES:
            return name


NAME_CARRIERS = [
    "我叫{x}，",
    "本人{x}，",
    "投诉人：{x}，",
    "联系人：{x}，",
    "消费者{x}反映，",
    "店员{x}说不能退，",
    "经理{x}表示没办法，",
    "老板{x}拒绝退款，",
    "客服{x}回复说再等等，",
    "收件人：{x}，",
    "姓名：{x}，",
    "店员说：“我是{x}，有事找我。”",
    "我对他说：“{x}，你必须退钱！”",
    "负责人{x}承诺一周内处理，",
]
TITLE_CARRIERS = ["{s}先生", "{s}女士", "{s}经理", "{s}师傅", "{s}老师"]
CUELESS_CARRIERS = ["我和{x}一起去的，", "{x}在店里买了手机，", "后来{x}也去投诉了，"]
CARRIERS = {
    "mobile": ["手机{x}，", "联系电话：{x}。", "电话{x}，", "请打{x}找我。"],
    "landline": ["座机{x}，", "电话：{x}。", "门店电话{x}。"],
    "id_number": ["身份证号{x}，", "身份证：{x}。", "证件号码{x}。"],
    "bank_card": ["银行卡号{x}，", "退款请打到卡号{x}。", "我的卡{x}被扣款。"],
    "email": ["邮箱{x}，", "请发到{x}。", "E-mail: {x}。"],
    "plate": ["车牌号{x}，", "我的车{x}在店里维修。", "{x}的车主。"],
    "address": ["我住在{x}，", "收货地址：{x}。", "家住{x}。", "快递放在{x}门口。", "寄到{x}。"],
}
GENERATORS = {
    "mobile": mobile,
    "landline": landline,
    "id_number": id_number,
    "bank_card": bank_card,
    "email": email,
    "plate": plate,
}


def planted_sample(rng: random.Random, *, cueless: bool = False) -> tuple[str, list[str], list]:
    """(text, planted values, kept merchant names): two to five planted values of random kinds
    in carrier sentences, mixed with filler sentences about a merchant."""
    merchant = rng.choice(MERCHANTS)
    parts, planted = [], []
    for _ in range(rng.randint(2, 5)):
        kind = rng.choice([*GENERATORS, "address", "name", "name", "title"])
        if kind == "address":
            text, detail = address(rng)
            parts.append(rng.choice(CARRIERS["address"]).format(x=text))
            planted.append(detail)
        elif kind == "name":
            value = person(rng)
            carriers = CUELESS_CARRIERS if cueless else NAME_CARRIERS
            parts.append(rng.choice(carriers).format(x=value))
            planted.append(value)
        elif kind == "title":
            value = rng.choice(TITLE_CARRIERS).format(s=rng.choice(SURNAMES))
            if value in NOT_NAMES:  # 康师傅: the brand wins, a documented gap
                value = "王" + value[-2:]
            parts.append(f"联系了{value}，" if rng.random() < 0.5 else f"{value}说，")
            planted.append(value)
        else:
            value = GENERATORS[kind](rng)
            parts.append(rng.choice(CARRIERS[kind]).format(x=value))
            planted.append(value)
        if rng.random() < 0.6:
            parts.append(rng.choice(FILLERS).format(m=merchant))
    rng.shuffle(parts)
    return "".join(parts), planted, [merchant]


def _survivors(text: str, planted: list[str], keep: list[str]) -> list[str]:
    redacted = redact(text, keep=keep).text
    for kept in keep:
        redacted = redacted.replace(kept, "\0")  # a name inside a kept merchant name is public
    return [value for value in planted if value in redacted]


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is a finding, not a flake
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.randoms(use_true_random=False))
def test_no_planted_value_survives_and_merchant_names_do(rng):
    text, planted, keep = planted_sample(rng)
    assert _survivors(text, planted, keep) == [], text
    redacted = redact(text, keep=keep).text
    for merchant in keep:
        assert text.count(merchant) == redacted.count(merchant)
    for value in KEPT_FILLER_VALUES:
        assert text.count(value) == redacted.count(value), value


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_any_text_is_redacted_without_error_and_spans_point_into_it(text):
    result = redact(text)
    position = 0
    for span in result.spans:
        assert position <= span.start < span.end <= len(text)
        position = span.end
    if not result.spans:
        assert result.text == text


def test_recall_on_5000_generated_texts_is_at_least_99_percent():
    rng = random.Random(2026)
    samples = [planted_sample(rng, cueless=i % 10 == 0) for i in range(5000)]
    assert redaction_recall(samples) >= 0.99
