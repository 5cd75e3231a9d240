"""`kontrollrum kolada`: fetch real values from Kolada's v3 API into the database.

For every indicator with a `kolada_kpi`: the city's yearly values (municipality = the stad
org's `kolada_id`) and each enhet's (a `kolada_id` starting with V) become VB outcomes with
source "Kolada"; the peers' values (default Göteborg, Malmö, Riket) go to their own table.
Everything is fetched and checked first, then written in one transaction: on any failure
nothing is written and one Swedish line says what failed.
"""

from __future__ import annotations

import argparse
import os
import sys

import polars as pl

from ils import kolada

ENV_URL = "KONTROLLRUM_KOLADA_URL"


def add_parser(sub, add_db) -> None:
    p = sub.add_parser(
        "kolada", help="hämta stadens, enheternas och jämförelsekommunernas värden från Kolada",
        description="Hämta årsvärden från Koladas v3-API (Källa: Kolada) för varje indikator "
                    "med kolada_kpi: staden (stad-organisationens kolada_id, t.ex. 0180) och "
                    "varje enhet med ett Kolada-enhets-id (V…) får VB-utfall med källan "
                    "'Kolada'; jämförelsekommuner och Riket sparas som jämförelsevärden. Allt "
                    "eller inget: vid minsta fel skrivs ingenting.")
    p.add_argument("--years", default="2019-2022", metavar="ÅR",
                   help="åren att hämta: 2019-2022 (standard), 2022 eller 2019,2021")
    p.add_argument("--peers", default=",".join(kolada.DEFAULT_PEERS), metavar="ID",
                   help="jämförelsekommuner, Koladas id (standard 1480,1280,0000: "
                        "Göteborg, Malmö, Riket)")
    p.add_argument("--overwrite", action="store_true",
                   help="ersätt VB-utfall från en annan källa (standard: behåll dem och räkna "
                        "dem som överhoppade)")
    p.add_argument("--base-url", metavar="URL",
                   help=f"Koladas API-adress (standard: ${ENV_URL}, annars {kolada.DEFAULT_URL})")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SEKUNDER",
                   help="hur länge varje svar väntas på (standard 30)")
    p.add_argument("--retries", type=int, default=4, metavar="ANTAL",
                   help="nya försök med en begäran som fick HTTP 429/5xx eller inget svar, med "
                        "växande pauser (standard 4)")
    add_db(p)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _sv(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def fetch_everything(client, plan: kolada.Plan) -> dict[str, pl.DataFrame]:
    """All the plan's requests (city and peers, units, peer names); raises on any failure."""
    munis = ([plan.city[1]] if plan.city else []) + [p for p in plan.peers
                                                     if not plan.city or p != plan.city[1]]
    jobs = [("municipality", path) for path in
            kolada.data_paths("municipality", plan.kpis, munis, plan.years)]
    jobs += [("ou", path) for path in
             kolada.data_paths("ou", plan.kpis, sorted(plan.units), plan.years)]
    jobs += [("names", f"municipality/{','.join(ids)}") for ids in kolada.chunks(plan.peers)]
    out = {"municipality": [], "ou": [], "names": []}
    for n, (kind, path) in enumerate(jobs, start=1):
        _say(f"Kolada: hämtar {n}/{len(jobs)}: {path}")
        items = client.get_all(path)
        if kind == "names":
            out["names"].append(_names(items, path))
        else:
            out[kind].append(kolada.records(items, kind, path))
    empty = pl.DataFrame(schema=kolada.RECORD_SCHEMA)
    names = pl.concat(out["names"]) if out["names"] else pl.DataFrame(
        schema={"municipality_id": pl.String, "municipality": pl.String})
    return {"municipality": pl.concat(out["municipality"]) if out["municipality"] else empty,
            "ou": pl.concat(out["ou"]) if out["ou"] else empty, "names": names}


def _names(items: list, path: str) -> pl.DataFrame:
    try:
        rows = [(str(i["id"]), str(i["title"])) for i in items]
    except (KeyError, TypeError):
        raise kolada.KoladaDataError(f"svaret på {path} saknar id och title") from None
    return pl.DataFrame(rows, schema={"municipality_id": pl.String, "municipality": pl.String},
                        orient="row")


def peer_rows(plan: kolada.Plan, fetched: dict[str, pl.DataFrame]) -> pl.DataFrame:
    munis = fetched["municipality"].filter(pl.col("id").is_in(list(plan.peers)),
                                           pl.col("kpi").is_in(plan.kpis),
                                           pl.col("year").is_in(plan.years))
    return (munis.rename({"id": "municipality_id"})
            .join(fetched["names"].unique("municipality_id"), on="municipality_id", how="left")
            .unique(["kpi", "municipality_id", "year"], keep="first")
            .select("kpi", "municipality_id", "municipality", "year", "value",
                    pl.col("status").replace("", None)))


def cmd_kolada(args: argparse.Namespace) -> int:
    from cli.commands import UserError, _params
    from cli.errors import require_existing_database
    from cli.kolada_client import KoladaClient, KoladaError
    from queries.db import get_engine
    from queries.kolada_store import plan_inputs, write_kolada
    from sqlalchemy.exc import SQLAlchemyError

    try:
        years = kolada.parse_years(args.years)
        peers = kolada.parse_peers(args.peers)
    except kolada.KoladaDataError as exc:
        raise UserError(str(exc)) from None
    if args.timeout <= 0:
        raise UserError("--timeout ska vara ett positivt antal sekunder")
    if not 0 <= args.retries <= 10:
        raise UserError("--retries ska vara ett heltal från 0 till 10")
    params = _params()
    require_existing_database()
    base = args.base_url or os.environ.get(ENV_URL) or kolada.DEFAULT_URL
    engine = get_engine()
    plan = kolada.make_plan(*plan_inputs(engine), peers, years)
    for notice in plan.notices:
        _say(f"Obs: {notice}")
    if not plan.kpis:
        _say("Kolada: ingen indikator har kolada_kpi: inget att hämta, inget skrevs.")
        return 0
    try:
        client = KoladaClient(base, timeout=args.timeout, retries=args.retries, progress=_say)
        fetched = fetch_everything(client, plan)
        rows = kolada.value_rows(plan, fetched["municipality"], fetched["ou"])
        peers_df = peer_rows(plan, fetched)
        written, skipped, peer_written = write_kolada(engine, plan, rows, peers_df,
                                                      args.overwrite, params)
    except (KoladaError, kolada.KoladaDataError) as exc:
        _say(f"kontrollrum kolada: {exc}. Inget skrevs.")
        return 1
    except SQLAlchemyError as exc:  # a database refusal: rolled back, one line
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        _say(f"kontrollrum kolada: databasen avvisade skrivningen ({first}). Inget skrevs.")
        return 1
    city_units = rows.height
    missing = kolada.missing_count(plan, fetched["municipality"])
    missing += fetched["ou"].filter(pl.col("value").is_null()).height
    missing += peers_df.filter(pl.col("value").is_null()).height
    print(f"Kolada: hämtade {_sv(city_units)} värden för staden och enheterna och "
          f"{_sv(peers_df['value'].drop_nulls().len())} jämförelsevärden; skrev "
          f"{_sv(written)} indikatorvärden och {_sv(peer_written)} jämförelsevärden; "
          f"hoppade över {_sv(skipped)}"
          + (" (utfall från annan källa finns: ange --overwrite för att ersätta dem)"
             if skipped else "")
          + f"; saknas i Kolada: {_sv(missing)}. Källa: Kolada.")
    return 0
