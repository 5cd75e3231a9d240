"""What the board's "Bedöm målen" form reads and writes (issue 13) — the only code of the form
that calls `queries`. Every write goes through `queries.assessments_write` /
`queries.notes_write`, which check the role, the lock and the version on the server whatever
the page showed; here a refusal becomes (False, its Swedish message)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select

from ils import periods
from ils.access import Viewer
from ils.assessing import PublishSummary, describe_change
from ils.rules_periods import VOM, vom_spans
from queries import assessment_reads as reads
from queries import scope
from queries.assessments_write import (
    draft_versions,
    publish_period,
    return_to_draft,
    save_assessment,
)
from queries.dataset import load_dataset
from queries.db import get_engine
from queries.lights import read_goal_lights, read_indicator_lights
from queries.schema import organisation
from queries.snapshots import lock_of
from queries.write_common import Conflict, WriteRefused, shown_time

LIGHT_COLUMNS = ("light", "light_outcome_only", "rests_on_forecast", "n_green", "n_yellow",
                 "n_red", "n_missing", "n_forecast")


@dataclass(frozen=True)
class Form:
    org_id: str
    year: int
    period: str
    locked: str | None  # "Låst <date> av <who>" when the period is locked
    voms: list[dict]  # id, code, title, light row (or None), indicators (name, light, basis)
    rows: dict[str, dict]  # goal_id → the stored assessment (with version)
    summary: PublishSummary


def viewer() -> Viewer:
    return scope.viewer()


def may_assess(org_id: str) -> bool:
    """Whether the current viewer may assess `org_id`'s goals here: the board's own users, for
    the board itself (`Viewer.may_assess`; RULES.md §9)."""
    v = viewer()
    return v.signed_in and v.may_assess(org_id)


def _tree() -> pl.DataFrame:
    with get_engine().connect() as conn:
        return pl.DataFrame(conn.execute(select(organisation.c.id, organisation.c.parent_id))
                            .all(), schema={"id": pl.String, "parent_id": pl.String},
                            orient="row")


def below_the_board(org_id: object, nothing: str) -> str | None:
    """The Swedish refusal when a board's user writes for a department or unit below the
    board (a forged form: the page offers only the board); None otherwise (other refusals
    are the write's own)."""
    v = viewer()
    if v.may_assess(org_id) or not isinstance(org_id, str) or not v.may_edit(org_id, _tree()):
        return None
    return ("Självskattningen är nämndens egen: här bedömer och publicerar du bara nämndens egna "
            f"mål, inte mål för en organisation under nämnden. {nothing}")


NOT_SHOWN = ("Visa sammanfattningen innan du publicerar: publiceringen gäller de utkast som "
             "sammanfattningen visade. Ingenting publicerades.")


def _indicators(engine, org_id: str, year: int, period: str, goals: pl.DataFrame):
    ind = read_indicator_lights(engine, year, period, org_ids=(org_id,))
    names = load_dataset(engine, files=("indicators",)).indicators.select(
        pl.col("id").alias("indicator_id"), "name")
    spans = vom_spans(goals).select("goal_id", "vom_id")
    return (ind.join(spans, on="goal_id", how="left").join(names, on="indicator_id", how="left")
            .sort("name"))


def load(org_id: str, year: int, period: str) -> Form:
    """The form's data for a board and period (the caller checked `may_assess`)."""
    engine = get_engine()
    with engine.connect() as conn:
        held = lock_of(conn, year, period)
    goals = load_dataset(engine, files=("goals",)).goals
    voms = goals.filter((pl.col("level") == VOM) & (pl.col("year_from") <= year)
                        & (pl.col("year_to") >= year)).sort("code", "id")
    lights = {r["goal_id"]: r for r in read_goal_lights(
        engine, year, period, org_ids=(org_id,)).to_dicts()}
    ind = _indicators(engine, org_id, year, period, goals)
    out = []
    for v in voms.iter_rows(named=True):
        mine = ind.filter(pl.col("vom_id") == v["id"])
        out.append({"id": v["id"], "code": v["code"], "title": v["title"],
                    "light": lights.get(v["id"]),
                    "indicators": mine.select("name", "light", "basis").to_dicts()})
    rows = {r["goal_id"]: r for r in reads.current(engine, org_id, year, period).to_dicts()}
    return Form(org_id, year, period,
                f"Låst {held.date} av {held.locked_by}" if held is not None else None,
                out, rows, reads.period_summary(engine, org_id, year, period))


def save(org_id, goal_id, year, period, value, basis, also, motivation,
         version) -> tuple[bool, str, dict | None]:
    """Save as the current viewer: (saved, message, the stored version's facts)."""
    refused = below_the_board(org_id, "Inget sparades.")
    if refused:
        return False, refused, None
    try:
        got = save_assessment(get_engine(), viewer(), goal_id, org_id, year, period, value,
                              basis, motivation, version, also or ())
    except WriteRefused as exc:
        other = getattr(exc, "other", None)
        return False, str(exc), other
    if not got.changed:
        return True, f"Inget att spara: bedömningen är oförändrad (version {got.version}).", \
            {"version": got.version}
    return True, f"Sparat som utkast (version {got.version}).", {"version": got.version}


def preview(org_id, year, period) -> tuple[PublishSummary | None, dict[str, str],
                                          dict[str, int]]:
    """What publishing would make public now (None: the viewer may not publish), with the
    goals' "code title" names and the drafts' versions it was made from."""
    if not isinstance(org_id, str) or not may_assess(org_id):
        return None, {}, {}
    if not isinstance(year, int) or not periods.is_period(period):
        return None, {}, {}
    engine = get_engine()
    goals = load_dataset(engine, files=("goals",)).goals.filter(pl.col("level") == VOM)
    names = {g: f"{c or ''} {t}".strip() for g, c, t in goals.select("id", "code", "title")
             .iter_rows()}
    drafts = reads.current(engine, org_id, year, period).filter(pl.col("status") == "utkast")
    return (reads.period_summary(engine, org_id, year, period), names,
            draft_versions(drafts))


def publish(org_id, year, period, expected: dict | None) -> tuple[bool, str]:
    """Publish the drafts the summary showed (`expected`, {goal: version}); without them
    (None: a body that carried no summary) nothing is published."""
    refused = below_the_board(org_id, "Ingenting publicerades.")
    if refused:
        return False, refused
    try:  # no versions match no drafts: the write's own checks (role, lock) still speak first
        summary = publish_period(get_engine(), viewer(), org_id, year, period,
                                 {"": -1} if expected is None else expected)
    except Conflict as exc:
        return False, NOT_SHOWN if expected is None else str(exc)
    except WriteRefused as exc:
        return False, str(exc)
    more = summary.sentences()[1:]
    return True, f"Publicerat: {summary.n_goals} mål är nu synliga för alla. " + " ".join(more)


def history(org_id: str, goal_id: str, year: int, period: str) -> list[dict]:
    """The assessment's history as the viewer may see it, newest first."""
    df = reads.history(get_engine(), goal_id, org_id, year, period)
    return [dict(r, when=shown_time(r["changed_at"]), changes=describe_change(
        json.loads(r["old_values"]) if r["old_values"] else None,
        json.loads(r["new_values"]) if r["new_values"] else None))
        for r in reversed(df.to_dicts())]


def published_count(org_id: str, year: int, period: str) -> int:
    """How many of the org's assessments of the period are published (for an admin)."""
    df = reads.current(get_engine(), org_id, year, period)
    return df.filter(pl.col("status").is_null() | (pl.col("status") != "utkast")).height


def to_draft(org_id, year, period, reason) -> tuple[bool, str]:
    """Return the period to draft as the current viewer (refused unless an admin)."""
    try:
        n = return_to_draft(get_engine(), viewer(), org_id, year, period, reason)
    except WriteRefused as exc:
        return False, str(exc)
    return True, f"{n} bedömningar är utkast igen; nämnden kan ändra dem och publicera på nytt."
