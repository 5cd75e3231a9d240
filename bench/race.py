#!/usr/bin/env python3
"""Race runs (issue 18 item 6): a board user's draft save against every other writer.

Each round a board user (Nora, norrby) saves a new draft of one assessment (vom11, 2022 T2)
from the version her form was opened on, while another writer runs: an import of a bundle
exported just before (it holds the row's text from before the save), a deletion, a Kolada
write or a lock of the period (`--kinds`). Both start after a random delay, so they meet at
every point of each other's transaction. After each round:

- **lost**: the save was acknowledged ("Sparat som utkast (version N)") but the row no longer
  holds its text or version;
- **history wrong**: the assessment's history, replayed from its first entry, does not give
  the row's values (the history lies);

both must be 0. The other figures say how often the writers met (a save refused because the
period was locked, an import refused because the row had been saved in the app meanwhile).

    python -m bench.race --db sqlite:////tmp/race.db --rounds 1000
    python -m bench.race --db postgresql+psycopg://postgres@127.0.0.1:5432/test --rounds 1000
    python -m bench.race --db ... --kill 50       # also: kill -9 of a saving process
    python -m bench.race --db postgresql+... --terminate 50   # also: pg_terminate_backend

The database is REPLACED by a small test city. Short versions: tests/test_races.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, select, text

from ils.access import Viewer
from queries.schema import assessment, assessment_history

KINDS = ("import", "delete", "kolada", "lock")
KEY = {"goal_id": "vom11", "org_id": "norrby", "year": 2022, "period": "T2"}
FIELDS = ("assessment", "basis", "motivation", "status")
NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
ADMIN = Viewer(role="admin", name="Bänk")
SPARE_YEAR = 2019  # a year the deletion removes and each round puts back


@dataclass
class Figures:
    kind: str
    rounds: int = 0
    acknowledged: int = 0
    lost: int = 0
    history_wrong: int = 0
    saves_refused: int = 0  # a conflict or a locked period: told, nothing saved
    other_done: int = 0
    other_refused: int = 0  # e.g. an import refused because the row was saved in the app
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.kind:<10} {self.rounds:>6} {self.acknowledged:>8} {self.lost:>5} "
                f"{self.history_wrong:>8} {self.saves_refused:>8} {self.other_done:>7} "
                f"{self.other_refused:>8} {len(self.errors):>6} {self.seconds:>8.1f}")


HEADER = (f"{'mot':<10} {'rundor':>6} {'kvitterat':>8} {'förlorat':>5} {'historik':>8} "
          f"{'nekade':>8} {'andra':>7} {'avvisade':>8} {'fel':>6} {'sekunder':>8}")


def _where():
    a = assessment.c
    return ((a.goal_id == KEY["goal_id"]) & (a.org_id == KEY["org_id"])
            & (a.year == KEY["year"]) & (a.period == KEY["period"]))


def stored(engine: Engine) -> dict | None:
    with engine.connect() as conn:
        got = conn.execute(select(assessment).where(_where())).first()
    return dict(got._mapping) if got is not None else None


def history_agrees(engine: Engine) -> bool:
    """Replaying the key's history (old → new of each change, in order) gives the row."""
    h = assessment_history.c
    with engine.connect() as conn:
        row = conn.execute(select(assessment).where(_where())).first()
        entries = conn.execute(select(h.new_values).where(
            (h.goal_id == KEY["goal_id"]) & (h.org_id == KEY["org_id"])
            & (h.year == KEY["year"]) & (h.period == KEY["period"])).order_by(h.id)).all()
    state: dict = {}
    for (new,) in entries:
        state.update(json.loads(new) if new else {})
    if row is None:
        return not state
    return all(state.get(k) == row._mapping[k] for k in FIELDS)


def prepare(engine: Engine) -> None:
    """The small test city, and the first draft of the key (so it has a history)."""
    from queries.write.assessments_write import save_assessment
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    replace_dataset(engine, city(), {"demo": "1"})
    save_assessment(engine, NORA, KEY["goal_id"], KEY["org_id"], KEY["year"], KEY["period"],
                    "uppfyllt", "indikatorer", _text("start"), 0)


def _text(token: str) -> str:
    return f"Omgång {token}: prognosen bygger på höstens mätning och vi räknar med att den håller."


# --- the other writers -----------------------------------------------------------------------

class Other:
    """One kind of other writer: `before()` sets the round up, `run()` races the save,
    `after()` tidies up. `run` returns True when it wrote, False when it was refused."""

    def __init__(self, engine: Engine, work: Path):
        self.engine, self.work = engine, work

    def before(self, i: int) -> None:
        pass

    def run(self) -> bool:
        raise NotImplementedError

    def after(self) -> None:
        pass


class ImportOther(Other):
    def before(self, i: int) -> None:
        from ils.interchange.bundle_write import write_any
        from queries.read.dataset import load_dataset
        from queries.scope import acting_as

        with acting_as(ADMIN):  # the drafts too: the bundle holds the row as it is now
            ds = load_dataset(self.engine)
        self.bundle = self.work / f"bundle{i % 2}"
        write_any(ds, self.bundle)

    def run(self) -> bool:
        from queries.write.importer import import_bundle

        return import_bundle(self.engine, self.bundle).ok


class DeleteOther(Other):
    def before(self, i: int) -> None:
        from queries.write.store import upsert_frame
        from queries.write.write_unit import write_unit

        row = pl.DataFrame({"indicator_id": ["ind-las"], "org_id": ["stad"],
                            "year": [SPARE_YEAR], "period": ["VB"], "outcome": [float(i % 90)]})
        from ils.model import FILES

        row = row.with_columns(*(pl.lit(None, dtype=c.dtype).alias(c.name)
                                 for c in FILES["values"].columns if c.name not in row.columns))
        with write_unit(self.engine, "bänkens förberedelse", watch="all") as unit:
            upsert_frame(unit.conn, "values", row.select(FILES["values"].column_names))
            unit.base_changed()

    def run(self) -> bool:
        from queries.write.removal import remove
        from queries.write.write_unit import ALL, write_unit

        with write_unit(self.engine, "borttagningen", watch=ALL) as unit:  # as `kontrollrum delete`
            removed = remove(unit.conn, SPARE_YEAR, None, None)
            if removed:
                unit.base_changed()
        return bool(removed)


class KoladaOther(Other):
    def before(self, i: int) -> None:
        self.value = float(50 + i % 40)

    def run(self) -> bool:
        from ils import kolada, rules_periods
        from ils.model import FILES
        from queries.write.kolada_store import write_kolada

        rows = pl.DataFrame({"indicator_id": ["ind-las"], "org_id": ["stad"], "year": [2022],
                             "period": ["VB"], "outcome": [self.value], "source": ["Kolada"]})
        rows = rows.with_columns(*(pl.lit(None, dtype=c.dtype).alias(c.name)
                                   for c in FILES["values"].columns if c.name not in rows.columns)
                                 ).select(FILES["values"].column_names)
        plan = kolada.Plan(kpi_indicators={"N1": ["ind-las"]}, city=None, units={}, peers=(),
                           years=(2022,))
        written, _, _, _ = write_kolada(self.engine, plan, rows, pl.DataFrame(), True,
                                     rules_periods.DEFAULT_PARAMS)
        return written > 0


class LockOther(Other):
    def run(self) -> bool:
        from queries.write.lock_writes import lock_period
        from queries.write.locks import LockError

        try:
            lock_period(self.engine, KEY["year"], KEY["period"], "Bänk")
        except LockError:
            return False
        return True

    def after(self) -> None:
        from queries.write.lock_writes import unlock_period
        from queries.write.locks import LockError

        try:
            unlock_period(self.engine, KEY["year"], KEY["period"], "Bänk")
        except LockError:
            pass


OTHERS = {"import": ImportOther, "delete": DeleteOther, "kolada": KoladaOther, "lock": LockOther}


# --- a round ---------------------------------------------------------------------------------

def _save(engine: Engine, token: str, version: int) -> int:
    from queries.write.assessments_write import save_assessment

    value = random.choice(("uppfyllt", "delvis"))
    return save_assessment(engine, NORA, KEY["goal_id"], KEY["org_id"], KEY["year"],
                           KEY["period"], value, "indikatorer", _text(token), version).version


def race(engine: Engine, kind: str, rounds: int, spread: float | None = None,
         seed: int = 1, work: Path | None = None, progress: bool = False) -> Figures:
    """`rounds` rounds of a save against the `kind` writer, with random delays up to
    `spread` seconds each (default: the other writer's own duration)."""
    from queries.write.write_common import WriteRefused

    rnd = random.Random(seed)
    figures = Figures(kind)
    with tempfile.TemporaryDirectory() as tmp:
        other = OTHERS[kind](engine, Path(work or tmp))
        if spread is None:  # time the other writer once: the delays cover its duration
            other.before(0)
            t = time.perf_counter()
            other.run()
            spread = max(time.perf_counter() - t, 0.01)
            other.after()
        start = time.perf_counter()
        for i in range(rounds):
            other.before(i + 1)
            row = stored(engine) or {}
            version, token = row.get("version") or 0, f"{kind}-{i}-{uuid.uuid4().hex[:8]}"
            got: dict = {}

            def saver():
                time.sleep(rnd.random() * spread)
                try:
                    got["ack"] = _save(engine, token, version)
                except WriteRefused:
                    got["refused"] = True
                except Exception as exc:  # noqa: BLE001 - counted and shown
                    got["error"] = f"save: {type(exc).__name__}: {str(exc)[:200]}"

            def writer():
                time.sleep(rnd.random() * spread)
                try:
                    got["other"] = other.run()
                except WriteRefused:
                    got["other"] = False
                except Exception as exc:  # noqa: BLE001
                    if type(exc).__name__ == "PeriodLocked":
                        got["other"] = False
                    else:
                        got["other_error"] = f"{kind}: {type(exc).__name__}: {str(exc)[:200]}"

            threads = [threading.Thread(target=saver), threading.Thread(target=writer)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            other.after()
            figures.rounds += 1
            figures.saves_refused += bool(got.get("refused"))
            figures.other_done += got.get("other") is True
            figures.other_refused += got.get("other") is False
            figures.errors += [got[k] for k in ("error", "other_error") if k in got]
            now = stored(engine) or {}
            if "ack" in got:
                figures.acknowledged += 1
                if now.get("motivation") != _text(token) or now.get("version") != got["ack"]:
                    figures.lost += 1
            if not history_agrees(engine):
                figures.history_wrong += 1
            if progress and (i + 1) % 100 == 0:
                print(f"  {kind}: {i + 1} rundor", file=sys.stderr, flush=True)
        figures.seconds = time.perf_counter() - start
    return figures


# --- kill -9 and pg_terminate_backend --------------------------------------------------------

CHILD = """
import sys
from bench.race import _save, stored
from queries.db import make_engine
engine = make_engine(sys.argv[1])
row = stored(engine) or {}
version = row.get("version") or 0
i = 0
print("ready", flush=True)
while True:
    i += 1
    version = _save(engine, f"kill-{sys.argv[2]}-{i}", version)
    print(f"ack {version} {i}", flush=True)
"""


def killed(url: str, engine: Engine, rounds: int, seed: int = 1) -> Figures:
    """A process saving one draft after another is killed (SIGKILL) at a random moment; the
    last acknowledged save must be in the row (or a later one it was killed before telling)
    and the history must agree."""
    rnd = random.Random(seed)
    figures = Figures("kill -9")
    start = time.perf_counter()
    root = Path(__file__).resolve().parents[1]
    for r in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(r)], cwd=root,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.readline()  # ready
        time.sleep(0.2 + rnd.random() * 1.0)
        child.kill()
        out = child.communicate()[0]
        acks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack")]
        figures.rounds += 1
        figures.acknowledged += len(acks)
        now = stored(engine) or {}
        if acks and (now.get("version") or 0) < acks[-1]:
            figures.lost += 1
        if not history_agrees(engine):
            figures.history_wrong += 1
    figures.seconds = time.perf_counter() - start
    return figures


def terminated(engine: Engine, url: str, rounds: int, seed: int = 1) -> Figures:
    """PostgreSQL: `pg_terminate_backend` of the saving connection at a random moment."""
    from sqlalchemy import create_engine

    rnd = random.Random(seed)
    figures = Figures("terminate")
    name = f"race-{os.getpid()}"
    saver_engine = create_engine(url, connect_args={"application_name": name},
                                 pool_pre_ping=True)
    start = time.perf_counter()
    for r in range(rounds):
        row = stored(engine) or {}
        got: dict = {}

        def saver():
            version = row.get("version") or 0
            for i in range(20):
                try:
                    version = _save(saver_engine, f"term-{r}-{i}", version)
                    got["ack"] = version
                except Exception:  # noqa: BLE001 - the cut connection: not acknowledged
                    got["cut"] = got.get("cut", 0) + 1
                    version = (stored(engine) or {}).get("version") or 0

        t = threading.Thread(target=saver)
        t.start()
        time.sleep(rnd.random() * 0.3)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = :n"), {"n": name})
            conn.commit()
        t.join()
        figures.rounds += 1
        figures.other_done += got.get("cut", 0)
        if "ack" in got:
            figures.acknowledged += 1
            if (stored(engine) or {}).get("version") != got["ack"]:
                figures.lost += 1
        if not history_agrees(engine):
            figures.history_wrong += 1
    saver_engine.dispose()
    figures.seconds = time.perf_counter() - start
    return figures


def main(argv: list[str] | None = None) -> int:
    from queries.db import make_engine

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="the database URL (its data is REPLACED)")
    p.add_argument("--rounds", type=int, default=1000)
    p.add_argument("--kinds", default=",".join(KINDS))
    p.add_argument("--spread", type=float, default=None,
                   help="largest random delay in seconds (default: the other writer's time)")
    p.add_argument("--kill", type=int, default=0, help="rounds of kill -9 mid-save")
    p.add_argument("--terminate", type=int, default=0,
                   help="rounds of pg_terminate_backend mid-save (PostgreSQL)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    engine = make_engine(args.db)
    prepare(engine)
    print(f"# bench/race.py {engine.dialect.name}, {args.rounds} rundor per slag, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(HEADER)
    all_figures = []
    for kind in [k for k in args.kinds.split(",") if k]:
        f = race(engine, kind, args.rounds, args.spread, args.seed, progress=True)
        all_figures.append(f)
        print(f.line(), flush=True)
    if args.kill:
        f = killed(args.db, engine, args.kill, args.seed)
        all_figures.append(f)
        print(f.line(), flush=True)
    if args.terminate and engine.dialect.name == "postgresql":
        f = terminated(engine, args.db, args.terminate, args.seed)
        all_figures.append(f)
        print(f.line(), flush=True)
    for f in all_figures:
        for e in sorted(set(f.errors))[:5]:
            print(f"  {f.kind}: {e}")
    engine.dispose()
    bad = sum(f.lost + f.history_wrong for f in all_figures)
    print(json.dumps({"lost": sum(f.lost for f in all_figures),
                      "history_wrong": sum(f.history_wrong for f in all_figures)}))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
