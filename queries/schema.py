"""The database schema: SQLAlchemy Core tables for the ILS model (DOMAIN.md §1, §4).

The same tables run unchanged on SQLite and PostgreSQL. Column names and types mirror
`ils.model.FILES` (a test holds the two together).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = String(120)

organisation = Table(
    "organisation", metadata,
    Column("id", ID, primary_key=True),
    Column("parent_id", ID, ForeignKey("organisation.id"), nullable=True, index=True),
    Column("level", String(16), nullable=False),
    Column("kind", String(40)),
    Column("name", String(300), nullable=False),
    Column("kolada_id", String(40)),
)

goal = Table(
    "goal", metadata,
    Column("id", ID, primary_key=True),
    Column("parent_id", ID, ForeignKey("goal.id"), nullable=True, index=True),
    Column("level", String(24), nullable=False),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False, index=True),
    Column("code", String(40)),
    Column("title", Text, nullable=False),
    Column("year_from", Integer, nullable=False),
    Column("year_to", Integer, nullable=False),
)

indicator = Table(
    "indicator", metadata,
    Column("id", ID, primary_key=True),
    Column("goal_id", ID, ForeignKey("goal.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("unit", String(40)),
    Column("direction", String(8), nullable=False),
    Column("decided_by", String(8), nullable=False),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False),
    Column("applies_to", String(24)),
    Column("kolada_kpi", String(20)),
)

target = Table(
    "target", metadata,
    Column("indicator_id", ID, ForeignKey("indicator.id"), nullable=False),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("target", Float, nullable=False),
    Column("yellow_limit", Float),
    Column("source", String(200)),
    PrimaryKeyConstraint("indicator_id", "org_id", "year"),
    Index("ix_target_year_org", "year", "org_id"),
)

indicator_value = Table(
    "indicator_value", metadata,
    Column("indicator_id", ID, ForeignKey("indicator.id"), nullable=False),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("outcome", Float),
    Column("forecast", Float),
    Column("reported", String(10)),
    Column("source", String(200)),
    PrimaryKeyConstraint("indicator_id", "org_id", "year", "period"),
    Index("ix_value_year_period_org", "year", "period", "org_id"),
)

assessment = Table(
    "assessment", metadata,
    Column("goal_id", ID, ForeignKey("goal.id"), nullable=False),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("assessment", String(10), nullable=False),
    Column("basis", String(60)),
    Column("motivation", Text),
    Column("status", String(10)),
    PrimaryKeyConstraint("goal_id", "org_id", "year", "period"),
    Index("ix_assessment_year_period", "year", "period"),
)

activity = Table(
    "activity", metadata,
    Column("id", ID, primary_key=True),
    Column("goal_id", ID, ForeignKey("goal.id"), nullable=False, index=True),
    Column("org_id", ID, ForeignKey("organisation.id"), nullable=False),
    Column("year", Integer, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("recipient", String(120)),
    Column("start", Date),
    Column("end", Date),
    Column("status", String(40)),
)

directive = Table(
    "directive", metadata,
    Column("id", ID, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("recipient", String(120), nullable=False),
    Column("goal_id", ID, ForeignKey("goal.id"), nullable=True),
    Column("text", Text),
)

# Kolada values of comparison municipalities (peers such as Göteborg, and Riket = 0000) for
# indicators with a kolada_kpi: outside the org tree, written by `kontrollrum kolada`.
kolada_peer_value = Table(
    "kolada_peer_value", metadata,
    Column("kpi", String(20), nullable=False),
    Column("municipality_id", String(10), nullable=False),
    Column("municipality", String(120)),
    Column("year", Integer, nullable=False),
    Column("value", Float),
    Column("status", String(40)),
    # issue 23: a comparison group's member count (its value is their unweighted mean, as
    # Kolada computes it) and when the value was fetched; empty for a single municipality
    Column("n_members", Integer),
    Column("fetched_at", String(40)),
    PrimaryKeyConstraint("kpi", "municipality_id", "year"),
)

# Facts about the loaded data set: its source label and whether it is fictitious demo data.
dataset_info = Table(
    "dataset_info", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Computed lights (DOMAIN.md §3.2, §3.3, §3.8) of every (year, period) with data, written by
# `queries.write.lights` in the same transaction as every data change; columns as `ils.rules`
# returns them. `light_state` holds the rule parameters and data version they were computed with.
LIGHT = String(12)

indicator_light = Table(
    "indicator_light", metadata,
    Column("indicator_id", ID, nullable=False),
    Column("org_id", ID, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("goal_id", ID),
    Column("decided_by", String(8)),
    Column("light", LIGHT, nullable=False),
    Column("basis", String(8)),
    Column("value", Float),
    Column("target", Float),
    Column("yellow_limit", Float),
    Column("reported", String(10)),
    PrimaryKeyConstraint("year", "period", "org_id", "indicator_id"),
)

goal_light = Table(
    "goal_light", metadata,
    Column("goal_id", ID, nullable=False),
    Column("org_id", ID, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("light", LIGHT, nullable=False),
    Column("score", Float),
    *(Column(n, Integer, nullable=False)
      for n in ("n_green", "n_yellow", "n_red", "n_missing", "n_forecast")),
    Column("light_kf_only", LIGHT, nullable=False),
    Column("self_assessment", String(10)),
    Column("gap", Integer),
    Column("light_outcome_only", LIGHT, nullable=False),
    Column("rests_on_forecast", Boolean, nullable=False),
    PrimaryKeyConstraint("year", "period", "org_id", "goal_id"),
)

light_state = Table(
    "light_state", metadata,
    Column("id", Integer, primary_key=True),  # one row, id 1
    Column("tolerance", Float, nullable=False),
    Column("green_threshold", Float, nullable=False),
    Column("yellow_threshold", Float, nullable=False),
    Column("data_version", String(40), nullable=False),
    Column("periods", Integer, nullable=False),  # how many (year, period) pairs were computed
    Column("rules_version", String(40)),  # `ils.rules_version` (None: before it was kept)
)

# Locked periods (DOMAIN.md §3.9, `queries.write.locks`): a (year, period) that no import, deletion
# or edit may change, with the rule parameters in force when it was locked, and the snapshot of
# its lights taken then (columns and keys as goal_light / indicator_light), which every view
# of that period shows instead of the stored lights.
period_lock = Table(
    "period_lock", metadata,
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("locked_at", String(40), nullable=False),  # ISO 8601 with offset, Swedish time
    Column("locked_by", String(300), nullable=False),
    Column("tolerance", Float, nullable=False),
    Column("green_threshold", Float, nullable=False),
    Column("yellow_threshold", Float, nullable=False),
    PrimaryKeyConstraint("year", "period"),
)


def _snapshot_of(source: Table) -> Table:
    """A table with `source`'s columns and primary key, named `<source>_snapshot`."""
    return Table(
        f"{source.name}_snapshot", metadata,
        *(Column(c.name, c.type, nullable=c.nullable) for c in source.columns),
        PrimaryKeyConstraint(*(c.name for c in source.primary_key.columns)),
    )


indicator_light_snapshot = _snapshot_of(indicator_light)
goal_light_snapshot = _snapshot_of(goal_light)

# Assessments entered in Kontrollrum (issue 13, `queries.write.assessments_write`): the app's own
# columns on `assessment` (not in the interchange model: `APP_COLUMNS`), every change kept in
# `assessment_history`, and the controllers' notes on agenda items (`agenda_note`, with its
# history). `version` counts the changes of a row (NULL = 0: a row only ever imported) so that
# a save made on an older version is refused; `updated_by` is set only by a save in the app
# (an import leaves it empty), which is how an import knows a row holds in-app work.
WHEN, WHO = String(40), String(300)  # ISO 8601 with offset; a person's name
APP_COLUMNS = {"assessment": ("version", "updated_at", "updated_by", "published_at",
                              "published_by")}
for _col in (Column("version", Integer), Column("updated_at", WHEN), Column("updated_by", WHO),
             Column("published_at", WHEN), Column("published_by", WHO)):
    assessment.append_column(_col)

assessment_history = Table(
    "assessment_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("goal_id", ID, nullable=False),
    Column("org_id", ID, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", String(2), nullable=False),
    Column("changed_at", WHEN, nullable=False),
    Column("changed_by", WHO),  # empty: an import
    Column("action", String(30), nullable=False),  # skapad, ändrad, publicerad, … (ACTIONS)
    Column("old_values", Text),  # JSON object of the fields that changed, before …
    Column("new_values", Text),  # … and after
    Column("status", String(10)),  # the assessment's status after the change
    Column("reason", Text),  # why (a return to draft)
    Index("ix_assessment_history_key", "year", "period", "org_id", "goal_id"),
)

# An agenda item (`ils.agenda`) is (year, period, kind, goal, org, indicator); indicator_id is
# "" for an item about a goal light.
NOTE_KEY = ("year", "period", "kind", "goal_id", "org_id", "indicator_id")


def _note_key_columns() -> list[Column]:
    return [Column("year", Integer, nullable=False), Column("period", String(2), nullable=False),
            Column("kind", String(24), nullable=False), Column("goal_id", ID, nullable=False),
            Column("org_id", ID, nullable=False), Column("indicator_id", ID, nullable=False)]


agenda_note = Table(
    "agenda_note", metadata,
    *_note_key_columns(),
    Column("note", Text),
    Column("decision", Text),
    Column("state", String(16), nullable=False),  # oppen, atgardad, ingen_atgard
    Column("question", Text),  # to the board
    Column("answer", Text),  # the board's
    Column("answered_at", WHEN),
    Column("answered_by", WHO),
    Column("version", Integer, nullable=False),
    Column("updated_at", WHEN, nullable=False),
    Column("updated_by", WHO, nullable=False),
    PrimaryKeyConstraint(*NOTE_KEY),
    Index("ix_agenda_note_org", "year", "period", "org_id"),
)

agenda_note_history = Table(
    "agenda_note_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_note_key_columns(),
    Column("changed_at", WHEN, nullable=False),
    Column("changed_by", WHO, nullable=False),
    Column("action", String(30), nullable=False),
    Column("old_values", Text),
    Column("new_values", Text),
    Index("ix_agenda_note_history_key", "year", "period", "org_id"),
)

# The reporting round (§3.10, `queries.read.schedules`): deadlines per (year, period, board; org_id ""
# = every board, as a key cannot be NULL), each change kept in `schedule_history` (changed_by
# empty: an import); e-mail notices sent, one row per (event, address) (`queries.write.notices`).
_KEY = ("year", "period", "org_id")
schedules = Table("schedules", metadata, Column("year", Integer, nullable=False),
                  Column("period", String(2), nullable=False), Column("org_id", ID, nullable=False),
                  Column("deadline", Date, nullable=False), Column("updated_at", WHEN),
                  Column("updated_by", WHO), PrimaryKeyConstraint(*_KEY))
APP_COLUMNS["schedules"] = ("updated_at", "updated_by")
schedule_history = Table(
    "schedule_history", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
    *(Column(c, t, nullable=False) for c, t in zip(_KEY, (Integer, String(2), ID), strict=True)),
    Column("changed_at", WHEN, nullable=False), Column("changed_by", WHO),
    Column("action", String(20), nullable=False),  # satt, ändrad, borttagen, importerad
    Column("old_deadline", Date), Column("new_deadline", Date),
    Index("ix_schedule_history_key", *_KEY))
notices_sent = Table("notices_sent", metadata, Column("key", String(400), nullable=False),
                     Column("recipient", String(300), nullable=False),
                     Column("sent_at", WHEN, nullable=False), Column("subject", Text),
                     PrimaryKeyConstraint("key", "recipient"))

# Kolada (issue 23): every value `kontrollrum kolada` fetched, as Kolada gave it — the city's,
# the units' (`kolada_id` = V…), the peers' and the groups' — with when it was fetched and
# Kolada's status; and each change a later fetch found (a revised value, or a row Kolada
# marked deleted), kept as old → new with the date it was seen.
kolada_value = Table(
    "kolada_value", metadata,
    Column("kpi", String(20), nullable=False),
    Column("kolada_id", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Float),
    Column("status", String(40)),
    Column("fetched_at", String(40), nullable=False),
    PrimaryKeyConstraint("kpi", "kolada_id", "year"),
)

kolada_revision = Table(
    "kolada_revision", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi", String(20), nullable=False),
    Column("kolada_id", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("kind", String(20), nullable=False),  # reviderat, borttaget
    Column("old_value", Float),
    Column("new_value", Float),
    Column("old_status", String(40)),
    Column("new_status", String(40)),
    Column("old_fetched_at", String(40)),
    Column("revised_at", String(40), nullable=False),
    Index("ix_kolada_revision_key", "kpi", "kolada_id", "year"),
)

# `kontrollrum backup` carries every table (`queries.read.backup`); a table opts out with
# info["backup"] = False. Bookkeeping rows the app writes by itself (even into an empty
# database) do not make a database "not empty" for `kontrollrum restore`.
light_state.info["bookkeeping"] = True

TABLES = {t.name: t for t in metadata.sorted_tables}

# Data versions scoped to one (year, period) (`queries.versions`): a draft, note or answer
# saved for (year, period) renews that period's row and the row "*" (any period); a change of
# base data renews `dataset_info.data_version` instead. Cached views key on the global version
# and the rows of the periods they read, so a save leaves other periods' views valid.
scoped_version = Table(
    "scoped_version", metadata,
    Column("scope", String(20), primary_key=True),  # "2024-T1", or "*" (any period)
    Column("version", String(40), nullable=False),
)

# --- sign-in (issue 18): server-side sessions and the users who signed in ------------------

# One row per browser session; the cookie holds a random token, the row its SHA-256 (so a
# copy of the table signs nobody in). `data` is the session's JSON (the viewer, the claims'
# groups, sign-in states). A row is valid until `expires_at`, counted from its creation (the
# sign-in); nothing moves it. Pending rows (a sign-in under way, no subject) live an hour.
web_session = Table(
    "web_session", metadata,
    Column("id", String(64), primary_key=True),  # sha256 hex of the cookie's token
    Column("created_at", Float, nullable=False),  # epoch seconds (UTC)
    Column("expires_at", Float, nullable=False),
    Column("via", String(8)),  # oidc, demo; NULL while a sign-in is under way
    Column("subject", WHO),
    Column("name", WHO),
    Column("role", String(16)),
    Column("role_version", String(64)),  # the role file's version the role was derived with
    Column("data", Text, nullable=False),
    Index("ix_web_session_expires", "expires_at"),
)
web_session.info["backup"] = False  # a backup never carries anyone's sign-in

# Everyone who signed in (never a password): for e-mail notices and the admin's list.
users = Table(
    "users", metadata,
    Column("subject", WHO, primary_key=True),
    Column("name", WHO),
    Column("email", WHO),
    Column("roles", Text),  # the roles the role file gave at the last sign-in, comma-separated
    Column("last_sign_in", WHEN, nullable=False),
)
