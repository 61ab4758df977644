"""Password policy (等保 2.0: complex passwords): at least `min_length` characters drawn from at
least three of four classes — lower case, upper case, digits, symbols."""

import re

from django.core.exceptions import ValidationError

CLASSES = (
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
)


class ComplexityValidator:
    def __init__(self, min_length: int = 10, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(f"密码至少需要{self.min_length}个字符。", code="password_too_short")
            )
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if present < self.min_classes:
            errors.append(
                ValidationError(
                    f"密码需至少包含小写字母、大写字母、数字、符号中的{self.min_classes}类。",
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return (
            f"至少{self.min_length}个字符，且至少包含小写字母、大写字母、数字、符号中的"
            f"{self.min_classes}类。"
        )
