"""Reading and writing the .qdpx container (a zip) without trusting its entry names.

Nothing is ever extracted to disk: entries are read into memory by name. Still, a file
whose entries would escape a folder (``../``, absolute paths, drive letters, symlinks) is
refused whole, because such a file was made to attack whatever unpacks it, and other
tools the researcher uses do unpack.
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import NotAProject, UnsafeArchive

MAX_ENTRY_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
SIDECAR = "telaah.json"


def _entry_problem(name: str, info: zipfile.ZipInfo) -> str | None:
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return "absolute path"
    if ".." in PurePosixPath(norm).parts:
        return "'..' climbs out of the folder"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link"
    if info.file_size > MAX_ENTRY_BYTES:
        return f"{info.file_size} bytes uncompressed, over the {MAX_ENTRY_BYTES} byte limit"
    return None


class QdpxArchive:
    """A checked .qdpx: ``project.qde`` (any case) and the files under ``sources/`` (any case)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError as e:
            raise NotAProject(f"{self.path} does not exist; check the path") from e
        except (zipfile.BadZipFile, OSError) as e:
            raise NotAProject(
                f"{self.path} is not a .qdpx (zip) file; export the project from the QDA program "
                "as a REFI-QDA project (.qdpx)"
            ) from e
        total = 0
        self._names: dict[str, str] = {}
        for info in self._zip.infolist():
            problem = _entry_problem(info.filename, info)
            if problem:
                self._zip.close()
                raise UnsafeArchive(
                    f"{self.path}: zip entry {info.filename!r} is unsafe ({problem}); refused, "
                    "nothing imported. Ask the sender to export the project again"
                )
            total += info.file_size
            if not info.is_dir():
                self._names[info.filename.replace("\\", "/")] = info.filename
        if total > MAX_TOTAL_BYTES:
            self._zip.close()
            raise UnsafeArchive(
                f"{self.path} unpacks to {total} bytes, over the {MAX_TOTAL_BYTES} byte limit "
                "(a zip bomb?); refused"
            )
        self._lower = {n.lower(): n for n in self._names}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        return sorted(self._names)

    def find(self, name: str) -> str | None:
        """The entry called ``name``, matched exactly first, then ignoring case."""
        if name in self._names:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        return self._zip.read(self._names[name])

    def project_entry(self) -> str:
        found = self.find("project.qde")
        if found:
            return found
        roots = [n for n in self._names if "/" not in n and n.lower().endswith(".qde")]
        if len(roots) == 1:
            return roots[0]
        raise NotAProject(
            f"{self.path} holds no project.qde; is it a REFI-QDA project export (.qdpx)? "
            "A codebook alone (.qdc) is imported with: telaah codebook import FILE.qdc"
        )

    def source_entry(self, ref: str, *, source: str) -> str | None:
        """Resolve a source path as tools write it: ``internal://X``, ``X`` or ``sources/X``."""
        raw = ref.strip()
        if raw.lower().startswith("internal://"):
            rel = raw[len("internal://") :]
        elif "://" in raw or raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
            raise NotAProject(
                f"source {source!r} points to a file outside the project ({raw}); Telaah reads "
                "only files inside the .qdpx: export again with the sources embedded"
            )
        else:
            rel = raw
        rel = rel.replace("\\", "/")
        if ".." in PurePosixPath(rel).parts:
            raise UnsafeArchive(
                f"source {source!r} path {raw!r} climbs out of the archive; refused, "
                "nothing imported"
            )
        for candidate in (f"sources/{rel}", rel):
            found = self.find(candidate)
            if found:
                return found
        return None


def write_qdpx(out: str | Path, files: dict[str, bytes | Path]) -> None:
    """Write a zip atomically: a half-written .qdpx never replaces a good one."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".telaah-", suffix=".qdpx", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in files.items():
                if isinstance(content, Path):
                    zf.write(content, arcname=name)
                else:
                    zf.writestr(name, content)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
