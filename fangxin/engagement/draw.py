"""A prize draw that anyone can verify (commit–reveal), for the 3·15 prize quiz.

Standard library only, no Django and no relative imports: a participant can download this one
file and run it with a bare Python 3.11 (``python3 draw.py verify ...``). docs/draw.md is the
public description; the algorithm below must stay byte-for-byte what it says.

Procedure:
  1. Before the quiz closes the bureau publishes ``commitment(seed)``, the title and the number
     of prizes; the seed itself stays secret.
  2. After it closes the bureau publishes the eligible entries (public id + masked label) as
     the canonical text of ``canonical_entries`` and reveals the seed.
  3. Anyone recomputes ``commitment(seed)`` and ``draw(seed, entries, winners, title=...)``.

Algorithm ``fangxin-draw-v1``:
  * seed: 32 bytes, written as 64 hex digits (case ignored); commitment = hex SHA-256 of the
    32 raw bytes, not of the hex text (``printf %s SEED | xxd -r -p | sha256sum``).
  * entries: lines ``id<TAB>label<LF>`` sorted by id in code-point order (= UTF-8 byte order
    = ``LC_ALL=C sort``), UTF-8, no BOM; entries_hash = hex SHA-256 of those bytes.
  * block j (j = 0, 1, 2, ...) = HMAC-SHA256(key = the 32 seed bytes,
    msg = UTF-8 of ``f"{entries_hash}:{title}:{j}"``), read as a big-endian 256-bit integer.
  * partial Fisher–Yates over the sorted list L of n entries: for i = 0 .. k-1, with m = n - i,
    take blocks until one is below 2**256 - (2**256 mod m) (rejection sampling, so no modulo
    bias), r = block mod m, swap L[i] and L[i + r]; L[i] is the winner of rank i + 1.

The number of winners is not an input to the blocks, so the first k winners of a draw of
k + 1 are exactly the winners of a draw of k: announcing more prizes later only appends.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import secrets
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ALGORITHM = "fangxin-draw-v1"
SEED_BYTES = 32
_BLOCK_SPACE = 2**256  # HMAC-SHA256 output, read as an integer
_SEED_RE = re.compile(r"[0-9a-fA-F]{64}")
_DIGEST_RE = re.compile(r"[0-9a-fA-F]{64}")


class Entry(NamedTuple):
    id: str
    label: str


class Winner(NamedTuple):
    rank: int
    id: str
    label: str


@dataclass(frozen=True)
class DrawResult:
    algorithm: str
    title: str
    commitment: str
    entries_hash: str
    n_entries: int
    winners: tuple[Winner, ...]

    @property
    def winner_ids(self) -> list[str]:
        return [w.id for w in self.winners]

    def as_dict(self) -> dict:
        """JSON-ready record for publication (the seed is not in it: the caller reveals it)."""
        return {
            "algorithm": self.algorithm,
            "title": self.title,
            "commitment": self.commitment,
            "entries_hash": self.entries_hash,
            "n_entries": self.n_entries,
            "winners": [w._asdict() for w in self.winners],
        }


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


def _seed_bytes(seed: str) -> bytes:
    if not isinstance(seed, str) or not _SEED_RE.fullmatch(seed):
        raise ValueError("种子必须是64位十六进制数字（32字节）。")
    return bytes.fromhex(seed)


def commitment(seed: str) -> str:
    """Hex SHA-256 of the seed's 32 raw bytes (not of its hex text), so case does not matter."""
    return hashlib.sha256(_seed_bytes(seed)).hexdigest()


def _check_text(value: object, what: str, *, allow_empty: bool = False) -> str:
    # Refusing instead of tidying keeps the canonical form a plain sort: a re-implementation
    # needs no whitespace or Unicode rules, and a verifier's stray space is reported, not hidden.
    if not isinstance(value, str):
        raise ValueError(f"{what}必须是文本。")
    if not value:
        if allow_empty:
            return value
        raise ValueError(f"{what}不能为空。")
    if value[0].isspace() or value[-1].isspace():
        raise ValueError(f"{what}“{value}”首尾不能有空白字符。")
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValueError(f"{what}“{value!r}”含有制表符、换行或其他控制字符。")
    return value


def _sorted_entries(entries: Iterable[tuple[str, str]]) -> list[Entry]:
    checked: dict[str, Entry] = {}
    for item in entries:
        try:
            entry_id, label = item
        except (TypeError, ValueError):
            raise ValueError(f"参与条目必须是（编号, 标注）两项：{item!r}") from None
        entry = Entry(_check_text(entry_id, "参与编号"), _check_text(label, "参与者标注"))
        if entry.id in checked:
            raise ValueError(f"参与编号“{entry.id}”重复出现，每个编号只能有一条。")
        checked[entry.id] = entry
    if not checked:
        raise ValueError("参与名单为空，无法抽奖。")
    # str order is code-point order, which equals UTF-8 byte order and `LC_ALL=C sort`.
    return [checked[k] for k in sorted(checked)]


def canonical_entries(entries: Iterable[tuple[str, str]]) -> bytes:
    """The published list: UTF-8 lines ``id\\tlabel\\n`` sorted by id. Raises ValueError (in
    Chinese) for an empty list, a duplicate id, or an id or label that is empty, has leading
    or trailing whitespace, or contains a control character (tab, newline, ...)."""
    return "".join(f"{e.id}\t{e.label}\n" for e in _sorted_entries(entries)).encode("utf-8")


def entries_hash(entries: Iterable[tuple[str, str]]) -> str:
    """Hex SHA-256 of ``canonical_entries``: ``sha256sum`` of the published file."""
    return hashlib.sha256(canonical_entries(entries)).hexdigest()


def _blocks(key: bytes, list_hash: str, title: str) -> Iterator[int]:
    counter = 0
    while True:
        msg = f"{list_hash}:{title}:{counter}".encode()
        yield int.from_bytes(hmac.new(key, msg, hashlib.sha256).digest(), "big")
        counter += 1


def _uniform_below(m: int, blocks: Iterator[int]) -> int:
    # Only blocks below the largest multiple of m map evenly onto 0..m-1; the rest are
    # skipped. For any realistic m the chance of a skip is below m / 2**256.
    limit = _BLOCK_SPACE - _BLOCK_SPACE % m
    for value in blocks:
        if value < limit:
            return value % m
    raise AssertionError("unreachable: the block stream is endless")


def _check_winners(winners: object, n_entries: int) -> int:
    if isinstance(winners, bool) or not isinstance(winners, int):
        raise ValueError("中奖人数必须是整数。")
    if winners <= 0:
        raise ValueError("中奖人数必须至少为1。")
    if winners > n_entries:
        raise ValueError(f"中奖人数（{winners}）不能超过参与名单条目数（{n_entries}）。")
    return winners


def draw(
    seed: str, entries: Iterable[tuple[str, str]], winners: int, *, title: str = ""
) -> DrawResult:
    """Winners in draw order (rank 1 first); deterministic in (seed, entries, title), and the
    order in which entries are given does not matter. ``title`` is used byte for byte, so it
    must be published exactly. Raises ValueError (in Chinese) on any invalid input."""
    key = _seed_bytes(seed)
    title = _check_text(title, "抽奖标题", allow_empty=True)
    pool = _sorted_entries(entries)
    k = _check_winners(winners, len(pool))
    list_hash = entries_hash(pool)
    blocks = _blocks(key, list_hash, title)
    for i in range(k):
        j = i + _uniform_below(len(pool) - i, blocks)
        pool[i], pool[j] = pool[j], pool[i]
    return DrawResult(
        algorithm=ALGORITHM,
        title=title,
        commitment=commitment(seed),
        entries_hash=list_hash,
        n_entries=len(pool),
        winners=tuple(Winner(rank, e.id, e.label) for rank, e in enumerate(pool[:k], 1)),
    )


def verify(
    seed: str,
    published_commitment: str,
    entries: Iterable[tuple[str, str]],
    winners: int,
    claimed_winner_ids: Sequence[str],
    title: str = "",
) -> bool:
    """True when the seed matches the commitment published beforehand and the draw gives
    exactly ``claimed_winner_ids`` in that order. Raises ValueError when the inputs cannot
    describe a draw at all (malformed seed, duplicate ids, too many winners, ...)."""
    if commitment(seed) != published_commitment.strip().lower():
        return False
    return draw(seed, entries, winners, title=title).winner_ids == list(claimed_winner_ids)


# --- command line ------------------------------------------------------------------------


class InputError(Exception):
    """Bad input to the command: exit status 2 with a Chinese message."""


def load_entries(path: str | Path) -> tuple[list[Entry], bytes]:
    """Entries from the published canonical text or from JSON Lines ``{"id", "label"}``, and
    the file's raw bytes (so the caller can tell whether the file is already canonical)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到名单文件：{path}") from None
    except OSError as exc:
        raise InputError(f"无法读取名单文件 {path}：{exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # tolerate a BOM from Windows editors
    except UnicodeDecodeError:
        raise InputError(f"名单文件 {path} 不是UTF-8编码。") from None
    lines = text.replace("\r\n", "\n").split("\n")
    is_jsonl = _looks_like_json_lines(lines)
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if is_jsonl:
            try:
                record = json.loads(line)
                entries.append(Entry(record["id"], record["label"]))
            except (ValueError, TypeError, KeyError):
                raise InputError(f"名单文件第{number}行不是含id和label的JSON对象。") from None
        else:
            entry_id, tab, label = line.partition("\t")
            if not tab:
                raise InputError(f"名单文件第{number}行缺少制表符（格式：编号<TAB>标注）。")
            entries.append(Entry(entry_id, label))
    return entries, raw


def _looks_like_json_lines(lines: list[str]) -> bool:
    # Decided by content, not by file name: an id may itself start with "{", but then its
    # line carries a tab and a label and is not a JSON object.
    first = next((line for line in lines if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse has no Chinese catalogue
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m fangxin.engagement.draw",
        description=f"可验证的有奖答题抽奖（算法 {ALGORITHM}，只用Python标准库）。",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("commit", help="生成新的种子及其承诺值（答题截止前公布承诺值）")
    hashing = sub.add_parser("hash-entries", help="计算参与名单的哈希")
    hashing.add_argument("--entries", required=True, help="名单文件（规范文本或JSON Lines）")
    hashing.add_argument("--out", help="把规范格式的名单写入此文件（即应公布的文件）")
    check = sub.add_parser("verify", help="核对承诺值并复算中奖名单")
    check.add_argument("--seed", required=True, help="开奖后公布的种子（64位十六进制）")
    check.add_argument("--commitment", required=True, help="答题截止前公布的承诺值")
    check.add_argument("--entries", required=True, help="公布的参与名单文件")
    check.add_argument("--winners", required=True, type=int, help="中奖人数")
    check.add_argument("--title", default="", help="公布的抽奖标题（须逐字一致）")
    check.add_argument("--claimed", help="公布的中奖编号，按名次用英文逗号分隔（可选）")
    return parser


def _cmd_commit(out) -> int:
    seed = new_seed()
    print(f"种子（保密保存，开奖后公布）：{seed}", file=out)
    print(f"承诺值（答题截止前公布）：{commitment(seed)}", file=out)
    return 0


def _cmd_hash_entries(args, out) -> int:
    entries, raw = load_entries(args.entries)
    canonical = canonical_entries(entries)
    print(f"参与名单条目数：{len(entries)}", file=out)
    print(f"参与名单哈希（SHA-256）：{hashlib.sha256(canonical).hexdigest()}", file=out)
    if raw != canonical:
        print("注意：该文件不是规范格式，哈希按规范格式计算。", file=out)
    if args.out:
        Path(args.out).write_bytes(canonical)
        print(f"规范格式名单已写入：{args.out}", file=out)
    return 0


def _cmd_verify(args, out) -> int:
    published = args.commitment.strip()
    if not _DIGEST_RE.fullmatch(published):
        raise InputError("承诺值必须是64位十六进制数字（SHA-256）。")
    entries, raw = load_entries(args.entries)
    # Validate everything before judging the commitment, so exit 1 always means "mismatch".
    result = draw(args.seed, entries, args.winners, title=args.title)
    print(f"算法：{result.algorithm}", file=out)
    print(f"抽奖标题：{result.title or '（无）'}", file=out)
    print(f"参与名单条目数：{result.n_entries}", file=out)
    print(f"参与名单哈希（SHA-256）：{result.entries_hash}", file=out)
    if raw != canonical_entries(entries):
        print("注意：名单文件不是规范格式，哈希按规范格式计算。", file=out)
    if result.commitment != published.lower():
        print(f"种子的承诺值：{result.commitment}", file=out)
        print("承诺值不一致：该种子不是事先承诺的种子，抽奖结果不可信。", file=sys.stderr)
        return 1
    print("承诺值核对：一致", file=out)
    print("中奖名单（名次、编号、标注）：", file=out)
    for winner in result.winners:
        print(f"{winner.rank}\t{winner.id}\t{winner.label}", file=out)
    if args.claimed is not None:
        claimed = [part.strip() for part in args.claimed.split(",") if part.strip()]
        if claimed != result.winner_ids:
            print("公布的中奖名单与复算结果不一致。", file=sys.stderr)
            return 1
        print("公布的中奖名单与复算结果一致。", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out=None) -> int:
    """Exit status: 0 verified (or done), 1 commitment or claimed winners do not match,
    2 bad input (missing file, malformed seed, duplicate id, ...)."""
    out = out or sys.stdout
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "commit":
            return _cmd_commit(out)
        if args.command == "hash-entries":
            return _cmd_hash_entries(args, out)
        return _cmd_verify(args, out)
    except (InputError, ValueError) as exc:
        print(f"输入有误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
