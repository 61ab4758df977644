"""Redaction of personal data in free Chinese text, for anything published or exported.

`redact(text, keep=…)` replaces mobile and landline numbers, 身份证号, bank card numbers,
e-mail addresses, QQ and WeChat ids, licence plates, detailed addresses and personal names with
placeholders such as 【手机号】 and 【姓名】. The strings in `keep` (the merchant's public name,
its address when that is public) survive untouched. Display masking of single known fields
(a complainant's name column) is `fangxin.core.masking`; this module is for free text.

Decisions:
- Privacy first: a digit run that may be a bank card (16–19 digits, with or without spaces or
  dashes) is replaced even when its Luhn check fails, unless it is labelled as something else.
- Kept: amounts (¥3000, 3000元), dates and times, legal article and document numbers, hotlines
  (12315, 400/800 numbers), and identifiers labelled as business ones — 订单号, 运单号, 快递单号,
  交易/流水号, 发票号码, 合同/案件/受理编号, 统一社会信用代码, 型号, 批号, 序列号. An order number
  identifies a transaction, not a person, and staff and merchants need it to find the case.
- Already anonymous forms (张某, 李某某) and masked values (138****5678) are left alone.
- Addresses keep their administrative part (省, 市, 区, 县, 乡, 镇, 街道), as the display masker
  does; the road, house number, building, unit and room are replaced.
- Names come from four signals: a cue word before (我叫, 店员, 投诉人：…), a title after (张先生,
  王经理), quoted dialogue (“李娜，你过来”), and rjieba's person-name tag; a surname list
  (common single and compound surnames) and the segmentation keep ordinary words (于是, 马上,
  项目经理) out. Names without any of these signals can be missed.

Every pattern is anchored so that it cannot start inside a run of its own characters and has
bounded repetitions: the cost is linear in the text (about 5,000 complaints of 200 characters a
second on one core; a megabyte in one to two seconds, most of it rjieba's tagging), and nothing
raises on any input."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import rjieba

PLACEHOLDERS = {
    "mobile": "【手机号】",
    "landline": "【电话】",
    "id_number": "【身份证号】",
    "bank_card": "【银行卡号】",
    "email": "【邮箱】",
    "qq": "【QQ号】",
    "wechat": "【微信号】",
    "plate": "【车牌号】",
    "address": "【地址】",
    "name": "【姓名】",
}

# --- character classes and word lists -----------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


# Common single-character surnames (about 97% of the population). Characters that are mostly
# ordinary words and rarely surnames (商, 信, 公, 门, 查, 元, 干) are left out on purpose.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
    "鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅"
    "屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜"
    "羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶"
    "斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
) - set("商信公门查元干来阿但楼")
_COMPOUND_SURNAMES = frozenset(
    _words(
        "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 "
        "轩辕 端木 南宫 独孤 西门 申屠 澹台 百里 呼延 万俟 钟离 闻人 太史 东郭 "
        "第五 "
    )
)
# Characters common in given names: a second given-name character is taken only from these.
_GIVEN_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰霞辉鹏玲建国文红云飞宇浩欣怡婷雪梅峰林"
    "波海斌宁志晨阳子轩涵睿博思雨佳嘉琪萱梓晓东春凤玉燕丹萍亮健俊鑫琳颖倩婧瑶晶莉荣金成德福"
    "龙生松庆新立良彬坤虎豪宏鸿铭瑞祥昊然泽楠凯旭奇杨帆航远翔振鹤宸逸晗菲琦璐蕾薇娇媛妍婉悦"
    "慧惠巧淑贞珍翠凤芬芝蓉莹露兵武斌彤欢乐安心诚信义仁礼智勤俭朝永长青清泉山川江河湖雁鸣"
    "嘉璇瑜琼珊珠宝贵富强民众家和美善友莲荷菊竹柏桐槐杉亭婷娅姗妮娥婵媚娴嫣媛婕妤芸芷茜荔"
    "玮琰琛瑾璟璋瑛琬珂玥玲珑璐璇瑶诗书画琴棋语言雅韵舒畅达通顺益增添喜庆祯禧福寿康宁泰恒"
    "毅坚刚正直中元亨利贞一二三四五六七八九十小大少中老世光辉耀明亮彩霞雯雪霜冰凝月星辰阳"
    "晴朗皓皎洁灿烂炎焱燚烨煜熠晖昱晟旻昕晔昀暄曦晓曙阔宽广博渊源泓溪涵淼沐沛润洁澜"
)
# Surnames that are also frequent words or word parts (连, 都, 于, 高, 安 …): a two-character
# name beginning with one of them needs a cue or a title.
_FUNCTION_SURNAMES = frozenset(
    "连都和于向全任时原应关成安常万余管项平经费付包单车房田莫易盖高明文金白马方江石毛宁童米"
    "谷苗甘乐齐水古左伏"
)
# Cities and places that read as a surname and a given name.
_PLACES = frozenset(
    _words(
        "唐山 岳阳 安阳 安庆 安康 宁波 宁德 常州 常德 温州 金华 江门 韶关 包头 "
        "鞍山 黄山 黄石 黄冈 龙岩 曲靖 毕节 邵阳 邢台 秦皇岛 吉林 吉安 长沙 长春 "
        "长治 晋城 晋中 贺州 梅州 柳州 桂林 贵阳 贵港 雅安 钦州 崇左 梧州 玉林 "
        "汕头 潮州 揭阳 云浮 阳江 茂名 湛江 惠州 林芝 丽江 普洱 保山 楚雄 怀化 "
        "娄底 衡阳 郴州 永州 益阳 张家界 湘潭 武汉 十堰 宜昌 襄阳 鄂州 荆门 孝感 "
        "荆州 咸宁 随州 恩施 郑州 开封 洛阳 平顶山 鹤壁 新乡 焦作 濮阳 许昌 漯河 "
        "南阳 商丘 信阳 周口 驻马店 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 "
        "威海 日照 临沂 德州 聊城 滨州 菏泽 太原 大同 阳泉 朔州 运城 忻州 临汾 "
        "吕梁 安亭 岳麓 黄浦 徐汇 杨浦 江宁 秦淮 鼓楼 宝安 罗湖 福田 龙华 朝阳 "
        "海淀 丰台 通州 顺义 房山 昌平 宋庄 华山 泰山 衡山 嵩山 庐山 峨眉 武当 "
        "黄河 长江 汉江 曲阜 孟津 韩城 卢沟桥 苏州 杭州 福州 兰州 广州 扬州 徐州 "
        "湖州 温岭 余姚 余杭 萧山 江阴 昆山 常熟 宜兴 邹城 滕州 龙口 莱阳 汤阴 "
        "林州 安吉 桐乡 海宁 海门 海口 三亚 丽水 金山 "
    )
)
# Given-name characters that too often follow a surname character in ordinary words (包小,
# 高三): a two-character name with one of them needs a cue.
_WEAK_GIVEN_CHARS = frozenset("小大少中老一二三四五六七八九十光文星清泉明")
# Surname characters that often end the word before a title (上课时|老师, 绘画班|老师).
_SUFFIX_LIKE = frozenset("时班任都和于向连全原应关成安高常万余管项平经费付包单车房田练区国")
_SIZE_CHARS = frozenset("小大少中老一二三四五六七八九十")
_HONORIFICS = _words(
    "先生 女士 小姐 师傅 老师 经理 老板娘 老板 阿姨 大爷 大妈 大姐 大哥 大叔 "
    "医生 律师 主任 总监 总 科长 所长 局长 队长 店长 处长 部长 同志 警官 护士 "
    "教练 姐 哥 叔 婶 某 "
)
# Words that begin with a surname character, follow cue words or precede titles, and are not
# names (the segmentation settles most others; these are the frequent exceptions). A person
# whose name is one of them (消费者高明, 康师傅) is not redacted: a documented gap.
NOT_NAMES = frozenset(
    _words(
        "权益 利益 信息 金额 余额 余款 费用 商品 方面 方式 方法 钱款 安全 安装 "
        "车辆 房屋 房子 平台 公司 项目 顾客 管理 经营 时间 时候 原因 原价 全部 "
        "全额 高价 高级 金牌 客户 连续 关于 包括 包装 申请 承诺 解释 解决 强行 "
        "强制 明确 明显 曾经 马上 任何 应该 应当 于是 向我 和我 常常 通知 通过 "
        "随后 代收 高兴 文明 高明 黄金 江湖 毛病 麻烦 危险 谈判 宁可 夏天 许可 "
        "白天 田地 牛奶 童装 米饭 路上 成功 严重 相关 单号 付款 支付 计算 施工 "
        "范围 文件 石油 万元 伊利 蒙牛 华为 小米 苏宁 国美 京东 国家 国产 国内 "
        "国际 华润 海尔 海信 格力 美的 龙头 卫生 宋体 温度 温馨 康复 贵宾 贾某 "
        "乔迁 何时 何地 孔子 孟子 老子 冷饮 冷藏 冷冻 白酒 黄酒 红酒 明天 明年 "
        "明日 今日 都是 都有 都在 都不 都没 全是 全都 全程 原来 原告 原本 应付 "
        "应收 时段 邮费 运费 保费 费率 石材 金卡 银卡 宁愿 牛肉 鲍鱼 燕窝 虞美人 "
        "杨梅 柳州 桂林 江西 江苏 湖南 兰州 宁波 温州 常州 苏州 杭州 福州 廉价 "
        "尚未 庞大 谷物 谭鸭血 鲍师傅 毕业 骆驼 卓越 蓝色 龙虾 燕麦 苗木 井盖 楚楚 "
        "丰富 支持 支行 国网 朴素 巴士 田园 严格 陆续 钟表 游戏 游泳 管家 管道 "
        "简单 简直 车间 车费 车主 房东 房间 房费 项链 连锁 党员 宫廷 景区 景点 "
        "冷冻 席位 卫浴 居然 清明 西门子 小强 老吉 冷冰冰 冷清清 师哥 师姐 师兄 "
        "班主任 温泉 蓝光 阳光 付清 刘海 明星 石英岩 韩文 农家乐 阿姨 谢谢 康师傅 "
        "惠民 康寿 金福 高三 高一 高二 初三 小白 小时 小区 老师 小于 小康 小车 "
        "小米 小马 老马 老牛 小牛 小龙 老乡 老龙 小黄 老白 小丁 任务 单位 时代 "
        "成绩 高考 钱包 房租 车票 车位 车子 金钱 黄牛 桂花 全新 全款 应用 柏林 "
        "和平 乐园 乐意 乐器 师傅 商场 毛巾 包邮 甘肃 汤圆 罗马 霍乱 "
    )
)
# Cue words after which a name is expected (店员王芳, 投诉人：李强).
_CUES = _words(
    "我叫 名叫 叫做 名字叫 名字是 姓名 本人 我是 消费者 投诉人 举报人 申请人 "
    "当事人 联系人 收件人 收货人 寄件人 签收人 经办人 负责人 法定代表人 法人代表 "
    "法人 经营者 业主 店员 店长 店主 经理 老板娘 老板 员工 职员 业务员 销售员 "
    "销售 导购 客服 专员 主管 工作人员 服务员 收银员 前台 技师 理发师 美容师 "
    "美发师 教练 私教 老师 班主任 校长 医生 护士 师傅 司机 快递员 配送员 骑手 "
    "维修工 维修员 安装工 工人 房东 中介 顾问 同事 朋友 邻居 丈夫 老公 妻子 "
    "老婆 爱人 儿子 女儿 父亲 母亲 爸爸 妈妈 爷爷 奶奶 外婆 姥姥 孩子 学员 "
    "学生 患者 会员 住户 村民 居民 持卡人 户名 开户人 代理人 委托人 受害人 车主 "
    "机主 买家 卖家 主播 律师 民警 执法人员 所长 局长 科长 队长 站长 厂长 "
    "总经理 副经理 董事长 设计师 工长 导游 领队 保安 保洁 管家 姓 "
)
_CUE_SET = frozenset(_CUES)
_STRONG_CUES = frozenset(["我叫", "名叫", "叫做", "名字叫", "名字是"])
# Part-of-speech tags (jieba's) of words that cannot begin a name: function words, pronouns,
# numbers, time and place words.
_FUNCTION_TAGS = frozenset(
    _words("c p d r u uj ul uz ug uv ud y e o m mq q t f s ad vd df dg rr rz ")
)
# Characters that end a name or an address part when read character by character.
_STOP_CHARS = frozenset(
    "在住到至于从往是的了和与及或把被给向对址为说称讲等也都就还又再却才已曾会能可将要想让叫"
    "请问不没很太更最个位名们这那其该此每各某吗呢吧啊呀哦嘛着过地得之以而且并但因所如若即"
)
# Characters that often follow a name (店员王芳说, 王芳表示, 王芳态度恶劣).
_AFTER_NAME_CHARS = frozenset("说称讲表告答回拒承同态介打电联讲听看问笑骂喊催推")
# Characters that end a name read from a word or character by character (张伟|于2026年,
# 王芳|说); 若, 如, 之, 以 are left out, being common in given names (杜若兰).
_NAME_END_CHARS = (
    (_STOP_CHARS - frozenset("若如即以之而且并但因所"))
    | _AFTER_NAME_CHARS
    | frozenset("去来买卖看找拿送收用吃走做有")
)
_FOLLOWS_NAME = _NAME_END_CHARS | frozenset("一")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


# --- folding: the same length as the text, so spans found in it are spans of the text ----

# Full-width digits, letters and the punctuation of numbers and e-mail addresses (not the
# full-width comma and colon of every Chinese text, which the patterns accept as they are),
# dashes, the ideographic space, and lone surrogates (which rjieba refuses).
_FOLDED = (
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff03\uff08\uff09\uff0b\uff0d\uff0e\uff20\uff3f]"
)
_NEEDS_FOLD = re.compile(_FOLDED + "|[\u3000\u2010-\u2015\u2212\ufe58\ufe63\ud800-\udfff]")


def _fold_char(m: re.Match) -> str:
    code = ord(m.group())
    if code >= 0xFF00:
        return chr(code - 0xFEE0)
    if code == 0x3000 or 0xD800 <= code < 0xE000:
        return " "
    return "-"


def _fold(text: str) -> str:
    return _NEEDS_FOLD.sub(_fold_char, text)


# --- patterns (run on the folded text) -----------------------------------------------------

_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)\s?86[\s-]?|\(\+?86\)\s?|86[\s-])?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])"
)
_LANDLINE = re.compile(
    r"(?<![0-9])(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})[ -]?[2-9][0-9]{6,7}"
    r"(?:\s?(?:转|-|ext\.?\s?|分机)\s?[0-9]{1,5})?(?![0-9])"
)
_LANDLINE_CUED = re.compile(
    r"(?:电话|座机|固话|联系方式|手机)(?:号码|号)?[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}"
    r"([2-9][0-9]{6,7})(?![0-9])"
)
_ID18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}[ -]?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[ -]?[0-9]{3}[0-9Xx](?![0-9A-Za-z])"
)
_ID15 = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}"
    r"(?![0-9A-Za-z])"
)
_ID_CUED = re.compile(r"身份证(?:号码|号)?[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}([0-9]{14,17}[0-9Xx])")
_CARD = re.compile(r"(?<![0-9])[0-9]{4}(?:[ -]?[0-9]){12,15}(?![0-9])")
_CARD_CUED = re.compile(
    r"(?:卡号|银行卡|账号|帐号|银行账户)(?:号码|号)?[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}"
    r"([0-9](?:[ -]?[0-9]){11,22})(?![0-9])"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9][A-Za-z0-9-]{0,62}"
    r"(?:\.[A-Za-z0-9-]{1,63}){1,6}"
)
_QQ = re.compile(
    r"(?:QQ|qq|Qq|扣扣)(?:号码|号)?[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}([1-9][0-9]{4,11})(?![0-9])"
)
_WECHAT = re.compile(
    r"(?:微信号|微信|wechat|WeChat|vx|VX|wx|WX|[Vv]信)(?:号)?[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}"
    r"([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
)
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z]"
    r"[ ·•・.-]?([A-HJ-NP-Za-hj-np-z0-9]{5,6})[挂学警港澳]?(?![A-Za-z0-9])"
)
# Business identifiers that must survive: the label, then the identifier.
_LABELLED = re.compile(
    r"(?:订单号|订单编号|定单号|订单|运单号|快递单号|物流单号|单号|交易号|交易单号|流水号|发票号码|发票号|"
    r"合同编号|案件编号|受理编号|投诉编号|工单号|编号|统一社会信用代码|信用代码|注册号|型号|批号|"
    r"序列号|条形码|条码|IMEI|SN)[\s:：]{0,3}(?:是|为)?[\s:：]{0,2}([A-Za-z0-9][A-Za-z0-9-]{3,39})"
)
# Five or more digits with the separators a phone or card number is written with.
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9](?:[ ()+-]{0,3}[0-9]){4,}")
# Which kind names a span found by two detectors with the same extent.
_PRIORITY = {kind: rank for rank, kind in enumerate(PLACEHOLDERS)}
_PRIORITY.update(id_number=-1)
_MONEY_BEFORE = frozenset("¥￥$")
_MONEY_AFTER = frozenset("元块万亿角%")

# Addresses: a number with a unit (123号, 5号楼, 2单元, 301室), chained and anchored on a road,
# a residential compound or an address cue.
_PIECE = re.compile(
    r"(?<![0-9A-Za-z第])[0-9零〇一二三四五六七八九十百两]{1,5}(?:[-#][0-9]{1,5}){0,3}"
    r"(号院|号楼|号|栋|幢|座|单元|层|楼|室|户|弄|组|排)(?:附[0-9]{1,4}号)?"
)
_UNIT_WORDS = re.compile(r"号院|号楼|号|栋|幢|座|单元|层|楼|室|户|弄|组|排")
_BARE_ROOM = re.compile(r"[0-9]{1,4}(?:-[0-9]{1,5}){1,3}(?![0-9])|[0-9]{3,4}(?![0-9号元年月日])")
_ROAD_SUFFIXES = ("路", "街", "道", "巷", "弄", "胡同", "里", "村", "屯", "庄", "组", "段", "坊")
_COMPOUND_SUFFIXES = _words(
    "小区 花园 家园 公寓 大厦 广场 苑 园 城 府 湾 居 新村 社区 宿舍 院 中心 "
    "山庄 别墅 大院 庭 阁 轩 邸 "
)
_PLACE_SUFFIXES = tuple(_ROAD_SUFFIXES) + tuple(_COMPOUND_SUFFIXES)
# A compound and a building-unit-room number without unit words: 阳光小区3-2-501.
_COMPOUND_ROOM = re.compile(
    r"(小区|花园|家园|公寓|苑|园|大厦|新村|社区|宿舍)[0-9]{1,4}(?:-[0-9]{1,5}){1,3}(?![0-9])"
)
_NOT_HOUSE_AFTER = re.compile(
    r"线|文|令|公告|技师|窗口|柜台|床|桌|包厢|车厢|座位|站台|检票|选手|当天"
)
_NOT_HOUSE_BEFORE = frozenset("月第〕]年期届")
_ADDRESS_CUE = re.compile(
    r"(?:家庭住址|现住址|住址|居住地|收货地址|收件地址|送货地址|家住|住在|地址|住所|寄到|送到|送至|"
    r"寄至)[\s:：]{0,3}(?:是|为|在)?[\s:：]{0,2}"
)
# A cue naming where someone lives, and the endings of a residence without a house number
# (住在阳光小区); 送到医院 and 寄到公司 are not addresses.
_RESIDENCE_CUES = ("家庭住址", "现住址", "住址", "居住地", "收货地址", "收件地址", "家住", "住在")
_RESIDENCE_SUFFIXES = tuple(
    _words("小区 花园 家园 公寓 大厦 苑 新村 社区 宿舍 村 路 街 巷 弄 胡同 里 庄 屯 组 ")
)
_ADMIN_CHARS = frozenset("省市区县乡镇旗盟州")
# Words ending in an administrative character that name a place inside the area.
_NON_ADMIN_WORDS = ("小区", "社区", "园区", "景区", "校区", "厂区", "城区", "超市", "菜市", "夜市")
_ADMIN_END = re.compile("|".join(_NON_ADMIN_WORDS) + "|(街道|[" + "".join(_ADMIN_CHARS) + "])")
_ADDRESS_BODY = re.compile(r"[\u4e00-\u9fff0-9A-Za-z#-]{1,40}")

_HONORIFIC_RE = re.compile("|".join(sorted(_HONORIFICS, key=len, reverse=True)))
_CUE_RE = re.compile(
    "("
    + "|".join(sorted(_CUES, key=len, reverse=True))
    + r")([\s:：]{0,2}(?:是|为|叫|姓)?[\s:：]{0,2})"
)
# Compound surnames that are not also ordinary words (东方, 上官网, 第五条, 西门子 are).
_DISTINCTIVE_COMPOUND = re.compile(
    "欧阳|司马|诸葛|皇甫|尉迟|慕容|令狐|司徒|夏侯|宇文|轩辕|端木|独孤|申屠|澹台|呼延|公孙|长孙"
)
_LIAN_YE = re.compile(r"[\u4e00-\u9fff]{0,2}[也都]")
_FAMILIAR = re.compile("[老小][" + "".join(sorted(_SURNAMES)) + "]")
_QUOTED_NAME = re.compile(r"\s*([\u4e00-\u9fff]{2,4})\s*(?:$|[，,：:！!])")
_QUOTE = re.compile(r"[“「『\"‘]([^“”「」『』\"‘’\n]{1,40})[”」』\"’]")


@dataclass(frozen=True, slots=True)
class Span:
    kind: str
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


@dataclass(frozen=True)
class RedactionResult:
    """`text` with personal data replaced; `spans` (sorted, not overlapping) are offsets into
    the original text."""

    text: str
    spans: tuple[Span, ...]


# --- segmentation -------------------------------------------------------------------------


class _Tokens:
    """rjieba's words and part-of-speech tags with their offsets in the text."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.words: list[str] = []
        self.tags: list[str] = []
        self.text = text
        if not _CJK.search(text):
            return
        pairs = rjieba.tag(text)
        if not pairs:
            return
        words = [word for word, _ in pairs]
        starts = list(accumulate(map(len, words), initial=0))
        if starts.pop() != len(text):  # never seen; without offsets the words are useless
            return
        self.starts, self.words, self.tags = starts, words, [tag for _, tag in pairs]

    def index_at(self, position: int) -> int | None:
        """The index of the word starting exactly at `position`."""
        i = bisect.bisect_left(self.starts, position)
        return i if i < len(self.starts) and self.starts[i] == position else None

    def index_containing(self, position: int) -> int | None:
        i = bisect.bisect_right(self.starts, position) - 1
        return i if i >= 0 else None


# --- detectors ----------------------------------------------------------------------------


def _digit_windows(folded: str) -> list[tuple[int, int]]:
    """Stretches of the text around runs of five or more digits, with room for a label before
    and an extension after: the number patterns only run there."""
    windows: list[tuple[int, int]] = []
    for m in _DIGIT_RUN.finditer(folded):
        start, end = max(0, m.start() - 24), min(len(folded), m.end() + 12)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _numbers(folded: str) -> list[tuple[int, int, str]]:
    found = []
    for w_start, w_end in _digit_windows(folded):
        for pattern, kind in (
            (_MOBILE, "mobile"),
            (_LANDLINE, "landline"),
            (_ID18, "id_number"),
            (_ID15, "id_number"),
            (_CARD, "bank_card"),
        ):
            for m in pattern.finditer(folded, w_start, w_end):
                found.append((m.start(), m.end(), kind))
        for pattern, kind in (
            (_LANDLINE_CUED, "landline"),
            (_ID_CUED, "id_number"),
            (_CARD_CUED, "bank_card"),
            (_QQ, "qq"),
        ):
            for m in pattern.finditer(folded, w_start, w_end):
                found.append((m.start(1), m.end(1), kind))
    for m in _WECHAT.finditer(folded):
        found.append((m.start(1), m.end(1), "wechat"))
    kept = []
    for start, end, kind in found:
        before = folded[start - 1] if start else ""
        after = folded[end : end + 2].lstrip()[:1]
        if kind not in ("qq", "wechat") and (before in _MONEY_BEFORE or after in _MONEY_AFTER):
            continue
        kept.append((start, end, kind))
    for m in _EMAIL.finditer(folded):
        domain = m.group().rpartition(".")[2]
        if domain.isalpha() and len(domain) >= 2:
            kept.append((m.start(), m.end(), "email"))
    for m in _PLATE.finditer(folded):
        serial = m.group(1)
        digits = sum(c.isdigit() for c in serial)
        if (len(serial) == 5 and digits >= 3) or (len(serial) == 6 and digits >= 4):
            kept.append((m.start(), m.end(), "plate"))
    return kept


def _admin_end(text: str, start: int, end: int) -> int:
    """Where the administrative part (…省…市…区) of an address running from `start` ends."""
    cut = start
    for m in _ADMIN_END.finditer(text, start, min(end, start + 24)):
        if m.group(1):
            cut = m.end()
    return cut


# Words that end a place name read leftwards or rightwards: verbs (送到, 住), prepositions (在),
# conjunctions, adverbs, pronouns, particles. Nominal verbs (建设北路, 胜利街) are kept.
_PLACE_STOP_TAGS = frozenset(_words("v p c d r u uj ul uz ug uv ud y e o vd ad rr rz "))


def _place_stop(text: str, position: int, tokens: _Tokens) -> bool:
    char = text[position]
    if not (_is_cjk(char) or char.isalnum() or char in "#-"):
        return True
    if not tokens.starts:
        return char in _STOP_CHARS
    i = tokens.index_containing(position)
    return i is not None and tokens.tags[i] in _PLACE_STOP_TAGS


def _place_end(text: str, start: int, end: int, tokens: _Tokens) -> int:
    """Where a place name read rightwards from `start` (at most to `end`) stops."""
    if not tokens.starts:
        position = start
        while position < end and text[position] not in _STOP_CHARS:
            position += 1
        return position
    i = tokens.index_containing(start)
    if i is None:
        return start
    while i < len(tokens.starts) and tokens.starts[i] < end:
        if tokens.tags[i] in _PLACE_STOP_TAGS:
            return max(start, tokens.starts[i])
        i += 1
    return end


def _extend_left(text: str, start: int, tokens: _Tokens) -> int:
    """The start of the place name (长治路, 阳光小区) ending at `start`; the administrative part
    before it (…市…区) is left out."""
    i = start
    while i > 0 and start - i < 14:
        if _place_stop(text, i - 1, tokens):
            break
        if text[i - 1] in _ADMIN_CHARS and not any(
            text.endswith(w, 0, i) for w in _NON_ADMIN_WORDS
        ):
            break
        if text.endswith("街道", 0, i):
            break
        i -= 1
    return i


_DWELLING_UNITS = frozenset(("单元", "室", "户"))
_FLOOR_UNITS = frozenset(("楼", "层"))


def _joins(folded: str, end: int, start: int) -> bool:
    """Whether the text between two house-number pieces continues one address: spaces, or a
    compound name (阳光小区) of at most ten characters."""
    gap = folded[end:start]
    if not gap.strip():
        return True
    return len(gap) <= 10 and all(_is_cjk(c) for c in gap) and gap.endswith(_PLACE_SUFFIXES)


def _addresses(folded: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    # Chains of pieces joined directly or by a compound name between them (…号阳光小区5号楼):
    # [start, end, pieces, has a dwelling unit (单元, 室, 户), floors only (三楼)].
    chains: list[list] = []
    last_end = -1
    for m in _PIECE.finditer(folded):
        start, end = m.span()
        unit = m.group(1)
        if unit in ("号", "楼", "层") and _NOT_HOUSE_AFTER.match(folded, end):
            continue
        if start and folded[start - 1] in _NOT_HOUSE_BEFORE:
            continue
        if chains and (start == last_end or _joins(folded, last_end, start)):
            chain = chains[-1]
            chain[1] = end
            chain[2] += 1
            chain[3] = chain[3] or unit in _DWELLING_UNITS
            chain[4] = chain[4] and unit in _FLOOR_UNITS
        else:
            chains.append([start, end, 1, unit in _DWELLING_UNITS, unit in _FLOOR_UNITS])
        last_end = end
    found = []
    for start, end, count, dwelling, floor_only in chains:
        room = _BARE_ROOM.match(folded, end)
        if room and folded[end - 1] in "栋幢座元楼":
            end = room.end()
            dwelling = True
            floor_only = False
        before = folded[max(0, start - 3) : start]
        anchored = before.endswith(_PLACE_SUFFIXES) and not before.endswith(("月", "第"))
        cued = not floor_only and _ADDRESS_CUE.search(folded, max(0, start - 16), start) is not None
        if not (anchored or cued or (count >= 2 and dwelling)):
            continue
        left = _extend_left(folded, start, tokens) if anchored or cued else start
        found.append((left, end, "address"))
    for m in _ADDRESS_CUE.finditer(folded):
        body = _ADDRESS_BODY.match(folded, m.end())
        if not body:
            continue
        body_end = _place_end(folded, body.start(), body.end(), tokens)
        start = _admin_end(folded, body.start(), body_end)
        value = folded[start:body_end]
        if len(value) < 2:
            continue
        units = _UNIT_WORDS.findall(value)
        if (units and not all(u in _FLOOR_UNITS for u in units) and _PIECE.search(value)) or (
            m.group().startswith(_RESIDENCE_CUES) and value.endswith(_RESIDENCE_SUFFIXES)
        ):
            found.append((start, body_end, "address"))
    for m in _COMPOUND_ROOM.finditer(folded):
        found.append((_extend_left(folded, m.start(1), tokens), m.end(), "address"))
    return found


def _surname_length(text: str, position: int) -> int:
    if text[position : position + 2] in _COMPOUND_SURNAMES:
        return 2
    return 1 if text[position : position + 1] in _SURNAMES else 0


def _name_length(word: str, surname: int) -> int:
    """The length of the name at the start of a word tagged as a person's name: at most two
    given-name characters, up to a title (李女士) or a function character (张伟|于)."""
    length = surname
    while length < min(len(word), surname + 2):
        char = word[length]
        if not _is_cjk(char) or char in _NAME_END_CHARS or _HONORIFIC_RE.match(word, length):
            break
        length += 1
    return length


def _given_by_chars(text: str, position: int, tokens: _Tokens | None = None) -> int:
    """Given-name length read character by character from `position` (0, 1 or 2): the
    second character only if it is common in names and does not begin a word (王芳|明天)."""
    length = 0
    for offset in range(2):
        char = text[position + offset : position + offset + 1]
        if not char or not _is_cjk(char) or char in _NAME_END_CHARS:
            break
        if _HONORIFIC_RE.match(text, position + offset):
            break
        if offset == 1:
            if char not in _GIVEN_CHARS:
                break
            i = tokens.index_at(position + 1) if tokens and tokens.starts else None
            if i is not None and len(tokens.words[i]) >= 2 and rjieba.has_word(tokens.words[i]):
                break
        length += 1
    return length


# Words that may follow a name: prepositions, conjunctions, adverbs, pronouns, particles.
_AFTER_NAME_TAGS = frozenset(["p", "c", "d", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y"])


def _ends_name(text: str, position: int) -> bool:
    """Whether a name may end before `position`: punctuation, the end, or a function word."""
    char = text[position : position + 1]
    return not char or not _is_cjk(char) or char in _FOLLOWS_NAME


def _name_ended(text: str, position: int, tokens: _Tokens) -> bool:
    """Whether a name plausibly ends before `position`: punctuation, a function character, or
    a verb or function word next (消费者龙华华|反映)."""
    if _ends_name_strictly(text, position):
        return True
    if text[position : position + 1] in ("的", "地", "得"):
        return False
    i = tokens.index_at(position) if tokens.starts else None
    return i is not None and (tokens.tags[i][:1] == "v" or tokens.tags[i] in _AFTER_NAME_TAGS)


def _ends_name_strictly(text: str, position: int) -> bool:
    """Like _ends_name, but not before 的, 地, 得 (西门子的…, 冷冰冰地…)."""
    return _ends_name(text, position) and text[position : position + 1] not in ("的", "地", "得")


def _extend_given(text: str, position: int, end: int, surname: int, tokens: _Tokens) -> int:
    """One more given-name character after a word cut too short (王国|强)."""
    if end - position >= surname + 2:
        return end
    char = text[end : end + 1]
    if char and char in _GIVEN_CHARS and char not in _STOP_CHARS:
        i = tokens.index_at(end)
        if i is not None and (
            len(tokens.words[i]) == 1
            or (len(tokens.words[i]) == 2 and tokens.words[i][1] in _NAME_END_CHARS)  # 德|说
        ):
            return end + 1
    return end


def _name_at(text: str, position: int, tokens: _Tokens, strong: bool) -> int:
    """The end of a name starting at `position` right after a cue word, or 0.

    Words of the dictionary that begin with a surname character (马上, 权益, 冷漠) are not
    names unless the segmenter tags them so or a strong cue (我叫, 姓名：) precedes them; words
    the segmenter made up for unknown text (庄海|明说, 宋萱|豪) are read character by
    character."""
    surname = _surname_length(text, position)
    if not surname or text[position + surname : position + surname + 1] == "某":
        return 0
    if _HONORIFIC_RE.match(text, position):
        return 0  # 阿姨, 师傅 after a cue
    given = _given_by_chars(text, position + surname, tokens)
    if tokens.starts:
        i = tokens.index_at(position)
        if i is None:
            pass  # the surname glued to the cue (本|人文|然思): read by characters below
        else:
            word, tag = tokens.words[i], tokens.tags[i]
            if len(word) > surname:
                if not strong and (word in NOT_NAMES or word[: surname + 1] in NOT_NAMES):
                    return 0
                known = rjieba.has_word(word)
                if tag.startswith("nr"):
                    end = position + _name_length(word, surname)
                    if end == position + surname:
                        return 0
                    end = _extend_given(text, position, end, surname, tokens)
                    if known and not strong and not _name_ended(text, end, tokens):
                        return 0  # dictionary words tagged as names: 冷冰冰地, 安静的
                    return end
                if known:  # 马上, 权益, 冷漠; but 店员王国说, 消费者龙华华反映, 我叫何远健
                    if len(word) > surname + 2:
                        return 0
                    namelike = all(
                        c in _GIVEN_CHARS and c not in _SIZE_CHARS for c in word[surname:]
                    )
                    if tag in _FUNCTION_TAGS and not namelike:
                        return 0
                    end = _extend_given(text, position, position + len(word), surname, tokens)
                    if strong:
                        return end
                    if not namelike or not _name_ended(text, end, tokens):
                        return 0
                    if tag in _FUNCTION_TAGS and end - position < surname + 2:
                        return 0  # 前台居然说: a function word needs a full three-character name
                    return end
                # A word the segmenter made up for unknown text: read by characters below.
            elif tag in _FUNCTION_TAGS and surname == 1:
                # 都, 和, 连, 于 used as words (经理都离职, 姓名和房号) rather than as surnames
                # (经理段鸿, 本人许博德): the given name must look like one.
                if not given or text[position + 1] not in _GIVEN_CHARS:
                    return 0
                if not _name_ended(text, position + 1 + given, tokens):
                    return 0  # 本人于清明假期
            if surname == 1 and i + 1 < len(tokens.words) and tokens.starts[i + 1] == position + 1:
                following = tokens.words[i + 1]
                known_following = len(following) >= 2 and rjieba.has_word(following)
                if known_following and given < len(following):
                    # The word after the surname holds the given name and more: a name only if
                    # the rest is a verb glued to it (韦|明说), not 连|执业.
                    if following[given] not in _NAME_END_CHARS:
                        return 0
                elif known_following and not strong:
                    if not all(c in _GIVEN_CHARS for c in following[1:]):
                        return 0
                    if text[position] == "连" and _LIAN_YE.match(text, position + 1 + given):
                        return 0  # 服务员连英语也不会说
    if not given:
        return position + surname if strong else 0  # 我姓王: the surname alone
    return position + surname + given


def _names_cued(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Names after a cue word: 我叫王芳, 店员李强说, 投诉人：张伟, 我姓王."""
    found = []
    for m in _CUE_RE.finditer(text):
        cue, sep = m.group(1), m.group(2)
        start = m.end()
        if tokens.starts and tokens.index_at(m.start()) is None:
            continue  # the cue inside a longer word: 小学生
        if sep.endswith("姓") or cue == "姓":
            surname = _surname_length(text, start)
            if surname and _ends_name(text, start + surname):
                found.append((start, start + surname, "name"))
            continue
        strong = cue in _STRONG_CUES or any(c in sep for c in ":：是为叫")
        end = _name_at(text, start, tokens, strong)
        if end > start:
            found.append((start, end, "name"))
    return found


def _names_titled(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Names before a title: 张先生, 王小明经理, 刘老师. The title stays."""
    found = []
    for m in _HONORIFIC_RE.finditer(text):
        title, h = m.group(), m.start()
        if title == "某" or (len(title) == 1 and not _ends_name(text, m.end())):
            continue  # 王总说 but not 时总价
        for q in range(max(0, h - 4), h):
            surname = _surname_length(text, q)
            if not surname or q + surname > h or h - q > surname + 2:
                continue
            name = text[q:h]
            if name[-1] in "老小大":
                continue
            if (
                len(name) == 1
                and name in _SUFFIX_LIKE
                and q
                and _is_cjk(text[q - 1])
                and text[q - 1] not in _STOP_CHARS
            ):
                continue  # 上课时老师, 绘画班老师, 前任老板
            if not _is_cjk(name[0]) or "某" in name:
                continue
            if not all(_is_cjk(c) and c not in _STOP_CHARS for c in name[surname:]):
                continue
            if name in NOT_NAMES or name + title in NOT_NAMES:
                continue
            if len(name) > surname and (name[surname:] in NOT_NAMES or name[:2] in NOT_NAMES):
                continue
            if tokens.starts:
                i = tokens.index_at(q)
                if i is None:
                    # Glued to a function character before it (联系了|程经理) or inside a word.
                    if len(name) == surname and q and text[q - 1] in _STOP_CHARS:
                        found.append((q, h, "name"))
                        break
                    continue
                word, tag = tokens.words[i], tokens.tags[i]
                if len(word) > 1 and word in NOT_NAMES:
                    continue
                if len(name) > surname and not tag.startswith("nr"):
                    if tag in _FUNCTION_TAGS or tag in ("v", "a", "ad", "vn"):
                        continue
                    if surname < len(word) < len(name):
                        continue  # a word inside the "name": 很敬佩|豪哥
                if len(word) > len(name) and not word.startswith(name + title[:1]):
                    continue  # a longer word crosses the title: 项目经理, 高级经理
            found.append((q, h, "name"))
            break
    return found


def _word_at(tokens: _Tokens, position: int) -> str:
    i = tokens.index_at(position) if tokens.starts else None
    return tokens.words[i] if i is not None else ""


def _tag_at(tokens: _Tokens, position: int) -> str:
    i = tokens.index_at(position) if tokens.starts else None
    return tokens.tags[i] if i is not None else ""


def _names_quoted(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Names in quoted dialogue: “王芳”, “李娜，你过来”."""
    found = []
    for m in _QUOTE.finditer(text):
        inner = m.start(1)
        head = _QUOTED_NAME.match(m.group(1))
        if not head:
            continue
        start, end = inner + head.start(1), inner + head.end(1)
        vocative = end < m.end(1)  # “李娜，你过来”
        if vocative:
            name = text[start:end]
            surname = _surname_length(text, start)
            if (
                surname
                and name not in NOT_NAMES
                and len(name) <= surname + 2
                and (
                    not rjieba.has_word(name)
                    or _word_at(tokens, start) != name
                    or _tag_at(tokens, start)
                    not in _FUNCTION_TAGS | {"v", "vn", "a", "ad", "i", "l"}
                )
                and not any(c in _NAME_END_CHARS for c in name[surname:])
                and not _HONORIFIC_RE.search(name, surname)
            ):
                found.append((start, end, "name"))
            continue
        if True:
            # A bare quoted word: three characters tagged as a name (two are often brands).
            i = tokens.index_at(start) if tokens.starts else None
            if i is None or end - start != 3 or tokens.tags[i] not in ("nr", "nrfg"):
                continue
            if tokens.starts[i] + len(tokens.words[i]) != end:
                continue
        if _name_at(text, start, tokens, strong=False) == end:
            found.append((start, end, "name"))
    return found


def _names_familiar(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    """老王, 小李: the prefix and the surname, when no longer word (小时, 老师) holds them."""
    found = []
    for m in _FAMILIAR.finditer(text):
        start, end = m.start(), m.end()
        if m.group() in NOT_NAMES or not _ends_name(text, end):
            continue
        before = text[start - 1 : start]
        if before and _is_cjk(before) and before not in _STOP_CHARS:
            j = tokens.index_containing(start - 1) if tokens.starts else None
            if j is None or tokens.words[j] not in _CUE_SET:
                continue  # 王老吉, 房间小…
        i = tokens.index_at(start) if tokens.starts else None
        if i is not None and len(tokens.words[i]) >= 2 and not tokens.tags[i].startswith("nr"):
            continue
        found.append((start, end, "name"))
    return found


def _tagged_name_length(word: str) -> int:
    """The length of the name at the start of a word rjieba tags as a person's name and that
    is longer than its surname, or 0 when the word is more likely an ordinary word."""
    surname = _surname_length(word, 0)
    if not surname or len(word) <= surname or len(word) > 4:
        return 0
    if word in NOT_NAMES or "某" in word or word in _PLACES or word[:2] in _PLACES:
        return 0
    if rjieba.has_word(word):
        # Dictionary words tagged as names are mostly ordinary words (安静, 冷冰冰); a
        # three-character one made of name characters is taken (王小明).
        given = word[surname:]
        if len(given) != 2 or not all(c in _GIVEN_CHARS for c in given):
            return 0
        if any(c in _WEAK_GIVEN_CHARS for c in given):
            return 0
    if surname == 1 and word[0] in _FUNCTION_SURNAMES and rjieba.has_word(word[1:]):
        return 0  # 连|英语: too often a word, needs a cue
    length = _name_length(word, surname)
    if (
        length == surname
        or word[surname] not in _GIVEN_CHARS
        or (length == surname + 1 and word[length - 1] in _WEAK_GIVEN_CHARS)
        or word[length - 1] in _SIZE_CHARS
        or word[:length] in NOT_NAMES
    ):
        return 0
    return length


def _names_tagged(tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Words rjieba tags as a person's name, beginning with a common surname."""
    found = []
    words, tags, starts = tokens.words, tokens.tags, tokens.starts
    lengths: dict[str, int] = {}  # a word's verdict does not depend on where it stands
    for i in [i for i, tag in enumerate(tags) if tag == "nr" or tag == "nrfg"]:
        word = words[i]
        surname = _surname_length(word, 0)
        if not surname:
            continue
        if len(word) > surname:
            length = lengths.get(word)
            if length is None:
                length = lengths[word] = _tagged_name_length(word)
            if (
                length == 2
                and surname == 1
                and word[0] in _FUNCTION_SURNAMES
                and not _ends_name_strictly(tokens.text, starts[i] + 2)
            ):
                # 马琪在…, but not 莫泰酒店, 于丹的: a cue-less two-character name with a
                # surname that is also a common word needs a name-like context after it.
                length = 0
            if length:
                found.append((starts[i], starts[i] + length, "name"))
        elif i + 1 < len(words):
            # The surname cut off from the given name: 郝|建国, 覃|建华.
            given, gtag = words[i + 1], tags[i + 1]
            if (
                1 <= len(given) <= 2
                and given[-1] in _GIVEN_CHARS
                and all(_is_cjk(c) and c not in _STOP_CHARS for c in given)
                and (gtag.startswith("nr") or gtag in ("ns", "nz"))
                and given not in NOT_NAMES
                and not (
                    word in _FUNCTION_SURNAMES
                    and not gtag.startswith("nr")
                    and rjieba.has_word(given)
                )
            ):
                found.append((starts[i], starts[i] + surname + len(given), "name"))
    return found


def _names_compound(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Distinctive compound surnames (欧阳, 司马, 诸葛 …) with a given name, wherever they stand."""
    found = []
    for m in _DISTINCTIVE_COMPOUND.finditer(text):
        given = _given_by_chars(text, m.end(), tokens)
        if given and text[m.end()] != "某":
            found.append((m.start(), m.end() + given, "name"))
    return found


def _names(text: str, tokens: _Tokens) -> list[tuple[int, int, str]]:
    return (
        _names_compound(text, tokens)
        + _names_cued(text, tokens)
        + _names_titled(text, tokens)
        + _names_quoted(text, tokens)
        + _names_familiar(text, tokens)
        + _names_tagged(tokens)
    )


# --- assembling ---------------------------------------------------------------------------


def _protected(folded: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    intervals = [(m.start(1), m.end(1)) for m in _LABELLED.finditer(folded)]
    for value in keep:
        if not isinstance(value, str):
            continue
        value = _fold(value.strip())
        if len(value) < 2:
            continue  # one character would protect every occurrence of a common character
        start = folded.find(value)
        while start >= 0:
            intervals.append((start, start + len(value)))
            start = folded.find(value, start + len(value))
    return intervals


def _subtract(start: int, end: int, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts = [(start, end)]
    for p_start, p_end in protected:
        if p_end <= start or p_start >= end:
            continue
        next_parts = []
        for a, b in parts:
            if p_end <= a or p_start >= b:
                next_parts.append((a, b))
                continue
            if a < p_start:
                next_parts.append((a, p_start))
            if p_end < b:
                next_parts.append((p_end, b))
        parts = next_parts
    return [(a, b) for a, b in parts if b - a >= 2]


def _coerce(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, bytes | bytearray | memoryview):
        return bytes(text).decode("utf-8", errors="replace")
    return str(text)


def redact(text: str, *, keep: Iterable[str] = ()) -> RedactionResult:
    """Personal data in `text` replaced by placeholders; the strings in `keep` are never
    touched. Overlapping findings are merged into one span named after the longest finding.
    Anything that is not a string is first made one (bytes are decoded as UTF-8)."""
    text = _coerce(text)
    if not text:
        return RedactionResult(text="", spans=())
    folded = _fold(text)
    tokens = _Tokens(folded)
    found = _numbers(folded) + _addresses(folded, tokens) + _names(folded, tokens)
    if not found:
        return RedactionResult(text=text, spans=())
    protected = sorted(_protected(folded, keep if not isinstance(keep, str) else [keep]))
    pieces = []
    for start, end, kind in found:
        if protected and any(a < end and start < b for a, b in protected):
            pieces.extend((a, b, kind) for a, b in _subtract(start, end, protected))
        else:
            pieces.append((start, end, kind))
    pieces.sort()
    spans: list[Span] = []
    longest = 0
    for start, end, kind in pieces:
        if spans and start < spans[-1].end:
            last = spans[-1]
            if end - start > longest or (
                end - start == longest and _PRIORITY[kind] < _PRIORITY[last.kind]
            ):
                longest, kind_now = end - start, kind
            else:
                kind_now = last.kind
            spans[-1] = Span(kind_now, last.start, max(last.end, end))
        else:
            spans.append(Span(kind, start, end))
            longest = end - start
    out = []
    position = 0
    for span in spans:
        out.append(text[position : span.start])
        out.append(span.placeholder)
        position = span.end
    out.append(text[position:])
    return RedactionResult(text="".join(out), spans=tuple(spans))


def redact_text(text: str, keep: Iterable[str] = ()) -> str:
    return redact(text, keep=keep).text


def redaction_recall(samples: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> float:
    """The share of planted values that do not survive redaction. Each sample is
    (text, planted values, kept strings); a planted value survives when it still appears in
    the redacted text outside the kept strings (a name inside a kept merchant name is public).
    1.0 when nothing was planted."""
    planted = caught = 0
    for text, values, keep in samples:
        redacted = redact_text(text, keep=keep)
        for kept in keep:
            redacted = redacted.replace(kept, "\0")
        for value in values:
            planted += 1
            caught += value not in redacted
    return caught / planted if planted else 1.0
