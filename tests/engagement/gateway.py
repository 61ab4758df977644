"""A text-message gateway that keeps what it is asked to send, so tests can read the code a
participant would read on the phone (the console backend only writes it to the log)."""

import re


class MemoryGateway:
    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryGateway.sent.append((phone, text))


def last_code(phone: str) -> str:
    for number, text in reversed(MemoryGateway.sent):
        if number == phone:
            return re.search(r"\d{6}", text).group()
    raise AssertionError(f"no code was sent to {phone}")
