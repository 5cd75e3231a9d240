"""How much an import may read and what it accepts as plausible: bounds that keep a hostile
or careless bundle from running away (time, memory, output) and keep nonsense years out."""

from __future__ import annotations

from dataclasses import dataclass

# Ids appear in URL paths and file names: ASCII letters, digits, '.', '_' and '-', starting
# with a letter or digit (so never '.' or '..').
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
MIB = 2**20


@dataclass(frozen=True)
class Limits:
    min_year: int = 2000  # KONTROLLRUM_MIN_YEAR
    max_year: int = 2100  # KONTROLLRUM_MAX_YEAR
    max_bytes: int = 200 * 2**20  # unpacked size of all files read (CSV or the workbook's XML)
    max_members: int = 2000  # entries in a zip (or in an xlsx, which is a zip too)
    max_rows: int = 2_000_000  # data rows of one file
    max_cell: int = 100_000  # characters in one cell
    max_notices: int = 20  # "ignoreras" lines shown; the rest are counted

    def __post_init__(self) -> None:
        if self.min_year > self.max_year:
            raise ValueError(f"första rimliga året ({self.min_year}) ligger efter det sista "
                             f"({self.max_year})")

    @property
    def years(self) -> str:
        return f"{self.min_year}–{self.max_year}"


DEFAULT_LIMITS = Limits()
