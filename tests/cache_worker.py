"""A stand-in app worker for tests/test_cache.py: reads commands on stdin, answers on stdout.

`get` asks the shared view cache for the number of organisations (counting real computes
in the file given as argv[1]); `quit` ends. Run as a separate process, like a gunicorn worker.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import func, select

from queries.cache import cached
from queries.db import get_engine
from queries.schema import TABLES


def main() -> None:
    log = Path(sys.argv[1])
    engine = get_engine()

    def compute() -> int:
        with log.open("a") as f:
            f.write("computed\n")
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(TABLES["organisation"])).scalar()

    for line in sys.stdin:
        if line.strip() == "quit":
            break
        print(cached(engine, "probe", {"what": "orgs"}, compute), flush=True)


if __name__ == "__main__":
    main()
