"""The verifiable prize draw: reproducible from its published inputs, sensitive to each one."""

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fangxin.engagement import draw as draw_module
from fangxin.engagement.draw import (
    ALGORITHM,
    Entry,
    canonical_entries,
    commitment,
    draw,
    entries_hash,
    new_seed,
    verify,
)

DRAW_PY = Path(draw_module.__file__)
SEED = bytes(range(32)).hex()  # the worked example of docs/draw.md
TITLE = "兴县2026年3·15有奖知识答题"
ENTRIES = [
    Entry("Q2026-000003", "张*"),
    Entry("Q2026-000001", "138****5678"),
    Entry("Q2026-000002", "李*华"),
    Entry("Q2026-000005", "王*"),
    Entry("Q2026-000004", "139****0001"),
]
MANY = [Entry(f"Q2026-{n:06d}", f"13{n % 10}****{n:04d}") for n in range(1, 201)]


def ids(result):
    return [w.id for w in result.winners]


def other_seed(n):
    return hashlib.sha256(f"seed-{n}".encode()).hexdigest()


def test_worked_example_in_the_docs_is_what_the_code_computes():
    # Pins fangxin-draw-v1: any change here breaks every published draw's verification.
    result = draw(SEED, ENTRIES, 3, title=TITLE)
    assert result.algorithm == ALGORITHM == "fangxin-draw-v1"
    assert result.commitment == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    assert result.entries_hash == (
        "91f6cc3255f45f83fa61ccabd9e6f200d431f96e91273577986352908544ef87"
    )
    assert result.n_entries == 5
    assert [tuple(w) for w in result.winners] == [
        (1, "Q2026-000005", "王*"),
        (2, "Q2026-000003", "张*"),
        (3, "Q2026-000002", "李*华"),
    ]


def test_commitment_is_the_sha256_of_the_raw_seed_bytes_whatever_the_case():
    seed = new_seed()
    assert len(seed) == 64
    assert commitment(seed) == hashlib.sha256(bytes.fromhex(seed)).hexdigest()
    assert commitment(seed.upper()) == commitment(seed)
    assert new_seed() != seed


def test_canonical_list_is_sorted_tab_separated_with_a_final_newline():
    text = canonical_entries(ENTRIES).decode("utf-8")
    assert text.startswith("Q2026-000001\t138****5678\nQ2026-000002\t李*华\n")
    assert text.endswith("Q2026-000005\t王*\n")
    assert entries_hash(ENTRIES) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_same_inputs_give_the_same_winners():
    assert draw(SEED, MANY, 10, title=TITLE) == draw(SEED, list(MANY), 10, title=TITLE)


def test_order_in_which_entries_are_given_does_not_matter():
    shuffled = list(reversed(MANY[::2])) + MANY[1::2]
    assert draw(SEED, shuffled, 10, title=TITLE) == draw(SEED, MANY, 10, title=TITLE)


def test_changing_the_seed_changes_the_winners():
    assert ids(draw(other_seed(1), MANY, 10)) != ids(draw(SEED, MANY, 10))


def test_changing_one_entry_id_changes_the_winners():
    changed = [*MANY[:-1], Entry("Q2026-999999", MANY[-1].label)]
    base, new = draw(SEED, MANY, 10), draw(SEED, changed, 10)
    assert new.entries_hash != base.entries_hash
    assert ids(new) != ids(base)


def test_changing_one_entry_label_changes_the_winners():
    changed = [Entry(MANY[0].id, "张*"), *MANY[1:]]
    base, new = draw(SEED, MANY, 10), draw(SEED, changed, 10)
    assert new.entries_hash != base.entries_hash
    assert ids(new) != ids(base)


def test_adding_an_entry_changes_the_winners():
    assert ids(draw(SEED, [*MANY, Entry("Q2026-000201", "赵*")], 10)) != ids(draw(SEED, MANY, 10))


def test_removing_an_entry_changes_the_winners():
    assert ids(draw(SEED, MANY[1:], 10)) != ids(draw(SEED, MANY, 10))


def test_changing_the_title_changes_the_winners():
    assert ids(draw(SEED, MANY, 10, title=TITLE + "（第二轮）")) != ids(
        draw(SEED, MANY, 10, title=TITLE)
    )


def test_one_more_prize_appends_a_winner_and_keeps_the_others():
    # Documented: the number of winners does not enter the random stream.
    ten, eleven = draw(SEED, MANY, 10), draw(SEED, MANY, 11)
    assert ids(eleven) != ids(ten)
    assert ids(eleven)[:10] == ids(ten)


def test_no_winner_is_drawn_twice_even_when_everyone_wins():
    result = draw(SEED, MANY, len(MANY))
    assert sorted(ids(result)) == [e.id for e in MANY]
    assert [w.rank for w in result.winners] == list(range(1, len(MANY) + 1))


def test_each_entry_wins_about_equally_often_over_many_seeds():
    ten = MANY[:10]
    counts = Counter(draw(other_seed(n), ten, 1).winners[0].id for n in range(2000))
    assert set(counts) == {e.id for e in ten}
    assert all(150 <= c <= 250 for c in counts.values()), counts


def test_rejection_sampling_skips_values_in_the_biased_tail():
    # 2**256 mod 10 == 6, so the six largest blocks would favour 0..5 and must be skipped.
    top = 2**256 - 1
    assert draw_module._uniform_below(10, iter([top, top - 5, 17])) == 7
    assert draw_module._uniform_below(10, iter([top - 6])) == (top - 6) % 10


def test_verify_accepts_the_true_draw_and_refuses_a_wrong_seed_or_winners():
    published = commitment(SEED)
    winners = ids(draw(SEED, MANY, 3, title=TITLE))
    assert verify(SEED, published, MANY, 3, winners, title=TITLE)
    assert not verify(other_seed(2), published, MANY, 3, winners, title=TITLE)
    assert not verify(SEED, published, MANY, 3, winners[::-1], title=TITLE)
    assert not verify(SEED, published, MANY, 3, winners, title="")


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="重复"):
        canonical_entries([*ENTRIES, Entry("Q2026-000001", "另一人")])


@pytest.mark.parametrize(
    "entry",
    [Entry("", "张*"), Entry("Q1", ""), Entry("Q1 ", "张*"), Entry("Q1", "张\t*"), ("Q1",)],
)
def test_entries_that_would_make_the_list_ambiguous_are_refused(entry):
    with pytest.raises(ValueError):
        canonical_entries([entry])


@pytest.mark.parametrize(
    ("winners", "message"), [(0, "至少"), (-1, "至少"), (6, "不能超过"), (True, "整数")]
)
def test_impossible_numbers_of_winners_are_refused(winners, message):
    with pytest.raises(ValueError, match=message):
        draw(SEED, ENTRIES, winners)


def test_empty_list_and_malformed_seed_are_refused():
    with pytest.raises(ValueError, match="为空"):
        draw(SEED, [], 1)
    with pytest.raises(ValueError, match="64位"):
        draw(SEED[:-2], ENTRIES, 1)


# --- the standalone command -----------------------------------------------------------------


# The file alone under -I -S (no site-packages, no project on sys.path), as a citizen with a
# bare Python would run it; and the module form staff use from the repository.
STANDALONE = [sys.executable, "-I", "-S", str(DRAW_PY)]
AS_MODULE = [sys.executable, "-m", "fangxin.engagement.draw"]
REPO = DRAW_PY.parents[2]


def run_cli(*args, how=STANDALONE):
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [*how, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def winner_lines(stdout):
    return [line.split("\t") for line in stdout.splitlines() if line[:1].isdigit()]


def verify_args(path, *, seed=SEED, published=None, winners="3"):
    return [
        "verify",
        "--seed",
        seed,
        "--commitment",
        published or commitment(SEED),
        "--entries",
        str(path),
        "--winners",
        winners,
        "--title",
        TITLE,
    ]


@pytest.mark.parametrize("how", [STANDALONE, AS_MODULE], ids=["standalone", "module"])
def test_cli_verify_reproduces_the_winners_from_the_published_file(tmp_path, how):
    published = tmp_path / "entries.txt"
    published.write_bytes(canonical_entries(MANY))
    expected = draw(SEED, MANY, 3, title=TITLE)

    done = run_cli(*verify_args(published), how=how)

    assert done.returncode == 0, done.stderr
    assert expected.entries_hash in done.stdout
    assert winner_lines(done.stdout) == [[str(w.rank), w.id, w.label] for w in expected.winners]


def test_cli_verify_reads_json_lines_as_well(tmp_path):
    jsonl = tmp_path / "entries.jsonl"
    lines = [json.dumps({"id": e.id, "label": e.label}, ensure_ascii=False) for e in ENTRIES]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = run_cli(*verify_args(jsonl), "--claimed", "Q2026-000005,Q2026-000003,Q2026-000002")

    assert done.returncode == 0, done.stderr
    assert [line[1] for line in winner_lines(done.stdout)] == [
        "Q2026-000005",
        "Q2026-000003",
        "Q2026-000002",
    ]


def test_cli_verify_exits_1_on_a_wrong_commitment(tmp_path):
    published = tmp_path / "entries.txt"
    published.write_bytes(canonical_entries(ENTRIES))

    done = run_cli(*verify_args(published, published=commitment(other_seed(3))))

    assert done.returncode == 1
    assert "承诺值不一致" in done.stderr
    assert winner_lines(done.stdout) == []


def test_cli_verify_exits_1_when_the_claimed_winners_differ(tmp_path):
    published = tmp_path / "entries.txt"
    published.write_bytes(canonical_entries(ENTRIES))

    done = run_cli(*verify_args(published), "--claimed", "Q2026-000001,Q2026-000003,Q2026-000002")

    assert done.returncode == 1
    assert "不一致" in done.stderr


def test_cli_verify_exits_2_on_a_missing_file(tmp_path):
    done = run_cli(*verify_args(tmp_path / "missing.txt"))

    assert done.returncode == 2
    assert "找不到名单文件" in done.stderr


def test_cli_verify_exits_2_on_a_duplicate_id(tmp_path):
    published = tmp_path / "entries.txt"
    published.write_text("Q1\t张*\nQ1\t李*\n", encoding="utf-8")

    done = run_cli(*verify_args(published, winners="1"))

    assert done.returncode == 2
    assert "重复" in done.stderr


def test_cli_commit_and_hash_entries(tmp_path):
    committed = run_cli("commit")
    seed, published = (line.split("：")[1] for line in committed.stdout.splitlines())
    assert committed.returncode == 0
    assert commitment(seed) == published

    unsorted = tmp_path / "raw.txt"
    unsorted.write_text("".join(f"{e.id}\t{e.label}\r\n" for e in ENTRIES), encoding="utf-8")
    canonical = tmp_path / "entries.txt"
    hashed = run_cli("hash-entries", "--entries", str(unsorted), "--out", str(canonical))
    assert hashed.returncode == 0, hashed.stderr
    assert entries_hash(ENTRIES) in hashed.stdout
    assert canonical.read_bytes() == canonical_entries(ENTRIES)
