"""Format-clause review: a 20-page contract (text) reviewed by the engine, CPU time; an A4 photo
of a notice read by Tesseract and reviewed, wall and CPU time (ours plus the OCR process's)."""

import io
import json
import random
import resource
import statistics
import time
from pathlib import Path

from fangxin.clauses.engine import review
from fangxin.clauses.extract import extract

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "fangxin" / "clauses" / "data" / "clauses_dev.jsonl"
PHOTO = ROOT / "tests" / "clauses" / "fixtures" / "notice.png"
# A contract page holds ~1,000 Chinese characters (宋体 五号 on A4).
PAGE_CHARS = 1_000
PAGES = 20


def _contract(pages: int = PAGES) -> str:
    rng = random.Random(3)
    clauses = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    parts, n = [], 0
    while sum(map(len, parts)) < pages * PAGE_CHARS:
        n += 1
        parts.append(f"第{n}条 {rng.choice(clauses)}")
    return "\n".join(parts)


def _a4_photo() -> bytes:
    """An A4 page at 200 dpi (1654 × 2339) with the notice printed three times."""
    from PIL import Image

    notice = Image.open(PHOTO).convert("RGB")
    page = Image.new("RGB", (1654, 2339), "white")
    for i in range(3):
        page.paste(notice, (200, 150 + i * 760))
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run() -> dict:
    figures = {}
    text = _contract()
    review(text[:2000])  # warm up: rule library loaded and compiled once per process
    cpu = []
    for _ in range(7):
        t0 = time.process_time()
        result = review(text)
        cpu.append(time.process_time() - t0)
    figures[f"clauses: {PAGES}-page contract ({len(text):,} chars), CPU s (median of 7)"] = round(
        statistics.median(cpu), 3
    )
    figures["clauses: 20-page contract, clauses / findings"] = (
        f"{len(result.clauses)} / {len(result.findings)}"
    )
    photo = _a4_photo()
    walls, cpus = [], []
    for _ in range(3):
        w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
        found = review(extract(photo).text)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0 + _children_cpu() - k0)
    figures["clauses: A4 photo, OCR + review, wall s (median of 3)"] = round(
        statistics.median(walls), 2
    )
    figures["clauses: A4 photo, OCR + review, CPU s incl. Tesseract"] = round(
        statistics.median(cpus), 2
    )
    figures["clauses: A4 photo, findings"] = len(found.findings)
    return figures
