"""Jinja: the shipped report templates (or a user's, extending them), fed the view; markup only."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..model import Assessment
from ..text import fmt, number_style
from .rich import markdown_text, to_html, to_markdown
from .view import view
from .words import style, words


def environment(fmt_name: str, template_dir: str | Path | None = None) -> Any:
    """The Jinja environment of a format; for the shipped templates one per process, so a batch of
    plants reuses the loaded templates (a user's folder is read afresh: its files may change)."""
    return _shipped_environment(fmt_name) if template_dir is None else _new_environment(fmt_name, template_dir)


@functools.cache
def _shipped_environment(fmt_name: str) -> Any:
    return _new_environment(fmt_name, None)


def _new_environment(fmt_name: str, template_dir: str | Path | None) -> Any:
    import jinja2

    from ..cache import cache_dir
    from ..kb.files import package_root

    shipped = jinja2.FileSystemLoader(str(package_root() / "templates"))
    # A user's report.md.j2 may start with {% extends "default/report.md.j2" %} to change one block.
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(template_dir))] if template_dir else []
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped})]
    cache = cache_dir()
    # A user's templates are data someone may have sent by e-mail: they run in Jinja's sandbox, where
    # they can lay out the view but not reach Python's internals.
    kind = _view_environment() if template_dir is None else _sandboxed()
    env = kind(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        bytecode_cache=_signed_bytecode_cache(cache) if cache and template_dir is None else None,
        autoescape=fmt_name == "html", trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # `num` formats a number with its unit, for users' own templates
    env.filters.update(say=to_html if fmt_name == "html" else to_markdown, md=markdown_text, num=fmt)
    return env


@functools.cache
def _view_environment() -> Any:
    import jinja2

    class ViewEnvironment(jinja2.Environment):
        """The shipped templates read the view, plain dicts, where `m.title` is an item: it is looked up
        as one first (Jinja tries an attribute first, and each miss costs an exception)."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return ViewEnvironment


def _sandboxed() -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment


def _signed_bytecode_cache(folder: Path) -> Any:
    """Compiled shipped templates in the user's cache, each signed like every cache entry: Jinja runs
    what it loads from there, so an entry this program did not write is ignored."""
    import jinja2

    from ..cache import signed, verified

    class SignedBytecodeCache(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                body = verified((folder / f"template-{bucket.key}.cache").read_bytes())
            except OSError:
                return
            if body is not None:
                bucket.bytecode_from_string(body)

        def dump_bytecode(self, bucket: Any) -> None:
            from ..cache import write_atomic

            data = signed(bucket.bytecode_to_string())
            if data is not None:
                write_atomic(folder / f"template-{bucket.key}.cache", data)

    return SignedBytecodeCache()


def render_template(assessment: Assessment, fmt_name: str, lang: str = "en",
                    template_dir: str | Path | None = None, preface: str = "") -> str:
    """The report; `preface` (HTML, made by this package) goes before its summary: a case's discussion."""
    import jinja2
    from markupsafe import Markup

    name = f"report.{fmt_name}.j2"
    try:
        template = environment(fmt_name, template_dir).get_template(name)
        with number_style(style(lang)):
            # `a`: the data itself
            return template.render(a=assessment, preface=Markup(preface), **view(assessment, words(lang)))
    except jinja2.TemplateSyntaxError as exc:
        raise CpError(f"template error: {exc.message}", file=exc.filename or name, line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise CpError(f"template error: {exc}", file=name) from None
    except RecursionError:
        raise CpError("template error: the template extends itself; extend "
                      f"\"default/{name}\" to build on the shipped one", file=name) from None
    except UnicodeDecodeError:
        raise CpError("template error: not a UTF-8 text file", file=name) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # a user's template may raise anything its expressions can (1/0, a missing key)
        raise CpError(f"template error: {type(exc).__name__}: {exc}", file=name) from None
