"""Redaction of personal data in free text: examples per kind, and what must stay."""

import time

import pytest

from fangxin.textintel.redact import RedactionResult, redact, redact_text


@pytest.mark.parametrize(
    ("text", "value", "placeholder"),
    [
        ("电话13812345678，", "13812345678", "【手机号】"),
        ("手机+86 138-1234-5678。", "+86 138-1234-5678", "【手机号】"),
        ("请打138 1234 5678找我", "138 1234 5678", "【手机号】"),
        ("联系方式：１３９１２３４５６７８", "１３９１２３４５６７８", "【手机号】"),
        ("座机0351-7654321转801。", "0351-7654321转801", "【电话】"),
        ("门店电话(010)87654321。", "(010)87654321", "【电话】"),
        ("固话：7654321，", "7654321", "【电话】"),
        ("身份证号14010519900101123X，", "14010519900101123X", "【身份证号】"),
        ("身份证140105900101123，", "140105900101123", "【身份证号】"),
        ("卡号6222 0212 3456 7890 123。", "6222 0212 3456 7890 123", "【银行卡号】"),
        ("退款打到6228480402564890018", "6228480402564890018", "【银行卡号】"),
        ("邮箱zhao.ly@qq.com，", "zhao.ly@qq.com", "【邮箱】"),
        ("QQ：123456789，", "123456789", "【QQ号】"),
        ("加微信：wxid_abc123", "wxid_abc123", "【微信号】"),
        ("我的车晋A12345在店里", "晋A12345", "【车牌号】"),
        ("新能源车晋AD12345被刮", "晋AD12345", "【车牌号】"),
        ("车牌粤B·6K3M8。", "粤B·6K3M8", "【车牌号】"),
    ],
)
def test_numbers_and_contact_data_are_replaced(text, value, placeholder):
    result = redact(text)
    assert value not in result.text
    assert placeholder in result.text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("我住在太原市小店区长治路123号阳光小区5号楼2单元301室，", "长治路123号", "太原市小店区"),
        ("快递放在迎泽大街88号门口", "迎泽大街88号", "快递放在"),
        ("家住阳光花园3-2-501。", "3-2-501", "家住"),
        ("地址：山西省太原市小店区平阳路北段12号。", "平阳路北段12号", "山西省太原市小店区"),
        ("送到建设北路66号。", "建设北路66号", "送到"),
        ("兴县蔚汾镇王家村3组15号的住户", "王家村3组15号", "兴县蔚汾镇"),
        ("收货地址是锦绣花园12栋502", "12栋502", "收货地址是"),
        ("我家住在翠苑小区。", "翠苑小区", "我家住在"),
    ],
)
def test_detailed_addresses_keep_only_the_administrative_area(text, gone, kept):
    redacted = redact_text(text)
    assert gone not in redacted
    assert kept in redacted
    assert "【地址】" in redacted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫赵丽颖，", "赵丽颖"),
        ("本人杜若兰，电话见附件", "杜若兰"),
        ("投诉人：张伟", "张伟"),
        ("消费者张伟于2026年3月投诉", "张伟"),
        ("店员王小明承诺可以退款", "王小明"),
        ("联系经理李娜", "李娜"),
        ("员工邓卫东态度恶劣", "邓卫东"),
        ("被教练孙浩然骗了", "孙浩然"),
        ("负责人方红阳承诺一周内处理", "方红阳"),
        ("本人东方逸珍", "东方逸珍"),
        ("联系人：欧阳娜娜", "欧阳娜娜"),
        ("姓名：白鸿福，", "白鸿福"),
        ("店员说：“我是王芳，你找我们经理。”", "王芳"),
        ("他冲我喊：“赵丽颖，你过来！”", "赵丽颖"),
        ("我和郝建国、祝晓彤一起去的", "郝建国"),
        ("我和郝建国、祝晓彤一起去的", "祝晓彤"),
        ("王芳和李静去黄山玩", "李静"),
    ],
)
def test_personal_names_are_replaced(text, name):
    redacted = redact_text(text)
    assert name not in redacted
    assert "【姓名】" in redacted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张先生和李女士都来了", "【姓名】先生和【姓名】女士都来了"),
        ("联系了曾先生，", "联系了【姓名】先生，"),
        ("刘老师说不行", "【姓名】老师说不行"),
        ("老王说可以，小李不给退", "【姓名】说可以，【姓名】不给退"),
        ("王师傅上门安装", "【姓名】师傅上门安装"),
    ],
)
def test_surnames_with_titles_keep_the_title(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "花费3000元，价格¥4999，余额3,000.00元，共计2680元",
        "2026年3月15日14:30在店内购买，2026-03-15到货",
        "订单号：1381234567890123，运单号SF1234567890123",
        "定单号547788061692988373，付款后一直不发货",
        "统一社会信用代码91140100MA0K12345X",
        "依据消法第55条、《食品安全法》第一百四十八条，兴市监发〔2022〕14号",
        "拨打12315热线或400-123-4567客服电话",
        "经理马上解释说，老板冷漠地拒绝，消费者权益受损",
        "项目经理说没办法，前台居然说每间都这样",
        "本人于清明假期购买，本人于3月5号购买",
        "高明的手段，文明城市，金华火腿，14号线地铁，3号技师",
        "商场三楼的店铺，住在10楼，送到医院抢救",
        "张某、李某某已被处罚，手机号138****5678",
        "买的“李宁”运动服是假货，康师傅方便面过期",
        "健身房宣传单上写着年卡“不限次数”，私教课程3000元",
        "服务员连英语也不会说，经理都离职了",
    ],
)
def test_business_data_and_ordinary_words_stay(text):
    result = redact(text)
    assert result.text == text, [text[s.start : s.end] for s in result.spans]


def test_kept_merchant_names_survive_even_when_they_look_like_personal_data():
    text = "张亮麻辣烫的老板张亮说不退，我在老王家常菜馆和建设路88号菜市场也买过"
    redacted = redact_text(text, keep=["张亮麻辣烫", "老王家常菜馆", "建设路88号菜市场"])
    assert redacted.count("张亮麻辣烫") == 1
    assert "老王家常菜馆" in redacted and "建设路88号菜市场" in redacted
    assert "老板【姓名】说不退" in redacted


def test_keep_accepts_a_plain_string_and_ignores_junk_entries():
    assert redact_text("王府井百货的店员王芳", keep="王府井百货") == "王府井百货的店员【姓名】"
    assert redact_text("店员王芳", keep=[None, "", "王", 42]) == "店员【姓名】"


def test_spans_point_into_the_original_text():
    text = "我叫赵丽颖，手机１３８１２３４５６７８，住在长治路123号。"
    result = redact(text)
    assert isinstance(result, RedactionResult)
    assert [(s.kind, text[s.start : s.end]) for s in result.spans] == [
        ("name", "赵丽颖"),
        ("mobile", "１３８１２３４５６７８"),
        ("address", "长治路123号"),
    ]
    assert result.text == "我叫【姓名】，手机【手机号】，住在【地址】。"


def test_a_number_found_as_two_kinds_is_one_span_named_by_the_stronger_kind():
    spans = redact("身份证号140105199001011234").spans
    assert [(s.kind, s.start, s.end) for s in spans] == [("id_number", 4, 22)]


@pytest.mark.parametrize(
    "junk",
    [
        "",
        None,
        b"\xff\xfe\x00binary\x89PNG",
        "😀" * 500,
        "\ud800\udfff lone surrogates 王\ud83d",
        "\x00\x01\x02\u200b\ufeff",
        "Ｘ" * 10 + "１" * 30 + "@" * 10,
        "王" * 3000,
        "1号" * 2000,
        "مرحبا Привет שלום こんにちは 13812345678",
        12345678901,
    ],
)
def test_garbage_never_raises(junk):
    result = redact(junk)
    assert isinstance(result.text, str)


@pytest.mark.parametrize(
    "big",
    [
        (
            "消费者张伟于2026年3月在某某健身房办理年卡，花费3000元，店员王小明承诺可以随时退款，"
            "电话13812345678，住在长治路123号5号楼2单元301室。"
        )
        * 12000,
        "1" * 1_000_000,
        "1 " * 500_000,
        "a." * 500_000,
        "王" * 1_000_000,
        "😀" * 1_000_000,
        "1号" * 500_000,
    ],
    ids=[
        "dense-complaints",
        "digits",
        "spaced-digits",
        "dotted",
        "one-han",
        "emoji",
        "house-numbers",
    ],
)
def test_a_megabyte_is_redacted_in_bounded_time(big):
    big = big[:1_000_000]
    started = time.perf_counter()
    redact(big)
    # Linear patterns only: a megabyte takes about a second on one core (dense personal data
    # included); a catastrophic backtrack would take minutes.
    assert time.perf_counter() - started < 6
