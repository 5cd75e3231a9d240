"""The goal-light computation of DOMAIN.md §3.1–3.3 written as one DuckDB SQL query.

Only for the benchmark: the reference for how fast the polars rules could be. It must give
the same lights as `ils.rules.goal_lights` (bench.py checks that on every run).
"""

from __future__ import annotations

import duckdb
import polars as pl

from ils.model import Dataset
from ils.rules_periods import RuleParams

GOAL_LIGHTS_SQL = """
WITH RECURSIVE up(org_id, cur, level) AS (
    SELECT id, id, level FROM organisation
    UNION ALL
    SELECT up.org_id, o.parent_id, p.level
    FROM up JOIN organisation o ON o.id = up.cur JOIN organisation p ON p.id = o.parent_id
    WHERE up.level <> 'stad'
),
roots AS (SELECT org_id, cur AS stad_id FROM up WHERE level = 'stad'),
gif AS (SELECT * FROM goals WHERE year_from <= $year AND year_to >= $year),
vom(goal_id, vom_id) AS (
    SELECT id, id FROM gif WHERE level = 'verksamhetsomradesmal'
    UNION ALL
    SELECT g.id, vom.vom_id FROM vom JOIN gif g ON g.parent_id = vom.goal_id
),
ind AS (SELECT i.* FROM indicators i JOIN gif g ON g.id = i.goal_id),
grp AS (
    SELECT 'alla' AS grp, id AS org_id FROM organisation WHERE level = 'namnd'
    UNION ALL
    SELECT CASE kind WHEN 'stadsdelsnamnd' THEN 'stadsdelsnamnder'
                     WHEN 'facknamnd' THEN 'facknamnder' ELSE 'bolag' END, id
    FROM organisation WHERE level = 'namnd' AND kind IN ('stadsdelsnamnd', 'facknamnd', 'bolag')
),
pairs AS (
    SELECT DISTINCT x.indicator_id, x.org_id FROM (
        SELECT indicator_id, org_id FROM targets WHERE year = $year
        UNION ALL SELECT indicator_id, org_id FROM vals WHERE year = $year
        UNION ALL SELECT i.id, g.org_id FROM ind i JOIN grp g ON g.grp = i.applies_to
                  WHERE i.decided_by = 'kf'
    ) x SEMI JOIN ind ON ind.id = x.indicator_id
),
base AS (
    SELECT p.org_id, i.goal_id, i.direction, i.decided_by, v.outcome, v.forecast,
           CASE WHEN t.target IS NULL AND i.decided_by = 'kf' THEN k.target ELSE t.target END
               AS target,
           CASE WHEN t.target IS NULL AND i.decided_by = 'kf' THEN k.yellow_limit
                ELSE t.yellow_limit END AS given_yellow
    FROM pairs p
    JOIN ind i ON i.id = p.indicator_id
    LEFT JOIN roots r ON r.org_id = p.org_id
    LEFT JOIN targets t ON t.indicator_id = p.indicator_id AND t.org_id = p.org_id
                        AND t.year = $year
    LEFT JOIN targets k ON k.indicator_id = p.indicator_id AND k.org_id = r.stad_id
                        AND k.year = $year
    LEFT JOIN vals v ON v.indicator_id = p.indicator_id AND v.org_id = p.org_id
                     AND v.year = $year AND v.period = $period
),
limited AS (
    SELECT *, CASE WHEN direction = 'hogre' THEN target - $tol * abs(target)
                   ELSE target + $tol * abs(target) END AS raw_yl
    FROM base
),
valued AS (
    -- the computed limit to 14 significant digits, as the rules do (binary noise dropped)
    SELECT *,
        COALESCE(given_yellow, CASE WHEN raw_yl = 0 THEN raw_yl ELSE
                 round(raw_yl, CAST(13 - floor(log10(abs(raw_yl))) AS INTEGER)) END) AS yl,
        CASE WHEN outcome IS NOT NULL THEN outcome WHEN $forecast THEN forecast END AS value,
        outcome IS NULL AND $forecast AND forecast IS NOT NULL AS on_forecast
    FROM limited
),
lit AS (
    SELECT *, CASE
        WHEN target IS NULL THEN 'ej_malsatt'
        WHEN value IS NULL THEN 'saknas'
        WHEN (direction = 'hogre' AND value >= target) OR (direction <> 'hogre' AND value <= target)
            THEN 'gron'
        WHEN (direction = 'hogre' AND value >= yl) OR (direction <> 'hogre' AND value <= yl)
            THEN 'gul'
        ELSE 'rod' END AS light
    FROM valued
),
scored AS (
    SELECT vom.vom_id, lit.org_id, lit.light, lit.on_forecast, lit.decided_by,
           CASE lit.light WHEN 'gron' THEN 1.0 WHEN 'gul' THEN 0.5 WHEN 'rod' THEN 0.0 END AS s
    FROM lit JOIN vom ON vom.goal_id = lit.goal_id
),
agg AS (
    SELECT vom_id, org_id, avg(s) AS score,
           avg(CASE WHEN decided_by = 'kf' THEN s END) AS score_kf,
           count(*) FILTER (WHERE light = 'gron') AS n_green,
           count(*) FILTER (WHERE light = 'gul') AS n_yellow,
           count(*) FILTER (WHERE light = 'rod') AS n_red,
           count(*) FILTER (WHERE light = 'saknas') AS n_missing,
           count(*) FILTER (WHERE on_forecast AND s IS NOT NULL) AS n_forecast
    FROM scored GROUP BY vom_id, org_id
),
assessed AS (
    SELECT a.goal_id AS vom_id, a.org_id, a.assessment
    FROM assessments a JOIN gif g ON g.id = a.goal_id AND g.level = 'verksamhetsomradesmal'
    WHERE a.year = $year AND a.period = $period
)
SELECT COALESCE(agg.vom_id, assessed.vom_id) AS goal_id,
       COALESCE(agg.org_id, assessed.org_id) AS org_id,
       CASE WHEN score IS NULL THEN 'saknas' WHEN score >= $green THEN 'gron'
            WHEN score >= $yellow THEN 'gul' ELSE 'rod' END AS light,
       score,
       COALESCE(n_green, 0) AS n_green, COALESCE(n_yellow, 0) AS n_yellow,
       COALESCE(n_red, 0) AS n_red, COALESCE(n_missing, 0) AS n_missing,
       COALESCE(n_forecast, 0) AS n_forecast,
       CASE WHEN score_kf IS NULL THEN 'saknas' WHEN score_kf >= $green THEN 'gron'
            WHEN score_kf >= $yellow THEN 'gul' ELSE 'rod' END AS light_kf_only,
       assessed.assessment AS self_assessment
FROM agg FULL JOIN assessed ON agg.vom_id = assessed.vom_id AND agg.org_id = assessed.org_id
ORDER BY goal_id, org_id
"""


def connect(ds: Dataset) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the data set's frames registered as tables."""
    con = duckdb.connect()
    for name, df in ds.frames().items():
        con.register("vals" if name == "values" else name, df.to_arrow())
    return con


def goal_lights_sql(con: duckdb.DuckDBPyConnection, year: int, period: str,
                    params: RuleParams) -> pl.DataFrame:
    args = {"year": year, "period": period, "tol": params.tolerance,
            "forecast": period in ("T1", "T2"), "green": params.green_threshold,
            "yellow": params.yellow_threshold}
    return pl.from_arrow(con.execute(GOAL_LIGHTS_SQL, args).to_arrow_table())
