import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RECORDS = [
    {
        "text": "健身房老板跑路了，年卡里还有两千多块钱退不了",
        "sector": "预付式消费",
        "problem": "合同",
    },
    {"text": "超市买的酸奶过期了，孩子喝了拉肚子", "sector": "食品", "problem": "安全"},
    {"text": "快递丢了，快递公司一直拖着不理赔", "sector": "快递物流", "problem": "售后服务"},
    {"text": "網購的鞋子是假貨，專櫃鑒定不是正品", "sector": "网络购物", "problem": "假冒"},
    {"text": "理发店剪个头收了我八百块", "sector": "美容美发", "problem": "价格"},
    {"text": "这条记录的行业标错了", "sector": "不存在的行业", "problem": "其他"},
]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    """One fresh model directory for the module: the first run trains, the others load."""
    return tmp_path_factory.mktemp("textintel-cli")


def run(model_dir, *args, timeout=300):
    env = dict(os.environ, FANGXIN_TEXTINTEL_DIR=str(model_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(  # noqa: S603 — our own module, arguments from the test
        [sys.executable, "-m", "fangxin.textintel.evaluate", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def test_complaints_json_on_a_fresh_model_directory(model_dir, tmp_path):
    data = write_jsonl(tmp_path / "small.jsonl", RECORDS)
    result = run(model_dir, "--task", "complaints", "--data", data, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # exactly one JSON object
    assert report["n"] == len(RECORDS)
    assert report["skipped"]["unknown_sector"] == 1
    for key in ("sector_accuracy", "problem_macro_f1", "problem_accuracy"):
        assert 0.0 <= report[key] <= 1.0
    assert report["sector"]["n"] == len(RECORDS) - 1
    assert report["sector"]["confusion"]["labels"][0] == "预付式消费"
    assert list(model_dir.glob("complaints-default-*.npz")), "the trained model is cached"


def test_complaints_readable_report(model_dir, tmp_path):
    data = write_jsonl(tmp_path / "small.jsonl", RECORDS)
    result = run(model_dir, "--data", data)
    assert result.returncode == 0, result.stderr
    assert "行业准确率" in result.stdout and "混淆矩阵" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"text": "好", "sector": "食品", "problem": "质量"}\nnot json\n', "第 2 行"),
        ('["a list"]\n', "不是 JSON 对象"),
        ('{"sector": "食品", "problem": "质量"}\n', "缺少字段"),
        ('{"text": 12, "sector": "食品", "problem": "质量"}\n', "不是字符串"),
        ("\n\n", "没有记录"),
    ],
)
def test_bad_records_give_a_message_and_a_failure_status(model_dir, tmp_path, content, message):
    data = tmp_path / "bad.jsonl"
    data.write_text(content, encoding="utf-8")
    result = run(model_dir, "--task", "complaints", "--data", data, "--json")
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_or_binary_file_gives_a_message(model_dir, tmp_path):
    result = run(model_dir, "--data", tmp_path / "nope.jsonl", "--json")
    assert result.returncode == 1 and "找不到文件" in result.stderr
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 100)
    result = run(model_dir, "--data", binary, "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_wrong_arguments_are_refused(model_dir):
    result = run(model_dir, "--json")
    assert result.returncode == 2 and "--data" in result.stderr


def test_sentiment_is_delegated_or_reported_missing(model_dir, tmp_path):
    data = write_jsonl(
        tmp_path / "sentiment.jsonl",
        [
            {"text": "处理得很及时，谢谢工作人员", "label": "positive"},
            {"text": "已收到回复", "label": "neutral"},
            {"text": "拖了两个月都没人管，太失望了", "label": "negative"},
        ],
    )
    result = run(model_dir, "--task", "sentiment", "--data", data, "--json")
    if importlib.util.find_spec("fangxin.textintel.sentiment") is None:
        assert result.returncode == 1 and "未安装" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["n"] == 3
        assert 0.0 <= report["accuracy"] <= 1.0 and 0.0 <= report["snownlp_accuracy"] <= 1.0


def test_no_arguments_reports_on_the_development_set(model_dir):
    result = run(model_dir)
    assert result.returncode == 0, result.stderr
    assert "开发集" in result.stdout and "仅词典" in result.stdout
    assert "情感分析" in result.stdout
