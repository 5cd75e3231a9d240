"""What /prognoser computes for one year (shared by the page and its downloads), and its
per-board tables as exported tables: T2 greens against VB, and the T2 self-assessments
against VB (the all-boards row first, as on the page)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import data
from components.export import ExportTable, register_table
from ils import forecasts as fc
from ils.rules import goals_in_force
from queries import comparison_views as cv
from queries.db import get_engine

ALL = "Alla nämnder"


@dataclass(frozen=True)
class YearData:
    got: cv.ForecastData
    names: dict
    pairs: pl.DataFrame  # indicator lights T2 → VB
    summary: pl.DataFrame  # per board with T2 greens, most failed first
    totals: pl.DataFrame
    voms: pl.DataFrame
    apairs: pl.DataFrame  # self-assessments T2 → VB
    asum: pl.DataFrame  # per board, by name
    atot: pl.DataFrame


def year_data(year: int) -> YearData:
    got = cv.forecasts(get_engine(), cv.scope(get_engine()), data.params(), (year,))
    sc = got.scope
    names = dict(sc.boards.select("id", "name").iter_rows())
    pairs = fc.indicator_pairs(got.t2, got.vb)
    summary = fc.board_summary(pairs).filter(pl.col("n_green_t2") > 0)
    summary = summary.with_columns(name=pl.col("org_id").replace_strict(names, default=None))
    summary = summary.sort(pl.col("share_failed"), pl.col("n_failed"), "name",
                           descending=[True, True, False], nulls_last=True)
    voms = goals_in_force(sc.ref.goals, year).filter(
        pl.col("level") == "verksamhetsomradesmal")
    apairs = fc.assessment_pairs(got.assessments, sc.board_ids, voms["id"].to_list())
    asum = fc.assessment_summary(apairs).with_columns(
        name=pl.col("org_id").replace_strict(names, default=None)).sort("name")
    return YearData(got, names, pairs, summary, fc.totals(pairs), voms, apairs, asum,
                    fc.assessment_totals(apairs))


def board_rows(yd: YearData) -> list[dict]:
    """The rows of the boards' table: all boards first, then per board."""
    first = [dict(yd.totals.row(0, named=True), org_id=None)] if len(yd.totals) else []
    return first + yd.summary.to_dicts()


def assessment_rows(yd: YearData) -> list[dict]:
    first = [dict(yd.atot.row(0, named=True), org_id=None)] if len(yd.atot) else []
    return first + yd.asum.to_dicts()


def _ratio(num, den):
    return num / den if den else None


def board_frame(rows: list[dict], names: dict) -> pl.DataFrame:
    out = [{
        "Nämnd": names.get(r["org_id"], r["org_id"]) if r["org_id"] else ALL,
        "Gröna i T2": r["n_green_t2"], "Fortsatt gröna": r["n_held"],
        "Blev gula": r["n_to_gul"], "Blev röda": r["n_to_rod"],
        "Utfall saknas i VB": r["n_to_saknas"], "Blev gula eller röda": r["n_failed"],
        "Andel som inte höll": _ratio(r["n_failed"], r["n_green_t2"]),
        "Gröna på prognos": r["n_green_forecast"],
        "Gröna på prognos som blev gula eller röda": r["n_failed_forecast"],
        "Andel på prognos som inte höll": _ratio(r["n_failed_forecast"],
                                                 r["n_green_forecast"]),
        "Gröna på utfall": r["n_green_outcome"],
        "Gröna på utfall som blev gula eller röda": r["n_failed_outcome"],
        "Andel på utfall som inte höll": _ratio(r["n_failed_outcome"], r["n_green_outcome"]),
    } for r in rows]
    shares = ("Andel som inte höll", "Andel på prognos som inte höll",
              "Andel på utfall som inte höll")
    cols = list(out[0]) if out else ["Nämnd"]
    schema = {c: pl.String if c == "Nämnd" else pl.Float64 if c in shares else pl.Int64
              for c in cols}
    return pl.DataFrame(out, schema=schema)


def assessment_frame(rows: list[dict], names: dict) -> pl.DataFrame:
    out = [{
        "Nämnd": names.get(r["org_id"], r["org_id"]) if r["org_id"] else ALL,
        "Mål bedömda i T2 och VB": r["n_assessed"], "Uppfyllt i T2": r["n_uppfyllt_t2"],
        "Blev delvis i VB": r["n_to_delvis"], "Blev ej uppfyllt i VB": r["n_to_ej"],
        "Höll inte": r["n_failed"],
        "Andel som inte höll": _ratio(r["n_failed"], r["n_uppfyllt_t2"]),
    } for r in rows]
    cols = ("Nämnd", "Mål bedömda i T2 och VB", "Uppfyllt i T2", "Blev delvis i VB",
            "Blev ej uppfyllt i VB", "Höll inte", "Andel som inte höll")
    schema = {c: pl.String if c == "Nämnd" else pl.Float64 if c.startswith("Andel")
              else pl.Int64 for c in cols}
    return pl.DataFrame(out, schema=schema)


def _year(args: dict) -> int | None:
    from pages.forecasts import year_context  # the page's rule for which year is shown

    ctx, years = year_context(args.get("ar"))
    if ctx is None or not years:
        return None
    args.update(ar=ctx.year, period=None)
    return ctx.year


def boards_table(args: dict) -> ExportTable | None:
    year = _year(args)
    if year is None:
        return None
    yd = year_data(year)
    frame = board_frame(board_rows(yd), yd.names)
    return ExportTable(f"Gröna i T2 som inte höll i VB {year}", frame, {},
                       {c: "percent" for c in frame.columns if c.startswith("Andel")})


def assessments_table(args: dict) -> ExportTable | None:
    year = _year(args)
    if year is None:
        return None
    yd = year_data(year)
    frame = assessment_frame(assessment_rows(yd), yd.names)
    return ExportTable(f"Självskattning T2 mot VB {year}", frame, {},
                       {"Andel som inte höll": "percent"})


register_table("forecasts", "boards", boards_table)
register_table("forecasts", "assessments", assessments_table)


@dataclass(frozen=True)
class YearsData:
    names: dict
    summary: pl.DataFrame  # indicator lights per board and year, by name
    totals: pl.DataFrame  # per year
    asum: pl.DataFrame  # self-assessments per board and year, by name
    atot: pl.DataFrame


def years_data(years: list[int]) -> YearsData:
    """The years side by side: T2 greens and T2 self-assessments against VB, per year."""
    got = cv.forecasts(get_engine(), cv.scope(get_engine()), data.params(), tuple(years))
    names = dict(got.scope.boards.select("id", "name").iter_rows())
    named = pl.col("org_id").replace_strict(names, default=None)
    pairs = fc.indicator_pairs(got.t2, got.vb)
    summary = fc.board_summary(pairs).with_columns(name=named).sort("name", "year")
    voms = got.scope.ref.goals.filter(pl.col("level") == "verksamhetsomradesmal")["id"]
    apairs = fc.assessment_pairs(got.assessments, got.scope.board_ids, voms.to_list())
    asum = fc.assessment_summary(apairs).with_columns(name=named).sort("name", "year")
    return YearsData(names, summary, fc.totals(pairs), asum, fc.assessment_totals(apairs))


def years_frame(summary: pl.DataFrame, totals: pl.DataFrame, names: dict, num: str,
                den: str, words: tuple[str, str]) -> pl.DataFrame:
    """One row per board and year (all boards first, as on the page): base, failed, share."""
    rows = [dict(r, org_id=None) for r in totals.iter_rows(named=True)]
    rows += summary.to_dicts()
    out = [{"Nämnd": names.get(r["org_id"], r["org_id"]) if r["org_id"] else ALL,
            "År": r["year"], words[0]: r[den], words[1]: r[num],
            "Andel som inte höll": _ratio(r[num], r[den])} for r in rows]
    schema = {"Nämnd": pl.String, "År": pl.Int64, words[0]: pl.Int64, words[1]: pl.Int64,
              "Andel som inte höll": pl.Float64}
    return pl.DataFrame(out, schema=schema)


def _all_years(args: dict) -> list[int] | None:
    from pages.forecasts import year_context

    ctx, years = year_context(None)
    if ctx is None or not years:
        return None
    args.update(ar=None, period=None)
    return sorted(years)


def years_table(args: dict) -> ExportTable | None:
    years = _all_years(args)
    if years is None:
        return None
    yrs = years_data(years)
    frame = years_frame(yrs.summary, yrs.totals, yrs.names, "n_failed", "n_green_t2",
                        ("Gröna i T2", "Blev gula eller röda"))
    return ExportTable("Gröna indikatorljus i T2 som blev gula eller röda i VB, per år", frame,
                       {"År": f"{years[0]}–{years[-1]}"}, {"Andel som inte höll": "percent"})


def years_assessments_table(args: dict) -> ExportTable | None:
    years = _all_years(args)
    if years is None:
        return None
    yrs = years_data(years)
    frame = years_frame(yrs.asum, yrs.atot, yrs.names, "n_failed", "n_uppfyllt_t2",
                        ("Uppfyllt i T2", "Höll inte"))
    return ExportTable("Mål självskattade som uppfyllda i T2 som bedömdes lägre i VB, per år",
                       frame, {"År": f"{years[0]}–{years[-1]}"},
                       {"Andel som inte höll": "percent"})


register_table("forecasts", "years", years_table)
register_table("forecasts", "years_assessments", years_assessments_table)
