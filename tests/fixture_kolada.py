"""A city with Kolada ids and KPIs (test_kolada_fetch, test_kolada_depth): 30 units in two
`ou` chunks, five KPIs, targets for 2019–2022 and one value from ILS."""

from __future__ import annotations

from pathlib import Path

from tests.builders import CITY, goal, ind, make_ds, org, tgt, val

YEARS = (2019, 2020, 2021, 2022)


KPIS = {"I1": "U21468", "I2": "U23471", "I3": "N00945", "I4": "U23401", "I6": "U21468"}


UNITS = {f"E{n}": f"V21E0180001{n:02d}" for n in range(1, 31)}  # 30 units: two ou chunks


def kolada_city():
    orgs = [{**o, "kolada_id": "0180" if o["id"] == "S" else UNITS.get(o["id"])} for o in CITY]
    orgs += [{**org(u, "enhet", parent="A1"), "kolada_id": k} for u, k in UNITS.items()
             if u != "E1"]
    inds = [{**ind(i, direction="lagre" if i == "I4" else "hogre"), "kolada_kpi": k}
            for i, k in KPIS.items()] + [ind("I5")]
    targets = [tgt(i, "S", 80.0, year=y) for i in (*KPIS, "I5") for y in YEARS]
    ils = {**val("I1", "S", 70.0, forecast=75.0, year=2020, reported="delvis"), "source": "ILS"}
    return make_ds(orgs=orgs, goals=[goal("IM1", "inriktningsmal", parent=None), goal("V1")],
                   indicators=inds, targets=targets, values=[ils])


SHARED_KOLADA = (Path(__file__).resolve().parents[2] / "shared" / "data" / "kolada"
                 / "ddf_kolada_0180_and_riket_all_kpis_1994-2022.csv")
