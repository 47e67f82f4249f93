"""Read scenario files (YAML, TOML, JSON) with line numbers, includes and precise error messages.

Every problem is reported as ``file:line: field.path: message``, all at once, never as a traceback.

Includes
--------
Any mapping may hold a key ``include`` whose value is a path (or a list of paths) to another
YAML/TOML/JSON file, resolved relative to the including file. The included mappings are merged
underneath, in order; keys written next to ``include`` override them. A mapping holding nothing but
``include`` of a file whose top level is a list becomes that list.

Data files
----------
String values of keys named ``file``, ``path``, ``*_file`` or ``*_path`` are resolved relative to the
directory of the file that names them (so tables travel with the scenario).
"""
from __future__ import annotations

import difflib
import json
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from eia.errors import Problem, ScenarioInvalid
from eia.schema_base import is_data_file_key

__all__ = ["LoadedDocument", "read_document", "validate_data", "load_model", "MAX_FILE_BYTES"]

#: Scenario documents are small; bulk data (hourly meteorology, flow series) belongs in CSV/Parquet
#: files referenced by ``*_file`` keys.
MAX_FILE_BYTES = 20 * 1024 * 1024

Path_ = tuple  # a field path: tuple of str keys and int indices


@dataclass
class LoadedDocument:
    data: Any
    locations: dict[tuple, tuple[str, int]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    data_files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _ReadError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


# ----------------------------------------------------------------------------------------- parsing
def _read_text(path: Path, display: str) -> str:
    if not path.exists():
        raise _ReadError(Problem(display, None, "", "file not found"))
    if path.is_dir():
        raise _ReadError(Problem(display, None, "", "is a directory, expected a YAML, TOML or JSON file"))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _ReadError(
            Problem(
                display,
                None,
                "",
                f"file is {size / 1e6:.1f} MB, larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for "
                "scenario documents; put bulk tables (meteorology, flow series) in CSV/Parquet files "
                "referenced by a '*_file' key",
            )
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise _ReadError(Problem(display, None, "", "binary content (NUL bytes): expected UTF-8 text (YAML, TOML or JSON)"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _ReadError(Problem(display, line, "", f"not valid UTF-8 text (byte {exc.start}): save the file as UTF-8")) from None
    if not text.strip():
        raise _ReadError(Problem(display, None, "", "file is empty: a scenario needs at least 'meta' and 'cluster'"))
    return text


def _yaml_locations(node, prefix: tuple, out: dict, display: str) -> None:
    if isinstance(node, yaml.MappingNode):
        for k_node, v_node in node.value:
            key = k_node.value
            p = prefix + (key,)
            out[p] = (display, k_node.start_mark.line + 1)
            _yaml_locations(v_node, p, out, display)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            p = prefix + (i,)
            out[p] = (display, item.start_mark.line + 1)
            _yaml_locations(item, p, out, display)


def _parse_yaml(text: str, display: str) -> tuple[Any, dict]:
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise _ReadError(Problem(display, line, "", f"YAML syntax error: {msg}")) from None
    except yaml.YAMLError as exc:
        raise _ReadError(Problem(display, None, "", f"YAML error: {exc}")) from None
    locs: dict = {}
    if node is not None:
        _yaml_locations(node, (), locs, display)
    return data, locs


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"^\s*((?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _split_toml_key(text: str) -> tuple:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+", text)
    return tuple(p.strip("\"'") for p in parts)


def _toml_locations(text: str, display: str) -> dict:
    """Line numbers for TOML keys: tomllib keeps none, so scan headers and ``key =`` lines."""
    locs: dict = {}
    table: tuple = ()
    aot_count: dict[tuple, int] = {}
    in_multiline = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
            in_multiline = not in_multiline
            if not in_multiline:
                continue
        elif in_multiline:
            continue
        m = _TOML_HEADER.match(line)
        if m and not _TOML_KEY.match(line):
            keys = _split_toml_key(m.group(2))
            if m.group(1) == "[[":
                idx = aot_count.get(keys, 0)
                aot_count[keys] = idx + 1
                table = keys + (idx,)
                locs.setdefault(keys, (display, lineno))
            else:
                # a sub-table of an array of tables belongs to its last element
                table = _resolve_aot(keys, aot_count)
            locs.setdefault(table, (display, lineno))
            continue
        m = _TOML_KEY.match(line)
        if m:
            p = table + _split_toml_key(m.group(1))
            locs.setdefault(p, (display, lineno))
    return locs


def _resolve_aot(keys: tuple, aot_count: dict) -> tuple:
    out: tuple = ()
    plain: tuple = ()
    for k in keys:
        plain += (k,)
        out += (k,)
        if plain in aot_count:
            out += (aot_count[plain] - 1,)
    return out


def _parse_toml(text: str, display: str) -> tuple[Any, dict]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        raise _ReadError(Problem(display, line, "", f"TOML syntax error: {exc}")) from None
    return data, _toml_locations(text, display)


def _parse_json(text: str, display: str) -> tuple[Any, dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _ReadError(Problem(display, exc.lineno, "", f"JSON syntax error: {exc.msg} (column {exc.colno})")) from None
    locs: dict = {}
    try:  # JSON is (nearly) YAML: borrow YAML's node marks for line numbers
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _yaml_locations(node, (), locs, display)
    except yaml.YAMLError:
        pass
    return data, locs


_PARSERS = {".yaml": _parse_yaml, ".yml": _parse_yaml, ".toml": _parse_toml, ".json": _parse_json}


def _parse_file(path: Path, display: str) -> tuple[Any, dict]:
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        raise _ReadError(
            Problem(display, None, "", f"unknown file type {path.suffix!r}: expected .yaml, .yml, .toml or .json")
        )
    text = _read_text(path, display)
    return parser(text, display)


# ----------------------------------------------------------------------------------------- includes
def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _deep_merge(base[k], v) if k in base else v
        return out
    return over


def _load_resolved(path: Path, display: str, root: Path, stack: tuple, doc: LoadedDocument) -> tuple[Any, dict]:
    data, locs = _parse_file(path, display)
    doc.files.append(path)
    data = _resolve_node(data, (), locs, path, display, root, stack + (path,), doc)
    return data, locs


def _resolve_node(value: Any, p: tuple, locs: dict, file: Path, display: str, root: Path, stack: tuple, doc) -> Any:
    if isinstance(value, dict):
        out: dict = {}
        for k, v in value.items():
            if k == "include":
                continue
            if isinstance(v, str) and isinstance(k, str) and is_data_file_key(k) and v:
                target = Path(v) if Path(v).is_absolute() else (file.parent / v).resolve()
                out[k] = str(target)
                if target.is_file():  # part of the run's inputs: hashed into the manifest
                    doc.data_files.append(target)
            else:
                out[k] = _resolve_node(v, p + (k,), locs, file, display, root, stack, doc)
        if "include" not in value:
            return out
        incs = value["include"]
        inc_line = locs.get(p + ("include",), (display, None))[1]
        if isinstance(incs, str):
            incs = [incs]
        if not isinstance(incs, list) or not all(isinstance(x, str) for x in incs):
            doc.problems.append(Problem(display, inc_line, _fmt_path(p + ("include",)), "include must be a file path or a list of file paths"))
            return out
        merged: Any = {}
        for inc in incs:
            target = (file.parent / inc).resolve()
            tdisp = _display(target, root)
            if target in stack:
                doc.problems.append(Problem(display, inc_line, _fmt_path(p + ("include",)), f"include cycle: {tdisp} includes itself"))
                continue
            if not target.exists():
                doc.problems.append(
                    Problem(display, inc_line, _fmt_path(p + ("include",)), f"included file not found: {inc} (looked for {target})")
                )
                continue
            try:
                inc_data, inc_locs = _load_resolved(target, tdisp, root, stack, doc)
            except _ReadError as exc:
                doc.problems.append(exc.problem)
                continue
            for q, where in inc_locs.items():
                locs.setdefault(p + q, where)
            if isinstance(inc_data, list) and len(value) == 1:
                return inc_data
            if not isinstance(inc_data, dict):
                doc.problems.append(Problem(tdisp, None, "", "an included file must hold a mapping (or a list, when it is included alone)"))
                continue
            merged = _deep_merge(merged, inc_data)
        return _deep_merge(merged, out)
    if isinstance(value, list):
        return [_resolve_node(v, p + (i,), locs, file, display, root, stack, doc) for i, v in enumerate(value)]
    return value


def read_document(path: str | Path, root: Path | None = None) -> LoadedDocument:
    """Parse a scenario (or criteria, enterprise) file with its includes, keeping line numbers.

    Read problems (syntax, missing include, binary, empty, too large) are collected in
    ``LoadedDocument.problems``; the caller decides whether to go on.
    """
    path = Path(path)
    root = root or Path.cwd()
    display = _display(path.resolve(), root.resolve()) if path.is_absolute() else str(path)
    doc = LoadedDocument(data=None)
    try:
        data, locs = _load_resolved(path.resolve(), display, root.resolve(), (), doc)
    except _ReadError as exc:
        doc.problems.append(exc.problem)
        return doc
    doc.data, doc.locations = data, locs
    if data is None or (isinstance(data, (dict, list)) and not data):
        doc.problems.append(Problem(display, None, "", "file holds no data: a scenario needs at least 'meta' and 'cluster'"))
    elif not isinstance(data, dict):
        doc.problems.append(Problem(display, 1, "", f"the top level must be a mapping of sections, got {type(data).__name__}"))
    return doc


# --------------------------------------------------------------------------------------- validation
def _fmt_path(p: tuple) -> str:
    s = ""
    for part in p:
        if isinstance(part, int):
            s += f"[{part}]"
        else:
            s += ("." if s else "") + str(part)
    return s


def _clean_loc(loc: tuple, data: Any, err_type: str) -> tuple:
    """Drop pydantic's union/validator tags from an error location, keeping real keys and indices."""
    out: tuple = ()
    cur = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(cur, dict) and part in cur:
            out += (part,)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out += (part,)
            cur = cur[part]
        elif last and err_type in ("missing", "extra_forbidden") and isinstance(part, (str, int)):
            out += (part,)
        # otherwise: a tag such as 'function-after[...]' or a union member name
    return out


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple, set, frozenset):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return _unwrap(args[0]) if args else None
    if origin is dict:
        args = typing.get_args(tp)
        return _unwrap(args[1]) if len(args) == 2 else None
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", typing.Union)):
        models = [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
        models = [m for m in models if isinstance(m, type) and issubclass(m, BaseModel)]
        return models[0] if len(models) == 1 else None
    return tp


def _model_at(model: type[BaseModel], p: tuple) -> type[BaseModel] | None:
    cur: Any = model
    for part in p:
        if isinstance(part, int):
            continue
        if not (isinstance(cur, type) and issubclass(cur, BaseModel)):
            return None
        f = cur.model_fields.get(part)
        if f is None:
            return None
        cur = _unwrap(f.annotation)
    return cur if isinstance(cur, type) and issubclass(cur, BaseModel) else None


def _line_for(p: tuple, locs: dict, default_file: str) -> tuple[str, int | None]:
    q = p
    while True:
        if q in locs:
            return locs[q]
        if not q:
            return default_file, None
        q = q[:-1]


def _message(err: dict, p: tuple, model: type[BaseModel]) -> str:
    etype = err.get("type", "")
    msg = err.get("msg", "invalid value")
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if etype == "extra_forbidden":
        key = p[-1] if p else "?"
        parent = _model_at(model, p[:-1])
        if parent is not None:
            allowed = list(parent.model_fields)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(allowed)}"
            return f"unknown key {key!r}{hint}"
        return f"unknown key {key!r}"
    if etype == "missing":
        return "required field is missing"
    got = err.get("input")
    if got is not None and not isinstance(got, (dict, list)):
        r = repr(got)
        if len(r) > 60:
            r = r[:57] + "..."
        msg += f" (got {r})"
    return msg


def validate_data(model: type[BaseModel], doc: LoadedDocument, *, context: dict | None = None):
    """Validate a loaded document against ``model``; returns (instance or None, problems)."""
    if doc.problems:
        return None, list(doc.problems)
    default_file = next(iter(doc.locations.values()), ("<input>", None))[0]
    try:
        inst = model.model_validate(doc.data, context=context or {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            p = _clean_loc(tuple(err["loc"]), doc.data, err.get("type", ""))
            file, line = _line_for(p, doc.locations, default_file)
            problems.append(Problem(file, line, _fmt_path(p), _message(err, p, model)))
        # stable order: by file then line
        problems.sort(key=lambda pr: (pr.file, pr.line or 0, pr.path))
        return None, problems
    return inst, []


def load_model(model: type[BaseModel], path: str | Path, *, context: dict | None = None):
    """Read and validate ``path`` as ``model``; raise :class:`ScenarioInvalid` with every problem."""
    doc = read_document(path)
    ctx = {"source_file": str(Path(path).resolve())}
    ctx.update(context or {})
    inst, problems = validate_data(model, doc, context=ctx)
    if problems:
        raise ScenarioInvalid(problems)
    return inst, doc
