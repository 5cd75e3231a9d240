"""Long import fuzz run: mutated bundles (folder, zip, xlsx) into a scratch database.

    python -m bench.fuzz_import --count 10000 [--db URL] [--seed 1]

Counts what must stay zero: tracebacks (any exception instead of the Swedish report), partial
writes (a refused bundle that changed the database), slow runs (over 10 s), lines a library
logged or warned during the import (they reach the user's terminal beside the Swedish report)
and error messages with English words; and how many bundles were accepted or refused, and the
slowest. Without --db a temporary SQLite file is used.
The database is a scratch one: its model tables are emptied and loaded with the valid test
bundle at the start, and accepted bundles change it.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

SLOW = 10.0
# words of a library's or Python's own message; the importer's messages are Swedish
ENGLISH = re.compile(r"\b(error|invalid|could not|cannot|failed|expected|unexpected|found|"
                     r"missing|not a|must|should)\b", re.I)


class LoggedLines(logging.Handler):
    """Keeps what libraries log at WARNING or above during one import."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


def english_messages(report) -> list[str]:
    """The report's messages (values quoted in them left out) with English words."""
    said = [e.message for e in report.errors] + list(getattr(report, "notices", []))
    return [m for m in said if ENGLISH.search(re.sub(r'"[^"]*"|\([^)]*\)', "", str(m)))]


def fuzz(url: str, count: int, seed: int = 1, workdir: Path | None = None,
         report_every: int = 0) -> dict:
    from queries.db import make_engine
    from queries.write.importer import import_bundle
    from queries.write.store import clear_all
    from tests.fuzz_bundles import VALID, RandomDraw, hostile_bundle
    from tests.test_import_fuzz import snapshot

    engine = make_engine(url)
    with engine.begin() as conn:
        clear_all(conn)
    assert import_bundle(engine, VALID).errors == []
    work = Path(workdir or tempfile.mkdtemp(prefix="kontrollrum-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    result = {"bundles": 0, "accepted": 0, "refused": 0, "tracebacks": 0, "partial_writes": 0,
              "slow": 0, "logged": 0, "english": 0, "max_seconds": 0.0, "max_cpu_seconds": 0.0,
              "examples": []}
    logged = LoggedLines()
    logging.getLogger().addHandler(logged)
    started = time.perf_counter()
    for i in range(count):
        case = work / f"case{i}"
        path = hostile_bundle(RandomDraw(seed * 1_000_003 + i), case)
        before = snapshot(engine)
        logged.lines.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            with warnings.catch_warnings(record=True) as warned:
                warnings.simplefilter("always")
                report = import_bundle(engine, path)
        except Exception:  # exactly what must never happen: counted, kept, shown
            result["tracebacks"] += 1
            result["examples"].append((str(path), traceback.format_exc(limit=3)))
            shutil.copytree(case, work / f"kept{i}", dirs_exist_ok=True)
            report, warned = None, []
        noise = logged.lines + [f"{w.category.__name__}: {w.message}" for w in warned]
        english = english_messages(report) if report is not None else []
        if noise or english:
            result["logged"] += bool(noise)
            result["english"] += bool(english)
            result["examples"].append((str(path), "; ".join(noise + english)[:300]))
            shutil.copytree(case, work / f"kept{i}", dirs_exist_ok=True)
        elapsed = time.perf_counter() - t0
        result["max_cpu_seconds"] = max(result["max_cpu_seconds"], time.process_time() - c0)
        result["bundles"] += 1
        result["max_seconds"] = max(result["max_seconds"], elapsed)
        if elapsed > SLOW:
            result["slow"] += 1
            result["examples"].append((str(path), f"{elapsed:.1f} s"))
        if report is not None and report.errors:
            result["refused"] += 1
            if snapshot(engine) != before:
                result["partial_writes"] += 1
                result["examples"].append((str(path), "refused but the database changed"))
        elif report is not None:
            result["accepted"] += 1
        shutil.rmtree(case, ignore_errors=True)
        if report_every and (i + 1) % report_every == 0:
            print(f"  {i + 1} bundles, {time.perf_counter() - started:.0f} s, "
                  f"{result['tracebacks']} tracebacks", file=sys.stderr)
    logging.getLogger().removeHandler(logged)
    engine.dispose()
    result["seconds"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz_import", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="bundles to try (1000)")
    parser.add_argument("--db", metavar="URL", help="a scratch database (default: temp SQLite)")
    parser.add_argument("--seed", type=int, default=1, help="first seed (1)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="kontrollrum-fuzz-"))
    url = args.db or f"sqlite:///{tmp / 'fuzz.db'}"
    r = fuzz(url, args.count, args.seed, tmp / "cases", report_every=max(args.count // 10, 1))
    print(f"database: {url.split('://')[0]}, seed {args.seed}")
    print(f"bundles {r['bundles']}: accepted {r['accepted']}, refused {r['refused']}")
    print(f"tracebacks {r['tracebacks']}, partial writes {r['partial_writes']}, "
          f"over {SLOW:.0f} s {r['slow']}, logged or warned {r['logged']}, "
          f"English messages {r['english']}; slowest {r['max_seconds']:.2f} s "
          f"({r['max_cpu_seconds']:.2f} s CPU in this process), total {r['seconds']:.0f} s")
    for path, what in r["examples"][:10]:
        print(f"- {path}: {what}")
    bad = r["tracebacks"] or r["partial_writes"] or r["slow"] or r["logged"] or r["english"]
    if r["tracebacks"] or r["logged"] or r["english"]:
        print(f"kept failing cases in {tmp / 'cases'}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
