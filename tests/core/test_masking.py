import pytest

from fangxin.core.masking import (
    PERSONAL_FIELDS,
    mask_address,
    mask_email,
    mask_field,
    mask_id_number,
    mask_name,
    mask_phone,
)

ALL_MASKERS = [mask_phone, mask_name, mask_id_number, mask_address, mask_email]


@pytest.mark.parametrize("masker", ALL_MASKERS)
@pytest.mark.parametrize("value", [None, ""])
def test_masker_returns_empty_string_for_missing_value(masker, value):
    assert masker(value) == ""


# --- phone ---


def test_mobile_keeps_first_three_and_last_four_digits():
    assert mask_phone("13812341234") == "138****1234"


def test_landline_hides_every_middle_character():
    assert mask_phone("0358-6221234") == "035*****1234"


def test_eight_digit_phone_hides_one_character():
    assert mask_phone("62211234") == "622*1234"


@pytest.mark.parametrize("value", ["123456", "1234567"])
def test_phone_too_short_to_hide_middle_is_fully_masked(value):
    assert mask_phone(value) == "*" * len(value)


# --- name ---


@pytest.mark.parametrize("value", ["张三", "张三丰", "张三丰四五"])
def test_name_keeps_surname_and_one_star_regardless_of_length(value):
    assert mask_name(value) == "张*"


def test_single_character_name_is_fully_masked():
    assert mask_name("张") == "*"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("欧阳娜娜", "欧阳*"), ("司马懿", "司马*"), ("诸葛孔明", "诸葛*"), ("独孤求败", "独孤*")],
)
def test_compound_surname_keeps_both_characters(value, expected):
    assert mask_name(value) == expected


def test_two_character_name_starting_like_compound_surname_keeps_one_character():
    assert mask_name("欧阳") == "欧*"


def test_latin_name_keeps_first_letter():
    assert mask_name("Zhang San") == "Z*"


def test_name_surrounding_whitespace_is_ignored():
    assert mask_name(" 李四 ") == "李*"


# --- ID number ---


def test_id_number_keeps_first_six_and_last_four():
    assert mask_id_number("110101199003071234") == "110101********1234"


def test_fifteen_digit_id_number_uses_same_rule():
    assert mask_id_number("110101900307123") == "110101*****7123"


@pytest.mark.parametrize("value", ["123456789", "1234567890"])
def test_id_number_too_short_to_hide_middle_is_fully_masked(value):
    assert mask_id_number(value) == "*" * len(value)


# --- address ---


def test_address_keeps_administrative_part():
    assert mask_address("山西省吕梁市兴县蔚汾镇东关街12号3单元") == "山西省吕梁市兴县蔚汾镇****"


def test_address_keeps_two_character_street_marker():
    assert mask_address("北京市朝阳区三里屯街道工体北路8号") == "北京市朝阳区三里屯街道****"


def test_address_ignores_markers_after_first_twenty_characters():
    address = "山西省吕梁市离石区滨河北中路一二三四五六七八九十号院东区5号"
    assert mask_address(address) == "山西省吕梁市离石区****"


def test_address_does_not_keep_residential_compound_name():
    assert mask_address("太原市小店区阳光小区3号楼2单元") == "太原市小店区****"


def test_address_does_not_keep_supermarket_name():
    assert mask_address("兴县蔚汾镇华联超市对面") == "兴县蔚汾镇****"


def test_address_without_marker_keeps_first_four_characters():
    assert mask_address("东关街12号3单元") == "东关街1****"


# --- email ---


def test_email_keeps_first_character_and_domain():
    assert mask_email("zhangsan@example.com") == "z***@example.com"


def test_email_star_count_does_not_reveal_local_part_length():
    assert mask_email("a@example.com") == "a***@example.com"


def test_value_without_at_sign_is_masked_like_local_part():
    assert mask_email("zhangsan") == "z***"


# --- field dispatch ---


def test_personal_fields_lists_expected_names():
    assert {"name", "phone", "id_number", "address", "email", "contact_person"} <= PERSONAL_FIELDS
    assert isinstance(PERSONAL_FIELDS, frozenset)


@pytest.mark.parametrize(
    ("field_name", "value", "expected"),
    [
        ("phone", "13812341234", "138****1234"),
        ("mobile", "13812341234", "138****1234"),
        ("contact_phone", "0358-6221234", "035*****1234"),
        ("id_number", "110101199003071234", "110101********1234"),
        ("address", "山西省吕梁市兴县蔚汾镇东关街12号", "山西省吕梁市兴县蔚汾镇****"),
        ("email", "zhangsan@example.com", "z***@example.com"),
        ("name", "张三丰", "张*"),
        ("full_name", "欧阳娜娜", "欧阳*"),
        ("complainant_name", "李四", "李*"),
        ("reporter_name", "王五", "王*"),
        ("legal_representative", "赵六", "赵*"),
        ("contact_person", "钱七", "钱*"),
    ],
)
def test_mask_field_picks_masker_by_field_name(field_name, value, expected):
    assert mask_field(field_name, value) == expected


@pytest.mark.parametrize(
    ("field_name", "value"),
    [("status", "open"), ("merchant_name", "放心超市"), ("amount", 12), ("tags", ["a"])],
)
def test_mask_field_returns_non_personal_value_unchanged(field_name, value):
    assert mask_field(field_name, value) is value


def test_mask_field_returns_empty_string_for_missing_personal_value():
    assert mask_field("phone", None) == ""


def test_mask_field_masks_non_string_personal_value():
    assert mask_field("mobile", 13812341234) == "138****1234"
