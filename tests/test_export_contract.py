"""The README's export contract is what the CLI writes, column for column (issue 21, DOMAIN
§4): the columns listed for each export in the README's **Export** paragraph are parsed and
compared with the header row `kontrollrum export` writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARGS = {"goals": ("--year", "2022", "--period", "T2"),
        "indicators": ("--year", "2022", "--period", "T2"),
        "signals": ("--year", "2022")}


def readme_contract() -> dict[str, list[str]]:
    """{export: [columns]} from the bullets of the README's **Export** paragraph: a bullet
    `- \\`name\\` – … : \\`a, b, c\\`` (the column list may span lines and be split in several
    backticked runs; everything up to the first `;` after the colon)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**Export**")
    block = text[start:text.index("\n\n", text.index("\n- ", start))]
    out: dict[str, list[str]] = {}
    for bullet in re.split(r"\n- ", block)[1:]:
        bullet = " ".join(bullet.split())
        name = re.match(r"`(\w+)`", bullet).group(1)
        after = bullet.split(":", 1)[1]
        cols = []
        for run_ in re.findall(r"`([^`]+)`", after.split(";")[0]):
            cols += [c.strip() for c in run_.split(",") if c.strip()]
        out[name] = cols
    return out


def test_readme_parser_reads_every_export():
    contract = readme_contract()
    assert set(ARGS) <= set(contract)
    assert contract["signals"][0] == "recipient"


@pytest.mark.parametrize("what", sorted(ARGS))
def test_readme_contract_matches_the_cli(run, loaded, tmp_path, what):  # noqa: F811
    target = tmp_path / f"{what}.csv"
    code, _, err = run("export", what, *ARGS[what], "--out", str(target), "--db", loaded)
    assert code == 0, err
    header = target.read_text(encoding="utf-8").splitlines()[0].lstrip("\ufeff").split(",")
    assert header == readme_contract()[what]
