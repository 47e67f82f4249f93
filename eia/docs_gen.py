"""Generate the scenario-file reference (docs/scenario-reference.md) from the pydantic models.

``python -m eia.docs_gen`` rewrites the file; a test checks that the committed file equals the
generated text, so the reference cannot drift from the code.
"""
from __future__ import annotations

import sys
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from eia.scenario import Scenario

__all__ = ["scenario_reference", "main"]

_HEADER = """# Scenario-file reference

Generated from the pydantic models by `python -m eia.docs_gen`; do not edit by hand.

A scenario is a YAML, TOML or JSON file (chosen by extension). Unknown keys are errors. A field whose
name ends in a unit (`area_km2`, `emission_g_s`) takes a number in that unit, or a string with any unit
of the same dimension (`"1400 ha"`, `"12 t/a"`, `"2.5 kg/h"`). Any mapping may `include:` other files
(paths relative to the including file); keys named `file`, `path`, `*_file`, `*_path` are resolved
relative to the file that names them. See docs/user-guide.md for a walk-through.
"""


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        meta = [m for m in args[1:] if hasattr(m, "json_schema")]
        for m in meta:
            unit = m.json_schema.get("x-unit") if isinstance(m.json_schema, dict) else None
            if unit:
                return f"quantity [{unit}]"
        return _type_name(args[0])
    if origin is typing.Literal:
        return " \\| ".join(repr(a) for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        parts = [_type_name(a) for a in args if a is not type(None)]
        opt = " (optional)" if type(None) in args else ""
        return " \\| ".join(parts) + opt
    if origin in (list, tuple, set):
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"list of {inner}"
    if origin is dict:
        return f"mapping {_type_name(args[0])} → {_type_name(args[1])}"
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return f"[{tp.__name__}](#{tp.__name__.lower()})"
        return tp.__name__
    return str(tp).replace("typing.", "")


def _models_in(tp, seen: list) -> None:
    for a in typing.get_args(tp) or ():
        _models_in(a, seen)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
        seen.append(tp)
        for f in tp.model_fields.values():
            _models_in(f.annotation, seen)


def scenario_reference(root: type[BaseModel] = Scenario) -> str:
    models: list = []
    _models_in(root, models)
    out = [_HEADER]
    for m in models:
        out.append(f"\n## {m.__name__}\n")
        doc = (m.__doc__ or "").strip()
        if doc:
            out.append(doc.split("\n\n")[0].replace("\n", " ").strip() + "\n")
        out.append("\n| key | type | required | default | description |\n|---|---|---|---|---|")
        for name, f in m.model_fields.items():
            key = f.alias or name
            req = "yes" if f.is_required() else ""
            if f.default is not PydanticUndefined and f.default is not None:
                default = f"`{f.default!r}`"
            elif f.default_factory is not None:
                default = "(see type)"
            else:
                default = ""
            desc = (f.description or "").replace("|", "\\|").replace("\n", " ")
            tname = _type_name(f.annotation)
            for m_ in f.metadata:  # pydantic moves a top-level Annotated's metadata here
                js = getattr(m_, "json_schema", None)
                if isinstance(js, dict) and js.get("x-unit"):
                    tname = f"quantity [{js['x-unit']}]"
            out.append(f"| `{key}` | {tname} | {req} | {default} | {desc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0] if argv else "docs/scenario-reference.md")
    target.write_text(scenario_reference(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
