"""Benchmark: import and lights at demo scale 1 and 10 (pages: bench/web.py). Prints figures; asserts nothing
about time (performance targets are read off this output, not enforced by tests).

    .venv/bin/python bench/bench.py            # scales 1 and 10
    .venv/bin/python bench/bench.py --scales 1 --repeat 20

Each scale runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
YEAR, PERIOD = 2022, "VB"


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Median and p95 seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, result


def child(scale: int, repeat: int) -> dict:
    import polars as pl
    from polars.testing import assert_frame_equal

    from bench.duck_reference import connect, goal_lights_sql
    from ils import rules, rules_periods
    from ils.demo import generate
    from ils.interchange import write_bundle
    from queries.db import make_engine
    from queries.read.dataset import load_dataset
    from queries.write.importer import import_bundle

    out: dict = {"scale": scale}
    tmp = Path(tempfile.mkdtemp(prefix=f"kr-bench-{scale}-"))
    t0 = time.perf_counter()
    ds = generate(scale=scale)
    out["generate_s"] = time.perf_counter() - t0
    out["rows"] = {name: len(df) for name, df in ds.frames().items()}
    write_bundle(ds, tmp / "bundle")
    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    t0 = time.perf_counter()
    report = import_bundle(engine, tmp / "bundle")
    out["import_s"] = time.perf_counter() - t0
    if report.errors:
        raise SystemExit(f"bench bundle did not import: {report.errors[:3]}")

    params = rules_periods.DEFAULT_PARAMS

    def load():
        return load_dataset(engine, years=(YEAR,))

    def compute(d):
        ind = rules.indicator_lights(d, YEAR, PERIOD, params)
        return rules.goal_lights(d, ind, YEAR, PERIOD, params)

    out["load_p50_s"], _, year_ds = timed(load, max(3, repeat // 4))
    out["compute_p50_s"], out["compute_p95_s"], ours = timed(lambda: compute(year_ds), repeat)
    out["end_to_end_p50_s"], _, _ = timed(lambda: compute(load()), max(3, repeat // 4))
    con = connect(year_ds)
    out["duckdb_p50_s"], out["duckdb_p95_s"], ref = timed(
        lambda: goal_lights_sql(con, YEAR, PERIOD, params), repeat)
    cols = [c for c in ref.columns]
    assert_frame_equal(ours.select(cols).sort("goal_id", "org_id"),
                       ref.cast(ours.select(cols).schema).sort("goal_id", "org_id"),
                       check_exact=False)
    out["goal_lights"] = len(ours)
    # All lights (indicator and goal) of every period of the year in one pass, against the
    # DuckDB query run for each of those periods; the same goal lights, checked here.
    periods = ("T1", "T2", "VB")
    year_periods = rules_periods.periods_frame([(YEAR, p) for p in periods])
    out["year_p50_s"], out["year_p95_s"], (_, year_goals) = timed(
        lambda: rules_periods.all_lights(year_ds, params, year_periods), repeat)
    out["duck_year_p50_s"], out["duck_year_p95_s"], refs = timed(
        lambda: [goal_lights_sql(con, YEAR, p, params) for p in periods], repeat)
    for p, ref in zip(periods, refs, strict=False):
        got = year_goals.filter(pl.col("period") == p).select(cols)
        assert_frame_equal(got.sort("goal_id", "org_id"),
                           ref.cast(got.schema).sort("goal_id", "org_id"), check_exact=False)
    out["refresh_p50_s"], _, _ = timed(lambda: store_lights(engine, params), max(3, repeat // 4))
    out.update(draft_reads(engine, repeat))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine.dispose()
    return out


def draft_reads(engine, repeat: int) -> dict:
    """Stored goal lights of T2 2022 (the demo's drafts) as the public reads them and as SLK
    and a drafting board read them, the drafts they may see laid over (§3.9)."""
    from ils.access import Viewer
    from queries import scope
    from queries.write.lights import read_goal_lights

    out = {}
    viewers = {"public": Viewer(), "slk": Viewer(role="slk"),
               "board": Viewer(role="namnd", orgs=("sdn-skarpnack",))}
    for name, viewer in viewers.items():
        with scope.acting_as(viewer):
            out[f"read_{name}_p50_s"], out[f"read_{name}_p95_s"], got = timed(
                lambda: read_goal_lights(engine, YEAR, "T2"), repeat)
        out[f"read_{name}_assessed"] = got["self_assessment"].is_not_null().sum()
    return out


def store_lights(engine, params) -> None:
    from queries.write.lights import refresh_lights

    with engine.begin() as conn:
        refresh_lights(conn, params)


def report(figures: list[dict]) -> None:
    print("\nKontrollrum benchmark (median of repeated runs; p95 where given)\n")
    for f in figures:
        print(f"scale {f['scale']}: {f['rows']['values']:,} value rows, "
              f"{f['rows']['organisation']:,} orgs, {f['goal_lights']:,} goal lights")
        print(f"  generate demo       {f['generate_s']:8.2f} s")
        print(f"  import bundle       {f['import_s']:8.2f} s  (folder of CSV → SQLite, one "
              f"transaction)")
        print(f"  load year {YEAR}      {f['load_p50_s'] * 1000:8.1f} ms")
        print(f"  goal lights (polars){f['compute_p50_s'] * 1000:8.1f} ms  p95 "
              f"{f['compute_p95_s'] * 1000:.1f} ms")
        print(f"  goal lights (DuckDB){f['duckdb_p50_s'] * 1000:8.1f} ms  p95 "
              f"{f['duckdb_p95_s'] * 1000:.1f} ms   ratio polars/DuckDB "
              f"{f['compute_p50_s'] / f['duckdb_p50_s']:.2f}")
        print(f"  load + goal lights  {f['end_to_end_p50_s'] * 1000:8.1f} ms  ({YEAR} {PERIOD}, "
              f"all orgs)")
        print(f"  all lights for all periods of a year, one pass (polars) "
              f"{f['year_p50_s'] * 1000:.1f} ms  p95 {f['year_p95_s'] * 1000:.1f} ms")
        print(f"  goal lights for all periods of a year (DuckDB, a query per period) "
              f"{f['duck_year_p50_s'] * 1000:.1f} ms  p95 {f['duck_year_p95_s'] * 1000:.1f} ms"
              f"   ratio {f['year_p50_s'] / f['duck_year_p50_s']:.2f}")
        print(f"  store all lights, every period (refresh_lights) "
              f"{f['refresh_p50_s'] * 1000:8.1f} ms")
        for who, label in (("public", "the public"), ("board", "a drafting board"),
                           ("slk", "SLK (every draft)")):
            print(f"  goal lights T2 {YEAR} as {label:<18}{f[f'read_{who}_p50_s'] * 1000:8.1f} ms"
                  f"  p95 {f[f'read_{who}_p95_s'] * 1000:.1f} ms  "
                  f"({f[f'read_{who}_assessed']:,} self-assessments)")
        print(f"  peak memory         {f['peak_rss_mb']:8.0f} MB")
        print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.repeat)))
        return 0
    figures = []
    for scale in (int(s) for s in args.scales.split(",")):
        proc = subprocess.run([sys.executable, __file__, "--child", str(scale), "--repeat",
                               str(args.repeat)], capture_output=True, text=True, cwd=ROOT)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        figures.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
