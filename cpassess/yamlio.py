"""Safe YAML (and JSON) loading that remembers the line of every key."""

from __future__ import annotations

import os
import re
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
    if len(text) > MAX_BYTES:
        raise CpError(f"{len(text):,} characters: too large for a questionnaire or knowledge file "
                      f"(at most {MAX_BYTES:,})", file=file)
    return _read_plainly(text, file) or _read_fully(text, file)


def _read_fully(text: str, file: str) -> Document:
    """Every YAML document: composed, checked for its shape, constructed, its lines recorded."""
    kind = "JSON" if file.lower().endswith(".json") else "YAML"
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


# The plain reading: libyaml's events straight to data, lines and numbers in one pass, with no node
# tree, no walks over it and no constructor (together half the time of reading a plant's file).
# It takes only what questionnaires are: no anchors, no tags but the plain ones, no merge keys, no
# key twice, within the limits. Anything else it leaves to the full reading above, which then gives
# the same data, or the same error, as it always has. Both were compared on every shipped file and
# on fuzzed text: the same data (types, key order), lines and numbers, or the same error.
_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
# No tag, or the non-specific one: the resolver decides, as in the composer (it has no path resolvers).
_MAPPING_TAGS = (None, "!", _Loader.DEFAULT_MAPPING_TAG)
_SEQUENCE_TAGS = (None, "!", _Loader.DEFAULT_SEQUENCE_TAG)
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: tuple(resolvers) + _WILDCARD
             for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its tag, as resolved before
# Plain decimals: int() and float() read these exactly as SafeConstructor does (it strips the sign,
# reads the digits and multiplies by the sign); other forms (0x1F, 1_000, .inf) go to SafeConstructor.
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\Z")
_DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?\Z")
_SCALAR: Any = yaml.ScalarEvent  # Any: typeshed's marks may be None, libyaml's never are
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


class _Irregular(Exception):
    """A document the plain reading leaves to the full one."""


def _read_plainly(text: str, file: str) -> Document | None:
    """The document read from libyaml's events, or None where the full reading must decide."""
    reader = _EventReader(text)
    try:
        return reader.document(file)
    except Exception:  # noqa: BLE001 - whatever it is, the full reading reports it as it always has
        return None
    finally:
        reader.loader.dispose()


class _EventReader:
    """One document from libyaml's events: its data, the line of each node, its numbers as written."""

    def __init__(self, text: str) -> None:
        self.loader = _Loader(text)
        self.next_event: Any = self.loader.get_event
        self.lines: dict[Path_, int] = {}
        self.numbers: dict[Path_, str] = {}

    def document(self, file: str) -> Document:
        if type(self.next_event()) is not yaml.StreamStartEvent:
            raise _Irregular
        start = self.next_event()
        if type(start) is yaml.StreamEndEvent:
            return Document(None, {}, file, {})
        if type(start) is not yaml.DocumentStartEvent:
            raise _Irregular
        root = self.next_event()
        self.lines[()] = root.start_mark.line + 1
        data = self.node(root, (), 1)
        if type(self.next_event()) is not yaml.DocumentEndEvent or type(self.next_event()) is not yaml.StreamEndEvent:
            raise _Irregular  # a second document: the full reading says so
        # Every node but a key has a line, and there are no more keys than those: counted once, here.
        if 2 * len(self.lines) > MAX_NODES:
            raise _Irregular
        return Document(data, self.lines, file, self.numbers)

    def node(self, event: Any, path: Path_, depth: int) -> Any:
        """The value of a node at `depth` (the root is at 1); its children would be one deeper."""
        kind = type(event)
        if kind is _SCALAR and event.anchor is None:
            return self.scalar(event, path)
        if event.anchor is not None or depth >= MAX_DEPTH:  # an anchor or alias, or children too deep
            raise _Irregular
        if kind is yaml.MappingStartEvent and event.tag in _MAPPING_TAGS:
            return self.mapping(path, depth + 1)
        if kind is yaml.SequenceStartEvent and event.tag in _SEQUENCE_TAGS:
            return self.sequence(path, depth + 1)
        raise _Irregular

    def scalar(self, event: Any, path: Path_ | None) -> Any:
        """A scalar as SafeConstructor makes it; `path` None for a key (its number is not recorded)."""
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = (_PLAIN_TAGS.get(value) or _resolve_plain(value)) if event.implicit[0] else _STR
        if len(value) > MAX_SCALAR:
            raise _Irregular
        if tag == _STR:
            return value
        if path is not None and (tag == _INT or tag == _FLOAT) and not event.style:
            self.numbers[path] = value
        if tag == _INT and _DECIMAL_INT.match(value):
            return int(value)
        if tag == _FLOAT and _DECIMAL_FLOAT.match(value):
            return float(value)
        if tag == _NULL:
            return None
        if tag == _BOOL and value.lower() in _Loader.bool_values:  # what construct_yaml_bool does
            return _Loader.bool_values[value.lower()]
        if tag in (_INT, _FLOAT, _BOOL):
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            return _Loader.yaml_constructors[tag](self.loader, node)
        raise _Irregular  # a merge key, `=`, an explicit tag of another kind

    def mapping(self, path: Path_, depth: int) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        lines, next_event, scalar = self.lines, self.next_event, self.scalar
        while type(event := next_event()) is not _MAPPING_END:
            if type(event) is not _SCALAR or event.anchor is not None:
                raise _Irregular  # a key that is a mapping or a list, an anchor or an alias
            text = event.value
            child = path + (text,)
            if child in lines:
                raise _Irregular  # the key twice: the full reading names its line
            lines[child] = event.start_mark.line + 1
            # Most keys are words seen before: text, whether plain or quoted (only a plain one is resolved).
            key = text if event.tag is None and _PLAIN_TAGS.get(text) == _STR else scalar(event, None)
            event = next_event()
            data[key] = scalar(event, child) if type(event) is _SCALAR and event.anchor is None \
                else self.node(event, child, depth)
        return data

    def sequence(self, path: Path_, depth: int) -> list[Any]:
        items: list[Any] = []
        lines, next_event = self.lines, self.next_event
        while type(event := next_event()) is not _SEQUENCE_END:
            child = path + (len(items),)
            lines[child] = event.start_mark.line + 1
            items.append(self.node(event, child, depth))
        return items


def _resolve_plain(value: str) -> str:
    """The tag of a plain scalar, as Resolver.resolve finds it (this loader has no path resolvers)."""
    tag = _STR
    for candidate, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
        if regexp.match(value):
            tag = str(candidate)
            break
    if len(_PLAIN_TAGS) < 20_000 and len(value) < 100:  # keys and short answers recur from plant to plant
        _PLAIN_TAGS[value] = tag
    return tag


def load(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file (`-`: standard input); a missing or unreadable file is a CpError.
    Only regular files are read (a named pipe with no writer, or a device, would block or never end),
    and no more than MAX_BYTES of them."""
    name = str(path)
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            given = Path(path)  # a regular file is told by one stat: is_file() first
            if not given.is_file() and given.exists() and not given.is_dir():
                raise CpError("not a regular file (a pipe or a device): save the questionnaire as a file",
                              file=name)
            with open(path, "rb") as handle:
                # read(MAX_BYTES + 1) alone would allocate 4 MB for every file: ask for its size first,
                # then, if it has more than it said (a file in /proc says 0), read on as far as before.
                raw = handle.read(min(os.fstat(handle.fileno()).st_size, MAX_BYTES) + 1)
                raw += handle.read(MAX_BYTES + 1 - len(raw)) if len(raw) <= MAX_BYTES else b""
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
