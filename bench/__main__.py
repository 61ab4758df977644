"""Run every benchmark: `make bench` (or `python -m bench`). Uses its own database under
var/bench/ (SQLite) or DATABASE_URL when set, and only loopback traffic."""

import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["FANGXIN_VAR_DIR"] = str(ROOT / "var" / "bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("FANGXIN_ENV", "test")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bench import (
        bench_audit,
        bench_calendar,
        bench_clauses,
        bench_http,
        bench_import,
        bench_intake,
        bench_merchants,
        bench_quiz,
        bench_textintel,
        bench_workbench,
    )

    results = {"machine": machine(), "database": connection.vendor, "figures": {}}
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    modules = (
        bench_calendar,
        bench_audit,
        bench_http,
        bench_intake,
        bench_import,
        bench_workbench,
        bench_merchants,
        bench_textintel,
        bench_clauses,
        bench_quiz,
    )
    for module in modules:
        if only and module.__name__.split(".")[-1].removeprefix("bench_") not in only:
            continue
        for name, value in module.run().items():
            results["figures"][name] = value
            print(f"{name:<48} {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"latest-{connection.vendor}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2)
    )
    print(f"machine: {results['machine']}; database: {results['database']}")


if __name__ == "__main__":
    main()
