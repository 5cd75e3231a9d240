"""One name per view: its package's own (`pages/namnd` → "namnd", `pages/start` → "start").

A view's registrations all go through its `View` (`VIEW = view.of(__name__)`, in the package's
`__init__.py` and `tables.py`): the tables it declares (`VIEW.table`: the table's Excel, CSV and
JSON at `/data/<name>/<table>.…`, `web.data_urls`), the builder of its folded sections
(`VIEW.fold`) and the download links beside its tables (`VIEW.downloads`). So the address of a
view's data, its download links, its folds and its package carry the same name, and a newcomer
finds the code of `/data/namnd/mal.csv` in `pages/namnd/`.

Element ids (`board-content`, `comparison-matrix`) are not registrations: they keep their
English prefixes, which the browser tests and the assets select by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from components.export import ExportTable, download_buttons
from pagekit import folds
from pagekit.downloads import register_table

PACKAGE = "pages"


@dataclass(frozen=True)
class View:
    name: str  # the package's own name

    def table(self, table: str, build: Callable[[dict], ExportTable | None]) -> None:
        """`build(args)` makes the table `table` from the page's URL arguments (at import)."""
        register_table(self.name, table, build)

    def fold(self, build: Callable[[dict], object]) -> None:
        """`build(key)` makes the body of one of the view's folds when it is opened."""
        folds.register(self.name, build)

    def downloads(self, table: str, args: dict, what: str, csv: bool = False):
        """'Ladda ner Excel' (and CSV) for one of the view's tables."""
        return download_buttons(self.name, table, args, what, csv=csv)


def of(module: str) -> View:
    """The view of a module inside a page package (`__name__` of `pages/namnd/tables.py`)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE or not parts[1]:
        raise ValueError(f"{module} is not inside a page package (pages/<view>/)")
    return View(parts[1])
