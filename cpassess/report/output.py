"""Writing reports: whole or not at all, never over an input, `-` for standard output, many plants at once."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import CpError, CpErrors
from ..kb import KnowledgeBase
from ..model import Assessment
from . import FORMATS, render_languages


def write_whole(path: Path, data: str | bytes, protected: set[Path] | frozenset[Path] = frozenset(),
                overwrite: bool = True) -> None:
    """Write all of `data` or nothing: a temporary file beside the target, then a rename.
    `protected` holds the resolved paths of the inputs, which are never written over."""
    if str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    target = path.resolve()
    if target in protected:
        raise CpError("refusing to overwrite an input file", file=path)
    if not target.parent.is_dir():
        raise CpError("the folder to write into does not exist", file=path)
    if target.is_dir():
        raise CpError("is a folder; give a file name", file=path)
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise CpError("is not a regular file (a device or a pipe); write to a file or to -", file=path)
    if not overwrite and target.exists():
        raise CpError("already exists; it may hold answers (use --force to replace it)", file=path)
    replace_whole(target, data)


def replace_whole(target: Path, data: str | bytes) -> None:
    """The write itself, for a target already checked (a batch's own reports folder checks nothing per
    plant): a temporary file beside it, then a rename. The file is made 0666 less the umask, as readable
    as any file the user makes (mkstemp's 0600 took a chmod and two umask calls)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise CpError(f"cannot write here: {exc.strerror}", file=target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CpError(f"cannot write here: {exc.strerror}", file=target) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def report_names(inputs: list[Path], fmt: str) -> list[str]:
    """One report name per input (its stem and the format's suffix); two inputs may not share one."""
    suffix = FORMATS[fmt].suffixes[0]
    names = [f"{path.stem}{suffix}" for path in inputs]
    seen: dict[str, Path] = {}
    clashes = []
    for path, name in zip(inputs, names, strict=True):
        if name in seen:
            clashes += [str(seen[name]), str(path)]
        seen.setdefault(name, path)
    if clashes:
        raise CpError(f"plants whose reports would have the same name: {', '.join(sorted(set(clashes)))}")
    return names


MANIFEST = ".cpassess-unfinished"  # in a batch's folder while the batch runs: the reports it will write


def unfinished(folder: Path) -> list[str]:
    """The reports an earlier batch into `folder` meant to write and did not (it was interrupted)."""
    manifest = folder / MANIFEST
    try:
        started = manifest.stat().st_mtime
        names = [line for line in manifest.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, UnicodeDecodeError):
        return []
    return [name for name in names
            if not (folder / name).is_file() or (folder / name).stat().st_mtime < started]


def assessed(path: Path, kb: KnowledgeBase | None, langs: list[str]) -> list[tuple[str, Assessment]]:
    """A plant file assessed once per language, each with the knowledge text in that language."""
    from ..kb import as_knowledge
    from ..pipeline import assess
    from ..plant import load_plant

    return [(lang, assess(load_plant(path, as_knowledge(kb, lang)))) for lang in langs]


def write_reports(inputs: Iterable[Path], folder: Path, fmt: str, *, kb: KnowledgeBase | None = None,
                  templates: Path | None = None, langs: list[str] | None = None) -> Iterator[Path]:
    """Assess each plant file and write its report into `folder`, yielding each report written. A bad
    plant never stops the good ones: their reports are written, and the bad files are raised together
    at the end (CpErrors). While the batch runs, a manifest in the folder lists what it will write,
    so a run that is killed half way is reported by the next one (`unfinished`)."""
    paths = list(inputs)
    if not folder.is_dir():
        raise CpError("the folder to write into does not exist", file=folder)
    names = report_names(paths, fmt)
    protected = frozenset(p.resolve() for p in paths)  # resolved once: the cost per plant stays flat
    for path, name in zip(paths, names, strict=True):
        if (folder / name).resolve() in protected:  # e.g. -f json into the folder of plant.json
            raise CpError(f"its report {folder / name} would replace it; write the reports to another folder",
                          file=path)
    write_whole(folder / MANIFEST, "\n".join(names) + "\n")
    problems = []
    for path, name in zip(paths, names, strict=True):
        try:
            report = render_languages(assessed(path, kb, langs or ["en"]), fmt, templates)
        except CpError as exc:
            problems.append(exc)
            continue
        target = folder / name
        write_whole(target, report, protected)
        yield target
    (folder / MANIFEST).unlink(missing_ok=True)
    if problems:
        raise CpErrors(problems)
