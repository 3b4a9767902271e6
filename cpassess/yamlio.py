"""Safe YAML (and JSON) loading that remembers the line of every key."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from .errors import CpError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading; dates stay text as written (2024-02-30 is then a clear error, not a crash)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()}

Path_ = tuple[str | int, ...]


class Document:
    """Parsed data plus the line of each key path, for error messages."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str,
                 numbers: dict[Path_, str] | None = None) -> None:
        self.data = data
        self.lines = lines
        self.file = file
        # Unquoted numbers as written: YAML reads `11.500` as 11.5 and `1_000` as 1000; this tells.
        self.numbers = numbers or {}

    def line(self, path: Path_) -> int | None:
        """Line of the deepest known prefix of `path` (1-based)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, message: str, path: Path_ = (), field: str | None = None) -> CpError:
        return CpError(message, file=self.file, line=self.line(path), field=field)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str,
                  numbers: dict[Path_, str]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS and not node.style:
        numbers[path] = str(node.value)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise CpError(f"key {key!r} appears twice", file=file,
                              line=key_node.start_mark.line + 1, field=key)
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _record_lines(value_node, path + (key,), lines, file, numbers)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines, file, numbers)


# Limits no real questionnaire or knowledge file comes near, checked before anything is built from
# the text: an alias bomb, a 10,000-level nesting or a megabyte-long number cost nothing to refuse.
MAX_BYTES = 4_000_000  # the largest shipped knowledge file is about 100 kB
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_SCALAR = 20_000  # characters in one value


def _check_shape(root: yaml.Node, file: str) -> None:
    """Refuse aliases (a questionnaire has no use for them; they make alias bombs), and documents
    deeper, larger or with longer values than any real one."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise CpError("anchors and aliases (& and *) are not accepted; write each answer out", file=file,
                          line=line)
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise CpError(f"more than {MAX_NODES:,} values: not a questionnaire or knowledge file", file=file,
                          line=line)
        if depth > MAX_DEPTH:
            raise CpError(f"nested more than {MAX_DEPTH} levels deep", file=file, line=line)
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR:
                raise CpError(f"a value of {len(node.value):,} characters (at most {MAX_SCALAR:,})", file=file,
                              line=line)
        elif isinstance(node, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]


def parse(text: str, file: str) -> Document:
    """Parse YAML (or JSON) text safely; syntax errors become a CpError with the line."""
    kind = "JSON" if file.lower().endswith(".json") else "YAML"
    if len(text) > MAX_BYTES:
        raise CpError(f"{len(text):,} characters: too large for a questionnaire or knowledge file "
                      f"(at most {MAX_BYTES:,})", file=file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_shape(node, file)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or f"malformed {kind}"
        raise CpError(f"malformed {kind}: {problem}", file=file, line=line) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # e.g. a value a constructor refuses
        raise CpError(f"malformed {kind}: {exc}", file=file) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    numbers: dict[Path_, str] = {}
    if node is not None:
        _record_lines(node, (), lines, file, numbers)
    return Document(data, lines, file, numbers)


def load(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file (`-`: standard input); a missing or unreadable file is a CpError.
    Only regular files are read (a named pipe with no writer, or a device, would block or never end),
    and no more than MAX_BYTES of them."""
    name = str(path)
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            if Path(path).exists() and not Path(path).is_dir() and not Path(path).is_file():
                raise CpError("not a regular file (a pipe or a device): save the questionnaire as a file",
                              file=name)
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise CpError(f"larger than {MAX_BYTES:,} bytes: too large for a questionnaire or knowledge file",
                          file=name)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise CpError("file not found", file=name) from None
    except IsADirectoryError:
        raise CpError("is a directory, not a file", file=name) from None
    except UnicodeDecodeError:
        raise CpError("not a UTF-8 text file", file=name) from None
    except OSError as exc:
        raise CpError(f"cannot read: {exc.strerror}", file=name) from None
    return parse(text, "<stdin>" if name == "-" else name)
