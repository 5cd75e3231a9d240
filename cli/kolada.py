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

import polars as pl

from cli.common import KOLADA_URL_ENV, checked_params, count_text, say
from cli.errors import UserError
from ils import clock, kolada, kolada_peers

LAST_FETCH = "kolada_last_fetch"  # dataset_info: when the last fetch succeeded (ISO, UTC)


def add_parser(sub, add_db) -> None:
    p = sub.add_parser(
        "kolada", help="hämta stadens, enheternas och jämförelsekommunernas värden från Kolada",
        description="Hämta årsvärden från Koladas v3-API (Källa: Kolada) för varje indikator "
                    "med kolada_kpi: staden (stad-organisationens kolada_id, t.ex. 0180) och "
                    "varje enhet med ett Kolada-enhets-id (V…) får VB-utfall med källan "
                    "'Kolada'; jämförelsekommuner och Riket sparas som jämförelsevärden. Allt "
                    "eller inget: vid minsta fel skrivs ingenting.")
    p.add_argument("what", nargs="?", choices=["enheter"], metavar="enheter",
                   help="'enheter': lista kommunens enheter i Kolada och föreslå vilken som "
                        "hör till vilken enhet (en CSV att granska); med --apply FIL skrivs "
                        "de granskade kolada_id:na, allt eller inget")
    p.add_argument("--out", metavar="FIL",
                   help="med 'enheter': skriv förslagen till FIL (standard: till skärmen)")
    p.add_argument("--kommun", metavar="ID",
                   help="med 'enheter': kommunens Kolada-id (standard: stadens kolada_id)")
    p.add_argument("--apply", metavar="FIL",
                   help="med 'enheter': skriv kolada_id från den granskade CSV-filen FIL")
    p.add_argument("--years", default="2019-2022", metavar="ÅR",
                   help="åren att hämta: 2019-2022 (standard), 2022 eller 2019,2021")
    p.add_argument("--peers", default=",".join(kolada.DEFAULT_PEERS), metavar="ID",
                   help="jämförelsekommuner, Koladas id (standard 1480,1280,0000: "
                        "Göteborg, Malmö, Riket); en jämförelsegrupp som grupp:G92787; "
                        "'liknande' = stadens grupp 'Liknande kommuner' för varje "
                        "nyckeltals verksamhetsområde (gruppens värde = ovägt medel av "
                        "medlemmarnas värden, som Kolada räknar)")
    p.add_argument("--since", metavar="DATUM",
                   help="hämta bara det Kolada ändrat från DATUM (ÅÅÅÅ-MM-DD), eller 'senast' "
                        "= från förra hämtningen")
    p.add_argument("--overwrite", action="store_true",
                   help="ersätt VB-utfall från en annan källa (standard: behåll dem och räkna "
                        "dem som överhoppade)")
    p.add_argument("--base-url", metavar="URL",
                   help=f"Koladas API-adress (standard: ${KOLADA_URL_ENV}, annars "
                        f"{kolada.DEFAULT_URL})")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SEKUNDER",
                   help="hur länge varje svar väntas på (standard 30)")
    p.add_argument("--retries", type=int, default=4, metavar="ANTAL",
                   help="nya försök med en begäran som fick HTTP 429/5xx eller inget svar, med "
                        "växande pauser (standard 4)")
    add_db(p)


def fetch_groups(client, plan: kolada.Plan) -> tuple[dict, dict, dict[str, list[str]]]:
    """The comparison groups asked for: ({group: member ids}, {group: title}, {kpi: groups}).
    'liknande' looks up each KPI's operating area and the city's similar-municipality
    groups."""
    explicit = [p for p in plan.peers if kolada_peers.peer_kind(p) == "grupp"]
    kpi_groups = {k: list(explicit) for k in plan.kpis}
    if kolada.SIMILAR in plan.peers:
        if plan.city is None:
            raise kolada.KoladaDataError("--peers liknande kräver stadens kolada_id")
        areas = {}
        for ids in kolada.chunks(plan.kpis):
            path = f"kpi/{','.join(ids)}"
            say(f"Kolada: hämtar {path}")
            areas.update({str(i["id"]): i.get("operating_area")
                          for i in client.get_all(path) if isinstance(i, dict) and "id" in i})
        city = _names(client.get_all(f"municipality/{plan.city[1]}"), "municipality")
        city_name = city["municipality"][0] if city.height else plan.city[1]
        say("Kolada: hämtar municipality_groups")
        found = kolada_peers.similar_groups(areas, client.get_all("municipality_groups"), city_name)
        for kpi, gid in found.items():
            kpi_groups[kpi] = list(dict.fromkeys(kpi_groups[kpi] + [gid]))
        for kpi in sorted(set(plan.kpis) - set(found)):
            say(f"Obs: ingen grupp 'Liknande kommuner' för {city_name} hittades för {kpi}")
    wanted = sorted({g for gs in kpi_groups.values() for g in gs})
    members: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for ids in kolada.chunks(wanted):
        path = f"municipality_groups/{','.join(ids)}"
        say(f"Kolada: hämtar {path}")
        for g in client.get_all(path):
            try:
                members[str(g["id"])] = [str(m["member_id"]) for m in g["members"]]
                titles[str(g["id"])] = str(g["title"])
            except (KeyError, TypeError):
                raise kolada.KoladaDataError(f"svaret på {path} saknar id, title och "
                                             "members") from None
    missing = [g for g in wanted if g not in members]
    if missing:
        raise kolada.KoladaDataError(f"Kolada känner inte gruppen {missing[0]}")
    return members, titles, {k: [g for g in gs if g in members] for k, gs in kpi_groups.items()}


def fetch_everything(client, plan: kolada.Plan, since: str | None = None
                     ) -> dict[str, pl.DataFrame]:
    """All the plan's requests (city and peers, groups and their members, units, peer
    names); raises on any failure."""
    members, titles, kpi_groups = fetch_groups(client, plan)
    single = [p for p in plan.peers if kolada_peers.peer_kind(p) in ("kommun", "riket")]
    member_ids = sorted({m for ms in members.values() for m in ms})
    munis = list(dict.fromkeys(([plan.city[1]] if plan.city else []) + single + member_ids))
    jobs = [("municipality", path) for path in
            kolada.data_paths("municipality", plan.kpis, munis, plan.years, since)]
    jobs += [("ou", path) for path in
             kolada.data_paths("ou", plan.kpis, sorted(plan.units), plan.years, since)]
    jobs += [("names", f"municipality/{','.join(ids)}") for ids in kolada.chunks(single)]
    out = {"municipality": [], "ou": [], "names": []}
    for n, (kind, path) in enumerate(jobs, start=1):
        say(f"Kolada: hämtar {n}/{len(jobs)}: {path}")
        items = client.get_all(path)
        if kind == "names":
            out["names"].append(_names(items, path))
        else:
            out[kind].append(kolada.records(items, kind, path))
    empty = pl.DataFrame(schema=kolada.RECORD_SCHEMA)
    names = pl.concat(out["names"]) if out["names"] else pl.DataFrame(
        schema={"municipality_id": pl.String, "municipality": pl.String})
    municipal = pl.concat(out["municipality"]) if out["municipality"] else empty
    groups = kolada_peers.group_values(municipal, members, titles, kpi_groups)
    return {"municipality": municipal, "ou": pl.concat(out["ou"]) if out["ou"] else empty,
            "names": names, "groups": groups}


def _names(items: list, path: str) -> pl.DataFrame:
    try:
        rows = [(str(i["id"]), str(i["title"])) for i in items]
    except (KeyError, TypeError):
        raise kolada.KoladaDataError(f"svaret på {path} saknar id och title") from None
    return pl.DataFrame(rows, schema={"municipality_id": pl.String, "municipality": pl.String},
                        orient="row")


def peer_rows(plan: kolada.Plan, fetched: dict[str, pl.DataFrame],
              fetched_at: str | None = None) -> pl.DataFrame:
    """The comparison values to store: the single peers' records (not the deleted ones) and
    the groups' computed means."""
    munis = fetched["municipality"].filter(pl.col("id").is_in(list(plan.peers)),
                                           pl.col("kpi").is_in(plan.kpis),
                                           pl.col("year").is_in(plan.years),
                                           ~pl.col("deleted"))
    single = (munis.rename({"id": "municipality_id"})
              .join(fetched["names"].unique("municipality_id"), on="municipality_id",
                    how="left")
              .unique(["kpi", "municipality_id", "year"], keep="first")
              .select("kpi", "municipality_id", "municipality", "year", "value",
                      pl.col("status").replace("", None), pl.lit(None, pl.Int64)
                      .alias("n_members")))
    groups = fetched.get("groups")
    both = pl.concat([single, groups.filter(pl.col("year").is_in(plan.years))]
                     ) if groups is not None else single
    return both.with_columns(fetched_at=pl.lit(fetched_at, pl.String))


def raw_records(plan: kolada.Plan, fetched: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every record to keep with its fetch time (issue 23): the city's, the units', the
    single peers' as Kolada gave them, and the groups' computed means."""
    keep = ([plan.city[1]] if plan.city else []) + list(plan.peers)
    munis = fetched["municipality"].filter(pl.col("id").is_in(keep))
    units = fetched["ou"].filter(pl.col("id").is_in(list(plan.units)))
    groups = fetched["groups"].select("kpi", pl.col("municipality_id").alias("id"), "year",
                                      "value", pl.lit("", pl.String).alias("status"),
                                      pl.lit(False).alias("deleted"))
    return pl.concat([munis, units, groups]).filter(pl.col("year").is_in(plan.years))


def cmd_kolada(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from cli.errors import require_existing_database
    from cli.kolada_client import KoladaClient, KoladaError
    from queries.db import get_engine
    from queries.read.dataset import load_info
    from queries.write.kolada_store import plan_inputs, write_kolada

    if args.what == "enheter":
        from cli.kolada_units import cmd_units

        return cmd_units(args)
    if args.out or args.apply or args.kommun:
        raise UserError("--out, --apply och --kommun hör till 'kontrollrum kolada enheter'")
    try:
        years = kolada.parse_years(args.years)
        peers = kolada.parse_peers(args.peers)
        if args.since is not None and args.since.strip().lower() != "senast":
            kolada.parse_since(args.since, None)
    except kolada.KoladaDataError as exc:
        raise UserError(str(exc)) from None
    if args.timeout <= 0:
        raise UserError("--timeout ska vara ett positivt antal sekunder")
    if not 0 <= args.retries <= 10:
        raise UserError("--retries ska vara ett heltal från 0 till 10")
    params = checked_params()
    require_existing_database()
    base = args.base_url or os.environ.get(KOLADA_URL_ENV) or kolada.DEFAULT_URL
    engine = get_engine()
    try:
        since = kolada.parse_since(args.since, load_info(engine).get(LAST_FETCH))
    except kolada.KoladaDataError as exc:
        raise UserError(str(exc)) from None
    plan = kolada.make_plan(*plan_inputs(engine), peers, years)
    for notice in plan.notices:
        say(f"Obs: {notice}")
    if not plan.kpis:
        say("Kolada: ingen indikator har kolada_kpi: inget att hämta, inget skrevs.")
        return 0
    try:
        client = KoladaClient(base, timeout=args.timeout, retries=args.retries, progress=say)
        now = clock.now()
        fetched = fetch_everything(client, plan, since)
        rows = kolada.value_rows(plan, fetched["municipality"], fetched["ou"])
        peers_df = peer_rows(plan, fetched, now)
        written, skipped, peer_written, changes = write_kolada(
            engine, plan, rows, peers_df, args.overwrite, params,
            raw=raw_records(plan, fetched), fetched_at=now, remember={LAST_FETCH: now})
    except (KoladaError, kolada.KoladaDataError) as exc:
        say(f"kontrollrum kolada: {exc}. Inget skrevs.")
        return 1
    except SQLAlchemyError as exc:  # a database refusal: rolled back, one line
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        say(f"kontrollrum kolada: databasen avvisade skrivningen ({first}). Inget skrevs.")
        return 1
    city_units = rows.height
    missing = 0 if since else kolada.missing_count(plan, fetched["municipality"])
    missing += fetched["ou"].filter(pl.col("value").is_null()).height
    missing += peers_df.filter(pl.col("value").is_null()).height
    print(f"Kolada: hämtade {count_text(city_units)} värden för staden och enheterna och "
          f"{count_text(peers_df['value'].drop_nulls().len())} jämförelsevärden; skrev "
          f"{count_text(written)} indikatorvärden och {count_text(peer_written)} jämförelsevärden; "
          f"hoppade över {count_text(skipped)}"
          + (" (utfall från annan källa finns: ange --overwrite för att ersätta dem)"
             if skipped else "")
          + f"; saknas i Kolada: {count_text(missing)}. Källa: Kolada.")
    print(change_summary(changes, since))
    for line in change_lines(changes):
        print(line)
    return 0


def change_summary(changes: pl.DataFrame, since: str | None) -> str:
    """'Jämfört med förra hämtningen: 3 nya, 1 reviderat, 40 oförändrade, 1 borttaget'."""
    n = {k: changes.filter(pl.col("change") == k).height
         for k in ("ny", "reviderad", "oforandrad", "borttagen")}
    head = f"Ändringar sedan {since}" if since else "Jämfört med förra hämtningen"
    return (f"{head}: {count_text(n['ny'])} {'nytt' if n['ny'] == 1 else 'nya'}, "
            f"{count_text(n['reviderad'])} {'reviderat' if n['reviderad'] == 1 else 'reviderade'}, "
            f"{count_text(n['oforandrad'])} oförändrade, {count_text(n['borttagen'])} "
            f"{'borttaget' if n['borttagen'] == 1 else 'borttagna'} av Kolada.")


def change_lines(changes: pl.DataFrame) -> list[str]:
    """One line per revised or deleted value: '  reviderat: U21468 0180 2022: 84,0 → 83,5'."""
    from ils.provenance import revision_text

    out = []
    for r in changes.filter(pl.col("change").is_in(["reviderad", "borttagen"])).sort(
            "kpi", "id", "year").iter_rows(named=True):
        kind = "borttaget" if r["change"] == "borttagen" else "reviderat"
        text = revision_text(r["old_value"], r["value"], "", kind).replace(" av Kolada ", "")
        out.append(f"  {r['kpi']} {r['id']} {r['year']}: {text}"
                   + (" (värdet finns kvar i Kontrollrum; Kolada har tagit bort raden)"
                      if kind == "borttaget" else ""))
    return out

