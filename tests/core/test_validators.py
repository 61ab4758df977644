import datetime

import pytest
from django.core.exceptions import ValidationError

from fangxin.core.validators import (
    credit_code_error,
    id_number_error,
    mobile_error,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

# Each example was checked against the module and against a separate scratch calculation.
VALID_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L", "91110108551385082Q"]
VALID_ID_NUMBERS = ["11010519491231002X", "110101199003074477", "440308199901010012"]
TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def fixed_localdate(monkeypatch):
    # The Django validator cannot pass ``today``; pin the default instead of needing settings.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: TODAY)


# --- unified social credit code ---


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_valid_credit_code_is_accepted(code):
    assert credit_code_error(code) is None


def test_credit_code_in_lower_case_with_surrounding_spaces_is_accepted():
    assert credit_code_error("  91110000600037341l \n") is None


def test_normalize_credit_code_upper_cases_and_strips():
    assert normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y431"])
def test_credit_code_of_wrong_length_is_rejected(code):
    assert credit_code_error(code) == "统一社会信用代码应为18位"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_with_confusable_letter_is_rejected(letter):
    code = "91350100M000100" + letter + "43"
    assert credit_code_error(code) == "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）"


def test_credit_code_with_punctuation_is_rejected():
    assert credit_code_error("91350100M000100-43") == (
        "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）"
    )


def test_credit_code_with_unknown_registration_authority_is_rejected():
    assert credit_code_error("B1350100M000100Y43") == (
        "统一社会信用代码的登记管理部门代码（第1位）无效"
    )


def test_credit_code_with_non_digit_division_code_is_rejected():
    assert credit_code_error("9135A100M000100Y43") == (
        "统一社会信用代码的行政区划码（第3–8位）应为数字"
    )


def test_credit_code_with_wrong_check_character_is_rejected():
    assert credit_code_error("91350100M000100Y44") == "统一社会信用代码校验位错误"


def test_validate_credit_code_raises_with_code():
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y44")
    assert excinfo.value.code == "invalid_credit_code"
    assert excinfo.value.messages == ["统一社会信用代码校验位错误"]


def test_validate_credit_code_accepts_lower_case_code():
    validate_credit_code("91350100m000100y43")


# --- resident ID number ---


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_valid_id_number_is_accepted(number):
    assert id_number_error(number, today=TODAY) is None


def test_id_number_with_lower_case_x_and_spaces_is_accepted():
    assert id_number_error(" 11010519491231002x ", today=TODAY) is None


def test_normalize_id_number_upper_cases_and_strips():
    assert normalize_id_number(" 11010519491231002x\t") == "11010519491231002X"


def test_id_number_born_on_leap_day_is_accepted():
    assert id_number_error("320106200002290019", today=TODAY) is None


@pytest.mark.parametrize("number", ["", "11010519491231002", "11010519491231002X0"])
def test_id_number_of_wrong_length_is_rejected(number):
    assert id_number_error(number, today=TODAY) == "身份证号应为18位"


@pytest.mark.parametrize(
    "number", ["1101051949123100XX", "11010519491231002A", "１１0105194912310021"]
)
def test_id_number_with_non_digit_body_is_rejected(number):
    assert id_number_error(number, today=TODAY) == "身份证号前17位应为数字，最后一位应为数字或X"


@pytest.mark.parametrize("province", ["00", "10", "16", "39", "72", "84", "91"])
def test_id_number_with_unknown_province_is_rejected(province):
    number = province + "0105194912310021"
    assert id_number_error(number, today=TODAY) == "身份证号地区码无效"


@pytest.mark.parametrize("birth", ["19490230", "19001301", "19000229", "19491200"])
def test_id_number_with_impossible_birth_date_is_rejected(birth):
    number = "110105" + birth + "0021"
    assert id_number_error(number, today=TODAY) == "身份证号出生日期无效"


def test_id_number_born_before_1900_is_rejected():
    assert id_number_error("110105189912310021", today=TODAY) == "身份证号出生日期无效"


def test_id_number_born_after_today_is_rejected():
    number = "110101199003074477"
    assert id_number_error(number, today=datetime.date(1990, 3, 6)) == "身份证号出生日期无效"


def test_id_number_born_today_is_accepted():
    assert id_number_error("110101199003074477", today=datetime.date(1990, 3, 7)) is None


def test_id_number_defaults_today_to_local_date(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(1990, 1, 1))
    assert id_number_error("110101199003074477") == "身份证号出生日期无效"


def test_id_number_with_wrong_check_character_is_rejected():
    assert id_number_error("110101199003071234", today=TODAY) == "身份证号校验位错误"


def test_id_number_with_digit_instead_of_x_check_is_rejected():
    assert id_number_error("110105194912310020", today=TODAY) == "身份证号校验位错误"


def test_validate_id_number_raises_with_code(fixed_localdate):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110101199003071234")
    assert excinfo.value.code == "invalid_id_number"
    assert excinfo.value.messages == ["身份证号校验位错误"]


def test_validate_id_number_accepts_valid_number(fixed_localdate):
    validate_id_number("11010519491231002x")


# --- mobile number ---


@pytest.mark.parametrize(
    "raw",
    [
        "13812341234",
        "138 1234 1234",
        "138-1234-1234",
        "+86 138 1234 1234",
        "+8613812341234",
        "8613812341234",
        "86-138-1234-1234",
    ],
)
def test_normalize_mobile_returns_bare_eleven_digits(raw):
    assert normalize_mobile(raw) == "13812341234"


@pytest.mark.parametrize("raw", ["13812341234", "+86 199-0000-0000", "8615000000000"])
def test_valid_mobile_is_accepted(raw):
    assert mobile_error(raw) is None


@pytest.mark.parametrize("raw", ["", "1381234123", "138123412345", "1381234123a", "１3812341234"])
def test_mobile_that_is_not_eleven_digits_is_rejected(raw):
    assert mobile_error(raw) == "手机号码应为11位数字"


@pytest.mark.parametrize("raw", ["12812341234", "23812341234", "10012341234"])
def test_mobile_with_invalid_prefix_is_rejected(raw):
    assert mobile_error(raw) == "手机号码格式不正确"


def test_validate_mobile_raises_with_code():
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile("12812341234")
    assert excinfo.value.code == "invalid_mobile"
    assert excinfo.value.messages == ["手机号码格式不正确"]


def test_validate_mobile_accepts_number_with_country_code():
    validate_mobile("+86 138-1234-1234")
