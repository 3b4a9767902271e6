"""Jinja: the shipped report templates (or a user's, extending them), fed the view; markup only."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..model import Assessment
from ..text import fmt
from .rich import markdown_text, to_html, to_markdown
from .view import view
from .words import words


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
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache else None,
        autoescape=fmt_name == "html", trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # `num` formats a number with its unit, for users' own templates
    env.filters.update(say=to_html if fmt_name == "html" else to_markdown, md=markdown_text, num=fmt)
    return env


def render_template(assessment: Assessment, fmt_name: str, lang: str = "en",
                    template_dir: str | Path | None = None) -> str:
    import jinja2

    name = f"report.{fmt_name}.j2"
    try:
        template = environment(fmt_name, template_dir).get_template(name)
        return template.render(a=assessment, **view(assessment, words(lang)))  # `a`: the data itself
    except jinja2.TemplateSyntaxError as exc:
        raise CpError(f"template error: {exc.message}", file=exc.filename or name, line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise CpError(f"template error: {exc}", file=name) from None
    except RecursionError:
        raise CpError("template error: the template extends itself; extend "
                      f"\"default/{name}\" to build on the shipped one", file=name) from None
