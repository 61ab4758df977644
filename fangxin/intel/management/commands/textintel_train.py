"""Retrain the complaint classifier from the repository's corpus plus the categories staff
confirmed, evaluate it on a held-out split, and put it live only if it is not worse than the
model in use (classify.compare_and_promote)."""

import hashlib
import os
import shutil

from django.core.management.base import BaseCommand

from fangxin.intel.models import ModelRecord
from fangxin.intel.suggest import confirmed_records
from fangxin.textintel import classify

HELDOUT_PERCENT = 20


def _heldout(record: dict) -> bool:
    # Deterministic: a case stays on its side of the split from one run to the next.
    digest = hashlib.sha256(record["text"].encode("utf-8")).digest()
    return digest[0] * 100 // 256 < HELDOUT_PERCENT


class Command(BaseCommand):
    help = "用人工确认的分类重新训练投诉分类模型；留出集上不优于在用模型时不替换"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只评估，不启用新模型")

    def handle(self, *args, **options):
        confirmed = confirmed_records()
        train_part = [r for r in confirmed if not _heldout(r)]
        heldout = [r for r in confirmed if _heldout(r)]
        if classify.DEV_PATH.exists():
            heldout += classify.read_records(classify.DEV_PATH)
        corpus = classify.read_records(classify.TRAIN_PATH)
        candidate = classify.train(corpus + train_part)
        live_path = classify.model_dir() / classify.LIVE_MODEL_NAME
        live = classify.default_classifier()
        promoted, report = classify.compare_and_promote(candidate, live, heldout)
        path = ""
        if promoted and not options["dry_run"]:
            directory = classify.model_dir()
            directory.mkdir(parents=True, exist_ok=True)
            versioned = candidate.save(directory / f"complaints-{candidate.version}.npz")
            staging = directory / f".{classify.LIVE_MODEL_NAME}.tmp"
            shutil.copyfile(versioned, staging)
            os.replace(staging, live_path)  # atomic: readers see the old file or the new one
            classify.reset_default_classifier()
            path = str(versioned)
        elif promoted:
            report["reason"] = "试运行：" + report["reason"]
            promoted = False
        cand = report["candidate"]
        ModelRecord.objects.create(
            version=candidate.version,
            n_train=len(corpus) + len(train_part),
            n_heldout=len(heldout),
            n_confirmed=len(confirmed),
            metrics=report,
            promoted=promoted,
            reason=report["reason"][:300],
            path=path,
        )
        self.stdout.write(
            f"候选模型 {candidate.version}：训练 {len(corpus) + len(train_part)} 条"
            f"（人工确认 {len(train_part)} 条），留出 {len(heldout)} 条；"
            f"行业准确率 {cand['sector_accuracy']}，问题类别宏F1 {cand['problem_macro_f1']}"
        )
        if report["live"]:
            live_figures = report["live"]
            self.stdout.write(
                f"在用模型 {live_figures['model_version']}："
                f"行业准确率 {live_figures['sector_accuracy']}，"
                f"问题类别宏F1 {live_figures['problem_macro_f1']}"
            )
        self.stdout.write(("已启用：" if promoted else "未启用：") + report["reason"])
