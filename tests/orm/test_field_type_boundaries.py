"""A field type's behaviour lives in its class: nothing outside ``erpserver/orm/fields/`` switches
on a field's type, by its ``type``/``ttype`` name or by its class (shared/DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from erpserver.orm import fields
from erpserver.orm.fields.base import FIELD_TYPES

PACKAGE = Path(fields.__file__).resolve().parents[2]
FIELDS_PACKAGE = Path(fields.__file__).resolve().parent
FIELD_CLASSES = {name for name in fields.__all__ if name not in ("FIELD_TYPES", "Field")}


def type_names(node: ast.expr) -> set[str]:
    """The field type names a comparison operand spells out (``"char"``, ``("a", "b")``...)."""
    if isinstance(node, ast.Constant) and node.value in FIELD_TYPES:
        return {str(node.value)}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(type_names(element) for element in node.elts)) if node.elts else set()
    return set()


def names_a_type(node: ast.expr) -> bool:
    """``x.type``, ``x.ttype``, ``row["ttype"]``, ``ttype``."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("type", "ttype")
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "ttype"
    return isinstance(node, ast.Name) and node.id == "ttype"


def switches(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(names_a_type(o) for o in operands) and any(type_names(o) for o in operands):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            classes = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)} if len(node.args) > 1 else set()
            if classes & FIELD_CLASSES:
                found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_code_outside_the_field_classes_switches_on_a_field_type() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if FIELDS_PACKAGE in path.parents:
            continue
        for line, text in switches(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {text}")

    assert offenders == []


def test_the_check_finds_a_switch_on_a_type_name_or_class() -> None:
    code = 'if field.type == "many2one": pass\nif isinstance(field, Many2many): pass\nif row["ttype"] in ("char", "text"): pass\n'

    assert [line for line, _text in switches(ast.parse(code))] == [1, 2, 3]
