"""The valid example bundle and the readings that compare two databases' exports, shared by
the import/export and Kolada tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from ils.interchange import to_csv
from ils.model import FILES
from queries.read import exports
from queries.schema import TABLES

VALID = Path(__file__).parent / "bundles" / "valid"


def export_all(engine) -> dict[str, str]:
    out = {"signals": to_csv(exports.export_signals(engine, 2022))}
    for period in ("T1", "T2", "VB"):
        out[f"goals {period}"] = to_csv(exports.export_goals(engine, 2022, period))
        out[f"indicators {period}"] = to_csv(exports.export_indicators(engine, 2022, period))
    return out


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(TABLES[spec.table])).scalar()
                for name, spec in FILES.items()}
