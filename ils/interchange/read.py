"""Reading a bundle (folder, .zip or .xlsx) into raw per-file frames of text cells.

Every cell comes back as a stripped string (empty = null), plus the column `LINE`: the
line a user sees in a text editor (header = line 1) or the row number in the sheet. The
values are typed and checked later (`validate`), so that a bad cell becomes an error message
and not an exception. Only the format's own files are read at all, within `Limits`
(unpacked size, number of zip entries, rows), in time linear in the input.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ils.interchange.csvread import RawBundle, read_csv_bytes
from ils.interchange.errors import BundleError, thousands
from ils.interchange.limits import DEFAULT_LIMITS, MIB, Limits
from ils.model import FILES

__all__ = ["read_bundle"]




def read_bundle(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> RawBundle:
    """Read a folder, .zip or .xlsx bundle. Unknown files are skipped with a notice."""
    path = Path(path)
    bundle = RawBundle(limits=limits)
    try:
        if path.is_dir():
            _read_folder(bundle, path)
        elif path.suffix.lower() == ".zip":
            _read_zip(bundle, path)
        elif path.suffix.lower() == ".xlsx":
            from ils.interchange.xlsxread import read_xlsx

            errors_before = len(bundle.errors)
            read_xlsx(bundle, path)
            from ils.interchange.xlsx_numbers import numeric_id_notices

            if len(bundle.errors) == errors_before:  # only a workbook within the limits
                bundle.notices.extend(numeric_id_notices(path))  # ids Excel stored as numbers
        else:
            bundle.errors.append(BundleError(
                path.name, None, None, "okänt format: ange en mapp, en .zip- eller en .xlsx-fil"))
    except OSError as exc:
        bundle.errors.append(BundleError(path.name or str(path), None, None, os_message(exc)))
    if not bundle.errors and not any(f.frame.height for f in bundle.files.values()):
        names = ", ".join(f"{n}.csv" for n in FILES)
        bundle.errors.append(BundleError(path.name or str(path), None, None, (
            f"paketet innehåller inga rader i formatet (väntade filer som {names})")))
    return bundle.finish()


def os_message(exc: OSError) -> str:
    """An operating-system error in Swedish."""
    if isinstance(exc, FileNotFoundError):
        return "filen eller mappen finns inte"
    if isinstance(exc, PermissionError):
        return "behörighet saknas för att läsa filen eller mappen"
    if isinstance(exc, IsADirectoryError):
        return "är en mapp, inte en fil"
    return f"kan inte läsas (systemfel {exc.errno or '?'})"


def hidden(name: str) -> bool:
    return name.startswith((".", "~$", "__MACOSX"))


def model_name(filename: str) -> str | None:
    """The model file a bundle member is ('Values.CSV' → 'values'), else None."""
    p = PurePosixPath(filename)
    if p.suffix.lower() != ".csv" or hidden(p.name):
        return None
    stem = p.stem.strip().lower()
    return stem if stem in FILES else None


def too_big(bundle: RawBundle, label: str, size: int) -> bool:
    """Count `size` more unpacked bytes; an error (True) when the bundle exceeds its limit."""
    bundle.bytes_read += size
    if bundle.bytes_read <= bundle.limits.max_bytes:
        return False
    bundle.errors.append(BundleError(label, None, None, (
        f"paketet är för stort uppackat (över {thousands(bundle.limits.max_bytes // MIB)} MiB); "
        "dela upp det")))
    return True


def _add(bundle: RawBundle, name: str, label: str, data: bytes) -> None:
    raw = read_csv_bytes(name, label, data, bundle.errors, bundle.limits)
    if raw is not None:
        bundle.files[name] = raw


def _claim(bundle: RawBundle, name: str, label: str, seen: dict[str, str]) -> bool:
    """Mark `name` as read from `label`; an error when another member already gave it."""
    if name in seen:
        bundle.errors.append(BundleError(label, None, None, (
            f"filen {name}.csv finns mer än en gång (också som {seen[name]})")))
        return False
    seen[name] = label
    return True


def _read_folder(bundle: RawBundle, folder: Path) -> None:
    seen: dict[str, str] = {}
    for p in sorted(folder.iterdir()):
        name = model_name(p.name) if p.is_file() else None
        if name is None:
            if not hidden(p.name):
                bundle.notice(f"{p.name}: ignoreras (ingen fil i formatet)")
            continue
        try:
            if not _claim(bundle, name, p.name, seen) or too_big(bundle, p.name,
                                                                 p.stat().st_size):
                continue
            data = p.read_bytes()
        except OSError as exc:  # unreadable file: named, and the others still checked
            bundle.errors.append(BundleError(p.name, None, None, os_message(exc)))
            continue
        _add(bundle, name, p.name, data)


def _read_zip(bundle: RawBundle, path: Path) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
        bundle.errors.append(BundleError(path.name, None, None, "filen är ingen giltig zip-fil"))
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > bundle.limits.max_members:
            bundle.errors.append(BundleError(path.name, None, None, (
                f"zip-filen har {thousands(len(infos))} poster (högst "
                f"{thousands(bundle.limits.max_members)}): det är inget dataunderlag")))
            return
        files = [(PurePosixPath(i.filename), i) for i in infos if not i.is_dir()]
        files = [(p, i) for p, i in files if not any(hidden(part) for part in p.parts)]
        depths = {len(p.parts) for p, _ in files}
        folders = {p.parts[0] for p, _ in files if len(p.parts) == 2}
        if 1 in depths or not files:
            chosen = [(p, i) for p, i in files if len(p.parts) == 1]
        elif depths == {2} and len(folders) == 1:
            chosen = files
        else:
            bundle.errors.append(BundleError(
                path.name, None, None,
                "zip-filen ska ha CSV-filerna direkt i roten eller i en enda mapp"))
            return
        chosen_set = {str(p) for p, _ in chosen}
        seen: dict[str, str] = {}
        for p, info in files:
            name = model_name(p.name) if str(p) in chosen_set else None
            if name is None:
                why = ("ingen fil i formatet" if str(p) in chosen_set
                       else "ligger inte bredvid de andra filerna")
                bundle.notice(f"{p}: ignoreras ({why})")
                continue
            if not _claim(bundle, name, p.name, seen) or too_big(bundle, p.name, info.file_size):
                continue
            data = _member(bundle, zf, info, p.name)
            if data is not None:
                _add(bundle, name, p.name, data)


def _member(bundle: RawBundle, zf: zipfile.ZipFile, info: zipfile.ZipInfo,
            label: str) -> bytes | None:
    """The unpacked bytes of one zip entry (never more than it declares), or an error."""
    try:
        with zf.open(info) as f:
            return f.read(info.file_size + 1)
    except NotImplementedError:  # (a RuntimeError too, so first)
        msg = "filen i zip-filen är packad med en metod som inte stöds; använd vanlig zip"
    except RuntimeError:  # zipfile says "password required" / "encrypted" this way
        msg = "filen i zip-filen är lösenordsskyddad; packa den utan lösenord"
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        msg = "filen i zip-filen är skadad (kontrollsumman eller packningen stämmer inte)"
    bundle.errors.append(BundleError(label, None, None, msg))
    return None
