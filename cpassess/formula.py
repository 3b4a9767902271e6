"""Arithmetic formulas from the knowledge base, parsed into closures; nothing is eval'ed."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping

Value = float | None
Compiled = Callable[[Mapping[str, object]], Value]

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[[float, float], float]] = {"min": min, "max": max}


class FormulaError(ValueError):
    """A formula uses something other than numbers, names, + - * /, min, max and first."""


MAX_LENGTH = 1000


class Formula:
    """A parsed formula: its text, the names it reads, and a function of the values."""

    def __init__(self, text: str) -> None:
        self.text = text
        shown = text if len(text) <= 60 else text[:57] + "..."
        if len(text) > MAX_LENGTH:  # no knowledge formula comes near; a long one costs memory to parse
            raise FormulaError(f"formula {shown!r} is longer than {MAX_LENGTH} characters")
        try:
            tree = ast.parse(text.strip(), mode="eval")
            self.names: set[str] = set()
            self._fn = self._build(tree.body)
            # What to ask for when the formula is unknown: of first(a, b), only a's route.
            self.primary_names = _primary_names(tree.body)
        except SyntaxError as exc:
            raise FormulaError(f"cannot parse formula {shown!r}: {exc.msg}") from None
        except (RecursionError, MemoryError):
            raise FormulaError(f"formula {shown!r} is nested too deeply") from None

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (Formula, (self.text,))  # closures do not pickle; the text rebuilds them

    def __call__(self, values: Mapping[str, object]) -> Value:
        try:
            result = self._fn(values)
        except (ZeroDivisionError, OverflowError):
            return None
        if result is None or not math.isfinite(result):
            return None
        return result

    def _build(self, node: ast.expr) -> Compiled:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            number = float(node.value)
            return lambda values: number
        if isinstance(node, ast.Name):
            name = node.id
            self.names.add(name)
            return lambda values: _number(values.get(name))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self._build(node.operand)
            return lambda values: _apply1(operator.neg, inner(values))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op, left, right = _BINARY[type(node.op)], self._build(node.left), self._build(node.right)
            return lambda values: _apply2(op, left(values), right(values))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "first"
                and node.args and not node.keywords):
            options = [self._build(arg) for arg in node.args]
            return lambda values: next((v for v in (o(values) for o in options) if v is not None), None)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in _FUNCTIONS and len(node.args) == 2 and not node.keywords):
            fn = _FUNCTIONS[node.func.id]
            first, second = self._build(node.args[0]), self._build(node.args[1])
            return lambda values: _apply2(fn, first(values), second(values))
        raise FormulaError(f"formula {self.text!r} may use only numbers, names, + - * /, "
                           f"parentheses, min(a, b), max(a, b) and first(a, b, ...)")


def _primary_names(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "first":
        return _primary_names(node.args[0])
    children = node.args if isinstance(node, ast.Call) else list(ast.iter_child_nodes(node))
    return {name for child in children for name in _primary_names(child)}


def _number(value: object) -> Value:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _apply1(op: Callable[[float], float], a: Value) -> Value:
    return None if a is None else op(a)


def _apply2(op: Callable[[float, float], float], a: Value, b: Value) -> Value:
    return None if a is None or b is None else op(a, b)
