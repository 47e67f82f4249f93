"""Registry of environmental quality standards, loaded from package data (standards as data).

Every limit value lives in a CSV under ``eia/standards/data`` (one row per value) and every
standard edition is described in ``data/standards.yaml``.  This module only reads, indexes and
looks up; it holds no numbers of its own except the HJ 2.2-2018 averaging-time conversion
factors (2x, 3x, 6x), which are a rule of the guideline, not a table value.

How "in force" is decided
-------------------------
* An edition is in force on date ``d`` when ``effective_date <= d < superseded_on`` (the day its
  successor takes effect).  A *family* (``"ambient-air"``) groups the editions of one standard;
  :func:`family_for_date` returns the edition in force on the date.
* A row may carry its own validity window (``effective_date`` .. ``valid_until``, both inclusive),
  which is how the two implementation phases of GB 3095-2026 are stored (transitional limits
  2026-03-01..2030-12-31, final limits from 2031-01-01).
* Each :class:`Limit` reports ``validity`` for the assessment date (``"in force"``,
  ``"superseded"`` or ``"not yet in force"``) and ``status``, which equals ``validity`` unless
  the value itself is ``"unconfirmed"`` or ``"draft"`` in the data - those statuses always win so
  that the pipeline can warn.

References
----------
GB 3095-2012 Ambient air quality standards, Tables 1-2.
GB 3095-2026 Ambient air quality standards, Tables 1-2 and clause 4.4 (phased implementation).
HJ 2.2-2018 Technical guidelines for EIA - atmospheric environment, 5.2 and 5.3.1, Appendix D.
GB 3838-2002 Environmental quality standards for surface water, Tables 1-2.
Environmental Protection Tax Law of the PRC, Annex 2 (应税污染物和当量值表).
"""
from __future__ import annotations

import csv
import datetime as _dt
import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

try:  # the CLI prints EiaError without a traceback; fall back to ValueError alone if absent
    from eia.errors import EiaError as _ErrorBase
except ImportError:  # pragma: no cover - only when eia.errors is missing
    _ErrorBase = Exception

__all__ = [
    "StandardsError", "UnknownStandardError", "UnknownItemError", "UnknownClassError",
    "UnknownPeriodError", "UnknownWaterBodyError",
    "Limit", "StandardInfo", "OneHourEquivalent", "PollutantEquivalent", "StandardsRegistry",
    "default_registry", "get_limit", "list_standards", "standard_info", "items", "table",
    "family_for_date", "one_hour_equivalent", "ambient_air_standard_for", "pollutant_equivalent",
    "pollutant_equivalent_kg", "pollution_equivalents", "surface_water_class", "normalise_item", "normalise_period",
    "PERIODS", "SURFACE_WATER_CLASSES", "ONE_HOUR_FACTORS", "warning_for", "registry_manifest",
]


# --------------------------------------------------------------------------- errors
class StandardsError(_ErrorBase, ValueError):
    """A standards look-up the registry cannot answer (a user error: exit code 1)."""

    def __init__(self, message: str, exit_code: int = 1):
        if _ErrorBase is Exception:  # pragma: no cover - fallback path
            ValueError.__init__(self, message)
            self.message, self.exit_code = message, exit_code
        else:
            _ErrorBase.__init__(self, message, exit_code)

    def __str__(self) -> str:
        return self.message


class UnknownStandardError(StandardsError):
    """The standard id or family is not in the registry."""


class UnknownItemError(StandardsError):
    """The pollutant item is not defined by the standard."""


class UnknownClassError(StandardsError):
    """The class or grade is not defined for the item in the standard."""


class UnknownPeriodError(StandardsError):
    """The averaging period is not defined for the item in the standard."""


class UnknownWaterBodyError(StandardsError):
    """The water body type does not match the rows the standard defines for the item."""


# --------------------------------------------------------------------------- vocabularies
#: Canonical averaging periods (air).  Water rows use "".
PERIODS = ("1h", "8h", "24h", "annual", "season")
_PERIOD_ALIASES = {
    "1h": "1h", "1hr": "1h", "1hour": "1h", "hourly": "1h", "hour": "1h", "1小时": "1h",
    "1小时平均": "1h", "小时": "1h", "小时平均": "1h",
    "8h": "8h", "8hr": "8h", "8hour": "8h", "日最大8小时平均": "8h", "8小时": "8h", "8小时平均": "8h",
    "maxdaily8h": "8h", "mda8": "8h",
    "24h": "24h", "24hr": "24h", "24hour": "24h", "daily": "24h", "day": "24h", "日平均": "24h",
    "24小时平均": "24h", "24小时": "24h", "日均": "24h",
    "annual": "annual", "year": "annual", "yearly": "annual", "1a": "annual", "年平均": "annual", "年均": "annual",
    "season": "season", "quarter": "season", "quarterly": "season", "季平均": "season", "季": "season",
}

#: GB 3838-2002 classes from best to worst; "劣V" is returned when even class V is not met.
SURFACE_WATER_CLASSES = ("I", "II", "III", "IV", "V")
WORSE_THAN_V = "劣V"

#: HJ 2.2-2018 5.3.1 (definition of C0i): an 8h, 24h or annual limit is converted to a 1h
#: value by multiplying by 2, 3 or 6 respectively.  Ordered by preference (shortest first).
ONE_HOUR_FACTORS = {"8h": 2.0, "24h": 3.0, "annual": 6.0}

_WATER_BODY_ALIASES = {
    "river": "river", "rivers": "river", "stream": "river", "canal": "river", "河流": "river", "河": "river",
    "lake": "lake", "lakes": "lake", "reservoir": "lake", "lake/reservoir": "lake", "湖": "lake",
    "库": "lake", "湖库": "lake", "湖、库": "lake", "湖泊": "lake", "水库": "lake",
}

_UNIT_FACTORS = {  # to a base unit of the same dimension
    "ug/m3": ("mass/volume-air", 1.0), "mg/m3": ("mass/volume-air", 1000.0),
    "mg/L": ("mass/volume-water", 1.0), "ug/L": ("mass/volume-water", 0.001),
}

_ROMAN = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V"})
_CN_CLASS = {"一": "1", "二": "2", "三": "3"}


def _key(text: str) -> str:
    """Folding used to compare item spellings: NFKC, lower case, no spaces/brackets/subscripts."""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"[\s_()\[\]（）【】·]", "", t)


def _std_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).upper()
    return re.sub(r"[\s\-—–_/]", "", t)


def normalise_period(period: str | None) -> str | None:
    """Return the canonical averaging period (``"1h"``, ``"8h"``, ``"24h"``, ``"annual"``, ``"season"``).

    ``None`` and ``""`` pass through.  Raises :class:`UnknownPeriodError` for spellings it
    does not know.
    """
    if period is None or period == "":
        return period
    k = _key(period).replace("-", "")
    if k in _PERIOD_ALIASES:
        return _PERIOD_ALIASES[k]
    raise UnknownPeriodError(
        f"averaging_period={period!r} is not a known averaging period; expected one of {', '.join(PERIODS)}")


def _normalise_class(cls: Any) -> str | None:
    if cls is None:
        return None
    t = unicodedata.normalize("NFKC", str(cls)).strip().translate(_ROMAN)
    t = re.sub(r"^(class|grade)\s*", "", t, flags=re.I)
    t = re.sub(r"(类区|类|级区|级|区)$", "", t)
    t = _CN_CLASS.get(t, t)
    return t.upper()


def _normalise_water_body(wb: str | None) -> str | None:
    if wb is None:
        return None
    k = unicodedata.normalize("NFKC", str(wb)).strip().lower()
    if k in _WATER_BODY_ALIASES:
        return _WATER_BODY_ALIASES[k]
    raise UnknownWaterBodyError(
        f"water_body={wb!r} is not a known water body type; expected 'river' or 'lake' (lake/reservoir)")


def _to_date(d: Any, name: str = "assessment_date") -> _dt.date:
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    if isinstance(d, str):
        try:
            return _dt.date.fromisoformat(d.strip())
        except ValueError:
            pass
    raise StandardsError(f"{name}={d!r} is not a date; expected a datetime.date or an ISO string 'YYYY-MM-DD'")


def _opt_date(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(str(text)) if text not in (None, "", "null") else None


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Limit:
    """One limit value of one standard, with its provenance.

    ``kind`` is ``"max"`` (concentration must not exceed ``value``), ``"min"`` (must not fall
    below, e.g. dissolved oxygen) or ``"range"`` (must lie in ``[value, value_high]``, e.g. pH).
    ``status`` is ``"in force"``, ``"superseded"``, ``"not yet in force"``, ``"unconfirmed"`` or
    ``"draft"``; ``validity`` is the in-force state on the assessment date regardless of
    confirmation.  ``unconfirmed`` is True when the value could not be verified against a
    citable source and the pipeline should warn.
    """

    value: float
    unit: str
    kind: str
    standard_id: str
    class_or_grade: str
    item: str
    averaging_period: str
    effective_date: _dt.date
    status: str
    citation: str
    note: str
    value_high: float | None = None
    valid_until: _dt.date | None = None
    validity: str = "in force"
    water_body: str = ""
    phase: str = ""
    table: str = ""
    name_zh: str = ""
    name_en: str = ""

    @property
    def unconfirmed(self) -> bool:
        return self.status in ("unconfirmed", "draft")

    def complies(self, concentration: float) -> bool:
        """True when ``concentration`` (in ``self.unit``) meets the limit; equality meets it.

        References
        ----------
        GB 3838-2002 Table 1 (``≤`` limits, ``≥`` for dissolved oxygen, 6~9 for pH);
        GB 3095-2012 Tables 1-2 (concentration limits, i.e. ``≤``).
        """
        c = float(concentration)
        if c != c:
            raise StandardsError(f"concentration={concentration!r} is NaN; expected a number")
        if self.kind == "max":
            return c <= self.value
        if self.kind == "min":
            return c >= self.value
        if self.kind == "range":
            return self.value <= c <= float(self.value_high)
        raise StandardsError(f"limit kind {self.kind!r} is not one of max, min, range")  # pragma: no cover

    def to(self, unit: str) -> "Limit":
        """Return the same limit expressed in ``unit`` (ug/m3 <-> mg/m3, mg/L <-> ug/L)."""
        if unit == self.unit:
            return self
        a, b = _UNIT_FACTORS.get(self.unit), _UNIT_FACTORS.get(unit)
        if a is None or b is None or a[0] != b[0]:
            raise StandardsError(f"unit={unit!r} cannot be converted from {self.unit!r}; "
                                 f"convertible pairs: ug/m3<->mg/m3, mg/L<->ug/L")
        f = a[1] / b[1]
        hi = None if self.value_high is None else self.value_high * f
        return replace(self, value=self.value * f, value_high=hi, unit=unit)

    def as_dict(self) -> dict:
        """JSON-serialisable dict (dates as ISO strings) for results files."""
        d = asdict(self)
        for k in ("effective_date", "valid_until"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


@dataclass(frozen=True)
class StandardInfo:
    """Metadata of one standard edition (from ``data/standards.yaml``)."""

    id: str
    title_zh: str
    title_en: str
    family: str
    kind: str
    data: str
    published: _dt.date | None
    effective_date: _dt.date
    superseded_on: _dt.date | None
    superseded_by: str | None
    status: str
    aliases: tuple[str, ...] = ()
    phases: tuple[dict, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""
    n_rows: int = 0
    n_unconfirmed: int = 0

    def in_force_on(self, d: _dt.date) -> bool:
        """True when ``effective_date <= d < superseded_on``."""
        return self.effective_date <= d and (self.superseded_on is None or d < self.superseded_on)

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("published", "effective_date", "superseded_on"):
            d[k] = d[k].isoformat() if d[k] else None
        d["aliases"], d["sources"] = list(self.aliases), list(self.sources)
        d["phases"] = [{k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in p.items()}
                       for p in self.phases]
        return d


@dataclass(frozen=True)
class OneHourEquivalent:
    """A 1-hour limit for HJ 2.2-2018 screening, possibly converted from a longer period."""

    value: float
    unit: str
    factor: float
    source_period: str
    description: str
    citation: str
    limit: Limit

    @property
    def status(self) -> str:
        return self.limit.status

    @property
    def unconfirmed(self) -> bool:
        return self.limit.unconfirmed

    def as_dict(self) -> dict:
        d = asdict(self)
        d["limit"] = self.limit.as_dict()
        d["status"] = self.status
        return d


@dataclass(frozen=True)
class PollutantEquivalent:
    """Pollution equivalent value (kg per equivalent) of the Environmental Protection Tax Law."""

    item: str
    value_kg: float
    medium: str
    category: str
    name_zh: str
    name_en: str
    status: str
    citation: str
    note: str

    @property
    def unconfirmed(self) -> bool:
        return self.status in ("unconfirmed", "draft")


@dataclass
class _Row:
    standard_id: str
    table: str
    class_or_grade: str
    item: str
    name_zh: str
    name_en: str
    averaging_period: str
    value: float
    value_high: float | None
    unit: str
    kind: str
    water_body: str
    effective_date: _dt.date
    valid_until: _dt.date | None
    phase: str
    status: str
    citation: str
    note: str
    raw: dict = field(repr=False, default_factory=dict)

    def valid_on(self, d: _dt.date) -> bool:
        return self.effective_date <= d and (self.valid_until is None or d <= self.valid_until)


_KINDS = ("max", "min", "range")
_STATUSES = ("in force", "superseded", "draft", "unconfirmed")


# --------------------------------------------------------------------------- registry
class StandardsRegistry:
    """All standards of the package data, indexed for look-up.

    Parameters
    ----------
    data_dir : path-like, optional
        Directory holding ``standards.yaml``, ``aliases.yaml`` and the CSVs.  Defaults to the
        package data ``eia/standards/data``.
    """

    def __init__(self, data_dir: Any = None):
        self._dir = data_dir
        meta = yaml.safe_load(self._read_text("standards.yaml"))
        aliases = yaml.safe_load(self._read_text("aliases.yaml")) or {}
        self._rows: dict[str, list[_Row]] = {}
        self._equivalents: list[PollutantEquivalent] = []
        self._info: dict[str, StandardInfo] = {}
        self._std_index: dict[str, str] = {}
        self._families: dict[str, list[str]] = {}
        csv_cache: dict[str, list[dict]] = {}
        for m in meta:
            sid = m["id"]
            if m["data"] not in csv_cache:
                csv_cache[m["data"]] = list(csv.DictReader(self._read_text(m["data"]).splitlines()))
            if m["kind"] == "limits":
                rows = [self._parse_row(r, m["data"]) for r in csv_cache[m["data"]] if r["standard_id"] == sid]
                self._rows[sid] = rows
                n, n_unc = len(rows), sum(r.status in ("unconfirmed", "draft") for r in rows)
            else:
                eqs = [self._parse_equivalent(r) for r in csv_cache[m["data"]]]
                self._equivalents.extend(eqs)
                n, n_unc = len(eqs), sum(e.unconfirmed for e in eqs)
            info = StandardInfo(
                id=sid, title_zh=m["title_zh"], title_en=m["title_en"], family=m["family"], kind=m["kind"],
                data=m["data"], published=_opt_date(m.get("published")),
                effective_date=_opt_date(m["effective_date"]), superseded_on=_opt_date(m.get("superseded_on")),
                superseded_by=m.get("superseded_by"), status=m["status"],
                aliases=tuple(m.get("aliases") or ()),
                phases=tuple({"name": p["name"], "start": _opt_date(p["start"]), "end": _opt_date(p.get("end"))}
                             for p in (m.get("phases") or ())),
                sources=tuple(m.get("sources") or ()), note=m.get("note") or "", n_rows=n, n_unconfirmed=n_unc)
            self._info[sid] = info
            for name in (sid, *info.aliases):
                self._std_index[_std_key(name)] = sid
            self._families.setdefault(info.family, []).append(sid)
        for fam in self._families:
            self._families[fam].sort(key=lambda s: self._info[s].effective_date)
        # item spellings -> canonical code
        self._item_index: dict[str, str] = {}
        for code, spellings in aliases.items():
            for s in (code, *spellings):
                self._item_index.setdefault(_key(s), code)
        for rows in self._rows.values():
            for r in rows:
                for s in (r.item, r.name_zh, r.name_en):
                    if s:
                        self._item_index.setdefault(_key(s), r.item)
        for e in self._equivalents:
            for s in (e.item, e.name_zh, e.name_en):
                self._item_index.setdefault(_key(s), e.item)

    # ---------------------------------------------------------------- loading helpers
    def _read_text(self, name: str) -> str:
        if self._dir is None:
            return resources.files("eia.standards").joinpath("data", name).read_text(encoding="utf-8")
        from pathlib import Path
        return (Path(self._dir) / name).read_text(encoding="utf-8")

    @staticmethod
    def _parse_row(r: dict, source: str) -> _Row:
        where = f"{source}: {r.get('standard_id')} {r.get('item')} {r.get('class_or_grade')} {r.get('averaging_period')}"
        if r["kind"] not in _KINDS:
            raise StandardsError(f"{where}: kind {r['kind']!r} is not one of {_KINDS}")
        if r["status"] not in _STATUSES:
            raise StandardsError(f"{where}: status {r['status']!r} is not one of {_STATUSES}")
        if r["averaging_period"] and r["averaging_period"] not in PERIODS:
            raise StandardsError(f"{where}: averaging_period {r['averaging_period']!r} not in {PERIODS}")
        hi = float(r["value_high"]) if r["value_high"] else None
        if (r["kind"] == "range") != (hi is not None):
            raise StandardsError(f"{where}: value_high must be given exactly for kind 'range'")
        return _Row(
            standard_id=r["standard_id"], table=r["table"], class_or_grade=r["class_or_grade"], item=r["item"],
            name_zh=r["name_zh"], name_en=r["name_en"], averaging_period=r["averaging_period"],
            value=float(r["value"]), value_high=hi, unit=r["unit"], kind=r["kind"], water_body=r["water_body"],
            effective_date=_dt.date.fromisoformat(r["effective_date"]), valid_until=_opt_date(r["valid_until"]),
            phase=r["phase"], status=r["status"], citation=r["citation"], note=r["note"], raw=dict(r))

    @staticmethod
    def _parse_equivalent(r: dict) -> PollutantEquivalent:
        return PollutantEquivalent(
            item=r["item"], value_kg=float(r["equivalent_kg"]), medium=r["medium"], category=r["category"],
            name_zh=r["name_zh"], name_en=r["name_en"], status=r["status"], citation=r["citation"], note=r["note"])

    # ---------------------------------------------------------------- standards
    def resolve_standard(self, standard: str) -> str:
        """Return the registry id for ``standard`` (an id or an alias); raise if unknown."""
        if not isinstance(standard, str) or not standard.strip():
            raise UnknownStandardError(f"standard={standard!r} is not a standard id; known: {self._known_ids()}")
        sid = self._std_index.get(_std_key(standard))
        if sid is None:
            if standard in self._families:
                raise UnknownStandardError(
                    f"standard={standard!r} is a family; pass assessment_date to choose the edition in force "
                    f"(members: {', '.join(self._families[standard])})")
            close = difflib.get_close_matches(standard, list(self._info), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownStandardError(
                f"standard={standard!r} is not in the registry.{hint} Known standards: {self._known_ids()}; "
                f"families: {', '.join(sorted(self._families))}")
        return sid

    def _known_ids(self) -> str:
        return ", ".join(self._info)

    def list_standards(self) -> list[StandardInfo]:
        """All standards in registry order."""
        return list(self._info.values())

    def standard_info(self, standard_id: str) -> StandardInfo:
        """Metadata of one standard (id or alias)."""
        return self._info[self.resolve_standard(standard_id)]

    def families(self) -> dict[str, list[str]]:
        """Family name -> member ids ordered by effective date."""
        return {k: list(v) for k, v in self._families.items()}

    def family_for_date(self, family: str, date: Any) -> str:
        """Id of the edition of ``family`` in force on ``date``.

        An edition is in force when ``effective_date <= date < superseded_on``.

        References
        ----------
        GB 3095-2026 foreword and 4.4 (replaces GB 3095-2012 from 2026-03-01, per the
        transcription and press reports cited in ``standards.yaml``).
        """
        d = _to_date(date, "date")
        if family not in self._families:
            close = difflib.get_close_matches(str(family), list(self._families), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownStandardError(
                f"family={family!r} is not known.{hint} Known families: {', '.join(sorted(self._families))}")
        members = self._families[family]
        for sid in members:
            if self._info[sid].in_force_on(d):
                return sid
        spans = "; ".join(f"{s}: {self._info[s].effective_date} to "
                          f"{self._info[s].superseded_on or 'open'}" for s in members)
        raise UnknownStandardError(
            f"no edition of family {family!r} in the registry is in force on {d.isoformat()} ({spans})")

    def _rows_of(self, standard_id: str) -> list[_Row]:
        sid = self.resolve_standard(standard_id)
        if sid not in self._rows:
            raise UnknownStandardError(f"standard={standard_id!r} holds pollutant equivalents, not limits; "
                                       f"use pollutant_equivalent()")
        return self._rows[sid]

    def items(self, standard_id: str) -> list[str]:
        """Canonical item codes defined by the standard, in table order."""
        seen: dict[str, None] = {}
        for r in self._rows_of(standard_id):
            seen.setdefault(r.item, None)
        return list(seen)

    def table(self, standard_id: str):
        """The standard's rows as a pandas DataFrame (one row per value)."""
        import pandas as pd
        rows = self._rows_of(standard_id)
        df = pd.DataFrame([r.raw for r in rows])
        df["value"] = df["value"].astype(float)
        df["value_high"] = pd.to_numeric(df["value_high"].replace("", None), errors="coerce")
        return df

    # ---------------------------------------------------------------- items
    def normalise_item(self, item: str) -> str:
        """Canonical code for an item spelling (``"NH3-N"`` -> ``"nh3-n"``, ``"氨氮"`` -> ``"nh3-n"``).

        Unknown spellings are returned folded (lower case) so that the caller's error message
        can name them.
        """
        if not isinstance(item, str) or not item.strip():
            raise UnknownItemError(f"item={item!r} is not a pollutant code; expected e.g. 'so2', 'pm2.5', 'cod'")
        return self._item_index.get(_key(item), _key(item))

    def _unknown_item(self, item: str, sid: str) -> UnknownItemError:
        codes = self.items(sid)
        spellings = {k: v for k, v in self._item_index.items() if v in codes}
        close = difflib.get_close_matches(_key(item), list(spellings), n=4, cutoff=0.5)
        close_codes = list(dict.fromkeys(spellings[c] for c in close))
        elsewhere = [s for s, rows in self._rows.items()
                     if s != sid and any(r.item == self.normalise_item(item) for r in rows)]
        msg = f"item={item!r} is not defined by {sid}."
        if close_codes:
            msg += f" Did you mean {', '.join(repr(c) for c in close_codes)}?"
        if elsewhere:
            msg += f" It is defined by: {', '.join(elsewhere)}."
        msg += f" {sid} defines: {', '.join(codes)}"
        return UnknownItemError(msg)

    # ---------------------------------------------------------------- the look-up
    def get_limit(self, standard: str | None = None, *, assessment_date: Any = None,
                  class_or_grade: Any = None, item: str, averaging_period: str | None = None,
                  water_body: str | None = None, family: str | None = None) -> Limit:
        """Look up one limit value.

        Parameters
        ----------
        standard : str, optional
            Standard id or alias (``"GB 3095-2012"``), or a family name (``"ambient-air"``).
        assessment_date : date or ISO str, optional
            Chooses the edition of a family and the implementation phase within an edition.
            Defaults to today's date when a phase must be chosen.
        class_or_grade : str or int, optional
            ``"1"``/``"2"`` for air function classes, ``"I"``..``"V"`` for GB 3838.  Required
            when the item's rows are class-specific; ignored for class-free rows (HJ 2.2
            Appendix D, GB 3838 Table 2).
        item : str
            Pollutant code or name (``"so2"``, ``"PM2.5"``, ``"氨氮"``).
        averaging_period : str, optional
            Required when the item has more than one period.
        water_body : {"river", "lake"}, optional
            Required when the item has water-body-specific rows (GB 3838 total phosphorus).
        family : str, optional
            Family name; same as passing it as ``standard``.

        Returns
        -------
        Limit

        References
        ----------
        GB 3095-2012 Tables 1-2; GB 3095-2026 Tables 1-2 and 4.4; HJ 2.2-2018 Appendix D;
        GB 3838-2002 Tables 1-2.
        """
        d = _to_date(assessment_date) if assessment_date is not None else None
        fam = family
        if standard is not None and _std_key(standard) not in self._std_index and standard in self._families:
            fam, standard = standard, None
        if standard is None:
            if fam is None:
                raise UnknownStandardError(
                    f"give standard (one of {self._known_ids()}) or a family with assessment_date "
                    f"(families: {', '.join(sorted(self._families))})")
            if d is None:
                raise StandardsError(f"family={fam!r} needs assessment_date to choose the edition in force")
            sid = self.family_for_date(fam, d)
        else:
            sid = self.resolve_standard(standard)
        rows_all = self._rows_of(sid)
        code = self.normalise_item(item)
        rows = [r for r in rows_all if r.item == code]
        if not rows:
            raise self._unknown_item(item, sid)

        # class
        classes = list(dict.fromkeys(r.class_or_grade for r in rows if r.class_or_grade))
        if classes:
            cls = _normalise_class(class_or_grade)
            if cls is None:
                raise UnknownClassError(f"{sid} {code}: class_or_grade is required; defined: {', '.join(classes)}")
            if cls not in classes:
                raise UnknownClassError(
                    f"class_or_grade={class_or_grade!r} is not defined for {code} in {sid}; defined: {', '.join(classes)}")
            rows = [r for r in rows if r.class_or_grade in ("", cls)]

        # water body
        bodies = sorted({r.water_body for r in rows if r.water_body})
        wb = _normalise_water_body(water_body)
        if bodies:
            if wb is None:
                if len(bodies) > 1:
                    raise UnknownWaterBodyError(
                        f"{sid} {code} has separate limits for water_body in {bodies}; pass water_body")
            elif wb not in bodies:
                raise UnknownWaterBodyError(
                    f"water_body={water_body!r}: {sid} defines {code} only for water_body in {bodies}"
                    + ("; GB 3838 总氮 applies to lakes/reservoirs (pass water_body='lake' to use those values "
                       "as a reference for a river, and say so in the report)" if code == "tn" else ""))
            else:
                rows = [r for r in rows if r.water_body in ("", wb)]

        # averaging period
        periods = list(dict.fromkeys(r.averaging_period for r in rows))
        per = normalise_period(averaging_period)
        if per is None or (per == "" and periods != [""]):
            if len(periods) > 1:
                raise UnknownPeriodError(
                    f"{sid} {code}: averaging_period is required; defined: {', '.join(periods)}")
            per = periods[0]
        if per not in periods:
            shown = ", ".join(p or '(none: water quality)' for p in periods)
            raise UnknownPeriodError(
                f"averaging_period={averaging_period!r} is not defined for {code} in {sid}; defined: {shown}")
        rows = [r for r in rows if r.averaging_period == per]

        # phase / validity on the date
        when = d or _dt.date.today()
        row = self._pick_by_date(rows, when, f"{sid} {code} {per}")
        return self._make_limit(row, when)

    @staticmethod
    def _pick_by_date(rows: list[_Row], when: _dt.date, what: str) -> _Row:
        valid = [r for r in rows if r.valid_on(when)]
        if len(valid) == 1:
            return valid[0]
        if len(valid) > 1:
            raise StandardsError(f"data error: {len(valid)} rows of {what} are valid on {when}")  # pragma: no cover
        past = [r for r in rows if r.valid_until is not None and r.valid_until < when]
        if past:
            return max(past, key=lambda r: r.valid_until)
        return min(rows, key=lambda r: r.effective_date)

    @staticmethod
    def _make_limit(r: _Row, when: _dt.date) -> Limit:
        if when < r.effective_date:
            validity = "not yet in force"
        elif r.valid_until is not None and when > r.valid_until:
            validity = "superseded"
        else:
            validity = "in force"
        status = r.status if r.status in ("unconfirmed", "draft") else validity
        return Limit(value=r.value, unit=r.unit, kind=r.kind, standard_id=r.standard_id,
                     class_or_grade=r.class_or_grade, item=r.item, averaging_period=r.averaging_period,
                     effective_date=r.effective_date, status=status, citation=r.citation, note=r.note,
                     value_high=r.value_high, valid_until=r.valid_until, validity=validity,
                     water_body=r.water_body, phase=r.phase, table=r.table, name_zh=r.name_zh, name_en=r.name_en)

    def periods(self, standard_id: str, item: str) -> list[str]:
        """Averaging periods the standard defines for ``item``."""
        sid = self.resolve_standard(standard_id)
        code = self.normalise_item(item)
        per = list(dict.fromkeys(r.averaging_period for r in self._rows_of(sid) if r.item == code))
        if not per:
            raise self._unknown_item(item, sid)
        return per

    # ---------------------------------------------------------------- air helpers
    def ambient_air_standard_for(self, item: str, assessment_date: Any) -> str:
        """The standard that supplies the ambient limit of ``item`` on ``assessment_date``.

        Order of HJ 2.2-2018 5.2.1-5.2.3: the GB 3095 edition in force, then HJ 2.2-2018
        Appendix D, then other references (here the NMHC value of the GB 16297-1996
        commentary).  Local standards are not carried by this registry.

        References
        ----------
        HJ 2.2-2018 5.2.1-5.2.3 (choice of the ambient standard for each assessment factor).
        """
        d = _to_date(assessment_date)
        code = self.normalise_item(item)
        candidates = [self.family_for_date("ambient-air", d)]
        for fam in ("ambient-air-other", "ambient-air-other-commentary"):
            candidates.extend(s for s in self._families.get(fam, []) if self._info[s].in_force_on(d))
        for sid in candidates:
            if any(r.item == code for r in self._rows[sid]):
                return sid
        known = sorted({r.item for s in candidates for r in self._rows[s]})
        close = difflib.get_close_matches(code, known, n=4, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownItemError(
            f"item={item!r} has no ambient air limit in {', '.join(candidates)}.{hint} "
            f"HJ 2.2-2018 5.2.3 allows other national/international values with the authority's consent; "
            f"known items: {', '.join(known)}")

    def one_hour_equivalent(self, item: str, class_or_grade: Any = "2", standard: str | None = None, *,
                            assessment_date: Any = None) -> OneHourEquivalent:
        """1-hour limit C0i for HJ 2.2-2018 screening (Pmax), converting longer periods.

        Uses the 1h limit where the standard defines one; otherwise the 8h limit x 2, the 24h
        limit x 3 or the annual limit x 6 (first available in that order).

        Parameters
        ----------
        item : str
            Pollutant code or name.
        class_or_grade : str or int
            Air function class (``"1"`` or ``"2"``); HJ 2.2-2018 5.3.1 uses the class-2 limit
            unless the project lies in a class-1 area.
        standard : str, optional
            Standard id; by default chosen with :meth:`ambient_air_standard_for`.
        assessment_date : date or ISO str, optional
            Needed when ``standard`` is None or a family; also chooses the phase.

        References
        ----------
        HJ 2.2-2018 5.3.1, definition of C0i under the Pmax formula: "对仅有8h平均质量浓度限值、
        日平均质量浓度限值或年平均质量浓度限值的，可分别按2倍、3倍、6倍折算为1h平均质量浓度限值".
        The clause number is as recalled by the engineers (the brief cited 5.3.2.3); it was not
        verified against a copy of the guideline.
        """
        if standard is None:
            if assessment_date is None:
                raise StandardsError("one_hour_equivalent: give standard or assessment_date")
            standard = self.ambient_air_standard_for(item, assessment_date)
        if standard in self._families and _std_key(standard) not in self._std_index:
            if assessment_date is None:
                raise StandardsError(f"family={standard!r} needs assessment_date")
            standard = self.family_for_date(standard, assessment_date)
        sid = self.resolve_standard(standard)
        periods = self.periods(sid, item)
        kw = dict(assessment_date=assessment_date, class_or_grade=class_or_grade, item=item)
        rule = ("HJ 2.2-2018 5.3.1 (C0i): 8h, 24h or annual limits are converted to 1h by x2, x3, x6 "
                "(clause number unverified)")
        if "1h" in periods:
            lim = self.get_limit(sid, averaging_period="1h", **kw)
            return OneHourEquivalent(value=lim.value, unit=lim.unit, factor=1.0, source_period="1h",
                                     description=f"1h limit of {sid} used as published",
                                     citation=lim.citation, limit=lim)
        for per, factor in ONE_HOUR_FACTORS.items():
            if per in periods:
                lim = self.get_limit(sid, averaging_period=per, **kw)
                return OneHourEquivalent(
                    value=lim.value * factor, unit=lim.unit, factor=factor, source_period=per,
                    description=f"{sid} has no 1h limit for {lim.item}; {per} limit {lim.value:g} {lim.unit} x "
                                f"{factor:g} = {lim.value * factor:g} {lim.unit}",
                    citation=f"{lim.citation}; {rule}", limit=lim)
        raise UnknownPeriodError(
            f"{sid} {item}: no 1h, 8h, 24h or annual limit to convert (defined: {', '.join(periods)})")

    # ---------------------------------------------------------------- equivalents
    def pollutant_equivalent(self, item: str, medium: str = "water") -> PollutantEquivalent:
        """Pollution equivalent value of ``item`` in ``medium`` (``"water"`` or ``"air"``).

        References
        ----------
        Environmental Protection Tax Law of the PRC, Annex 2, tables 一 and 二 (water) and 五 (air).
        HJ 2.3-2018 Table 1 uses W = annual discharge / equivalent value.
        """
        if medium not in ("water", "air"):
            raise StandardsError(f"medium={medium!r} is not 'water' or 'air'")
        code = self.normalise_item(item)
        for e in self._equivalents:
            if e.item == code and e.medium == medium:
                return e
        codes = [e.item for e in self._equivalents if e.medium == medium]
        spellings = {_key(s): e.item for e in self._equivalents if e.medium == medium
                     for s in (e.item, e.name_zh, e.name_en)}
        close = list(dict.fromkeys(spellings[c] for c in
                                   difflib.get_close_matches(_key(item), list(spellings), n=4, cutoff=0.6)))
        other = "air" if medium == "water" else "water"
        also = any(e.item == code and e.medium == other for e in self._equivalents)
        msg = f"item={item!r} has no {medium} pollution equivalent value."
        if close:
            msg += f" Did you mean {', '.join(repr(c) for c in close)}?"
        if also:
            msg += f" It has a value for medium={other!r}."
        raise UnknownItemError(msg + f" Known {medium} items: {', '.join(codes)}")

    def pollutant_equivalents(self, medium: str | None = None) -> list[PollutantEquivalent]:
        return [e for e in self._equivalents if medium is None or e.medium == medium]

    # ---------------------------------------------------------------- GB 3838 helper
    def surface_water_class(self, item: str, concentration: float, water_body: str = "river",
                            standard: str = "GB 3838-2002") -> str:
        """Best GB 3838 class (``"I"``..``"V"``) attained by ``concentration``, or ``"劣V"``.

        A value equal to a class limit attains that class.  Dissolved oxygen is a minimum
        (higher is better); pH is a range common to all classes, so a pH inside 6-9 returns
        ``"I"`` and one outside returns ``"劣V"``.

        Parameters
        ----------
        item : str
            A GB 3838 Table 1 item (``"cod"``, ``"nh3-n"``, ``"tp"``, ``"do"``, ``"ph"`` ...).
        concentration : float
            In the table's unit (mg/L; pH dimensionless; fecal coliforms count/L).
        water_body : {"river", "lake"}
            Selects the lake/reservoir limits of total phosphorus; total nitrogen is defined
            for lakes/reservoirs only.

        References
        ----------
        GB 3838-2002 4.1-4.3 and Table 1 (single-factor class assessment against the five
        class limits).
        """
        sid = self.resolve_standard(standard)
        code = self.normalise_item(item)
        rows = [r for r in self._rows_of(sid) if r.item == code]
        if not rows:
            raise self._unknown_item(item, sid)
        if not any(r.class_or_grade in SURFACE_WATER_CLASSES for r in rows):
            raise UnknownClassError(f"{sid} {code} has no class limits (table {rows[0].table}); "
                                    f"compare against get_limit(...).value instead")
        c = float(concentration)
        if c != c or c < 0 and code != "ph":
            raise StandardsError(f"concentration={concentration!r} is not a non-negative number")
        for cls in SURFACE_WATER_CLASSES:
            lim = self.get_limit(sid, class_or_grade=cls, item=code, water_body=water_body)
            if lim.complies(c):
                return cls
        return WORSE_THAN_V


# --------------------------------------------------------------------------- module API
@lru_cache(maxsize=1)
def default_registry() -> StandardsRegistry:
    """The registry of the package data, loaded once."""
    return StandardsRegistry()


def get_limit(standard: str | None = None, *, assessment_date: Any = None, class_or_grade: Any = None,
              item: str, averaging_period: str | None = None, water_body: str | None = None,
              family: str | None = None) -> Limit:
    """Look up one limit; see :meth:`StandardsRegistry.get_limit`."""
    return default_registry().get_limit(standard, assessment_date=assessment_date, class_or_grade=class_or_grade,
                                        item=item, averaging_period=averaging_period, water_body=water_body,
                                        family=family)


def list_standards() -> list[StandardInfo]:
    """All standards of the registry; see :meth:`StandardsRegistry.list_standards`."""
    return default_registry().list_standards()


def standard_info(standard_id: str) -> StandardInfo:
    """Metadata of one standard; see :meth:`StandardsRegistry.standard_info`."""
    return default_registry().standard_info(standard_id)


def items(standard_id: str) -> list[str]:
    """Item codes of one standard; see :meth:`StandardsRegistry.items`."""
    return default_registry().items(standard_id)


def table(standard_id: str):
    """Rows of one standard as a DataFrame; see :meth:`StandardsRegistry.table`."""
    return default_registry().table(standard_id)


def family_for_date(family: str, date: Any) -> str:
    """Edition of ``family`` in force on ``date``; see :meth:`StandardsRegistry.family_for_date`."""
    return default_registry().family_for_date(family, date)


def ambient_air_standard_for(item: str, assessment_date: Any) -> str:
    """Standard supplying the ambient limit of ``item``; see :meth:`StandardsRegistry.ambient_air_standard_for`."""
    return default_registry().ambient_air_standard_for(item, assessment_date)


def one_hour_equivalent(item: str, class_or_grade: Any = "2", standard: str | None = None, *,
                        assessment_date: Any = None) -> OneHourEquivalent:
    """1-hour limit for HJ 2.2-2018 screening; see :meth:`StandardsRegistry.one_hour_equivalent`."""
    return default_registry().one_hour_equivalent(item, class_or_grade, standard, assessment_date=assessment_date)


def pollutant_equivalent(item: str, medium: str = "water") -> PollutantEquivalent:
    """Pollution equivalent record; see :meth:`StandardsRegistry.pollutant_equivalent`."""
    return default_registry().pollutant_equivalent(item, medium)


def pollutant_equivalent_kg(item: str, medium: str = "water") -> float:
    """Pollution equivalent value in kg (Environmental Protection Tax Law, Annex 2).

    References
    ----------
    Environmental Protection Tax Law of the PRC, Annex 2; HJ 2.3-2018 Table 1 (W).
    """
    return default_registry().pollutant_equivalent(item, medium).value_kg


def pollution_equivalents(item: str, mass_kg: float, medium: str = "water") -> float:
    """Number of pollution equivalents of ``mass_kg`` of ``item``: mass / equivalent value.

    Parameters
    ----------
    item : str
        Pollutant code or name.
    mass_kg : float
        Discharged mass, kg (for HJ 2.3-2018 Table 1: the annual discharge, kg/a).
    medium : {"water", "air"}

    References
    ----------
    Environmental Protection Tax Law of the PRC, Annex 2 (equivalent values);
    HJ 2.3-2018 Table 1, note on W (annual discharge divided by the pollution equivalent value).
    """
    m = float(mass_kg)
    if not m >= 0:
        raise StandardsError(f"mass_kg={mass_kg!r} is not a non-negative number of kilograms")
    return m / default_registry().pollutant_equivalent(item, medium).value_kg


def surface_water_class(item: str, concentration: float, water_body: str = "river",
                        standard: str = "GB 3838-2002") -> str:
    """Best GB 3838 class attained; see :meth:`StandardsRegistry.surface_water_class`."""
    return default_registry().surface_water_class(item, concentration, water_body, standard)


def normalise_item(item: str) -> str:
    """Canonical item code; see :meth:`StandardsRegistry.normalise_item`."""
    return default_registry().normalise_item(item)


def warning_for(record: "Limit | PollutantEquivalent | OneHourEquivalent") -> tuple[str, str, dict] | None:
    """The ``ctx.warn`` arguments for a value the reader must be told about, or None.

    Returns ``(code, message, details)`` for unconfirmed/draft values (code
    ``"standard-unconfirmed"``) and for limits not in force on the assessment date (code
    ``"standard-not-in-force"``); see docs/architecture.md, "Warnings and unconfirmed values".
    """
    if isinstance(record, OneHourEquivalent):
        record = record.limit
    if isinstance(record, PollutantEquivalent):
        if record.unconfirmed:
            return ("standard-unconfirmed",
                    f"pollution equivalent of {record.item} ({record.medium}) = {record.value_kg:g} kg is "
                    f"{record.status}: {record.note}",
                    {"item": record.item, "medium": record.medium, "citation": record.citation})
        return None
    details = {"standard_id": record.standard_id, "item": record.item, "class_or_grade": record.class_or_grade,
               "averaging_period": record.averaging_period, "value": record.value, "unit": record.unit,
               "citation": record.citation}
    if record.unconfirmed:
        return ("standard-unconfirmed",
                f"{record.standard_id} {record.item} {record.averaging_period or ''} class "
                f"{record.class_or_grade or '-'} limit {record.value:g} {record.unit} is {record.status}: "
                f"{record.note}", details)
    if record.validity != "in force":
        return ("standard-not-in-force",
                f"{record.standard_id} {record.item} limit is {record.validity} on the assessment date", details)
    return None


def registry_manifest(registry: StandardsRegistry | None = None) -> list[dict]:
    """Identity of the registry's data for results.json / manifest.json.

    One dict per standard: id, status, effective_date, superseded_on, rows, unconfirmed rows and
    the sha256 of its data file, so a run records exactly which tables it used.
    """
    import hashlib
    reg = registry or default_registry()
    out = []
    for i in reg.list_standards():
        digest = hashlib.sha256(reg._read_text(i.data).encode("utf-8")).hexdigest()
        out.append({"id": i.id, "status": i.status, "effective_date": i.effective_date.isoformat(),
                    "superseded_on": i.superseded_on.isoformat() if i.superseded_on else None,
                    "rows": i.n_rows, "unconfirmed_rows": i.n_unconfirmed, "data": i.data, "sha256": digest})
    return out


def _iter_limits(reg: StandardsRegistry, standard_id: str, when: _dt.date) -> Iterable[Limit]:
    """Every row of a standard as a Limit evaluated on ``when`` (used by the CLI and docs)."""
    for r in reg._rows_of(standard_id):
        yield reg._make_limit(r, when)
