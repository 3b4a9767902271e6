"""Render an Assessment as JSON, Markdown or self-contained HTML through Jinja templates."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .errors import CpError
from .model import Assessment, to_json
from .text import fmt

FORMATS = ("md", "html", "json")


def _approx(value: float | None, unit: str | None = None) -> str:
    """Three significant figures: projected savings rest on judged and secondary figures."""
    if value is None:
        return "not known"
    return fmt(float(f"{value:.3g}") if value else 0.0, unit)


def _money(value: float | None, currency: str | None) -> str:
    return _approx(value, currency)


def _percent(fraction: float | None) -> str:
    return "not known" if fraction is None else f"{fmt(100 * fraction)}%"


def _span(low: float | None, high: float | None, unit: str | None = None) -> str:
    """'8,000,000 IDR' for a single figure, '100–200 USD' for a range."""
    if low is None or high is None:
        return "not known"
    return f"{_range(low, high)} {unit or ''}".rstrip()


def _years(payback: dict[str, Any]) -> str:
    low, high = payback["low_years"], payback["high_years"]
    if low is None or high is None:
        return payback["note"]
    if high == 0:
        return "immediate"
    if high < 1:  # months read better than 0.59 years
        months = (f"{fmt(12 * low)}–{fmt(12 * high)}" if abs(high - low) >= 0.05 * high else fmt(12 * high))
        return f"{months} months"
    if abs(high - low) < 0.05 * max(high, 1e-9):
        return f"{fmt(high)} years"
    return f"{fmt(low)}–{fmt(high)} years"


def _figure(figure: dict[str, Any] | None, unit: str = "", scale: float = 1.0) -> str:
    if not figure:
        return "–"
    if figure.get("value") is not None:
        text = fmt(scale * figure["value"])
    elif figure.get("low") is not None:
        text = _range(scale * figure["low"], scale * figure["high"])
    else:
        return "not known"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()


def _range(low: float, high: float) -> str:
    if low == high:
        return fmt(low)
    if low < 0 or high < 0:  # "-36–-20" reads badly
        return f"{fmt(high)} to {fmt(low)}" if abs(high) < abs(low) else f"{fmt(low)} to {fmt(high)}"
    return f"{fmt(low)}–{fmt(high)}"


def _limit(projection: dict[str, Any]) -> str:
    """'6–9', '≤ 300 mg/L', '≥ 6', or '–' where no limit applies."""
    low, high, unit = projection["limit_min"], projection["limit_max"], projection["unit"] or None
    if low is not None and high is not None:
        return f"{_range(low, high)} {unit or ''}".rstrip()
    if high is not None:
        return f"≤ {fmt(high, unit)}"
    if low is not None:
        return f"≥ {fmt(low, unit)}"
    return "–"


def _status(projection: dict[str, Any], which: str) -> str:
    status = projection[f"status_{which}"]
    value = projection["current" if which == "now" else "after_cp"]
    if status == "exceeds" and projection["limit_min"] is not None and value < projection["limit_min"]:
        return "below its minimum"
    return str(status)


def _percent_range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "not known"
    return f"{_range(100 * low, 100 * high)}%"


def _figure_percent(figure: dict[str, Any] | None) -> str:
    return _figure(figure, "%", 100.0)


_MARKDOWN_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "|": "\\|", "*": "\\*",
                                   "`": "\\`", "[": "\\[", "]": "\\]", "\n": " "})


def _markdown_text(value: Any) -> str:
    """User-written text shown literally in Markdown: no HTML, no table breaks, no emphasis."""
    return str(value).translate(_MARKDOWN_SPECIAL)


def environment(fmt_name: str, template_dir: str | Path | None = None) -> Any:
    import jinja2

    from .knowledge import package_root

    shipped = jinja2.FileSystemLoader(str(package_root() / "templates"))
    # A user's report.md.j2 may start with {% extends "default/report.md.j2" %} to change one block.
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(template_dir))] if template_dir else []
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped})]
    from .cache import cache_dir

    cache = cache_dir()
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache else None,
        autoescape=fmt_name == "html", trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters.update(md=_markdown_text, num=fmt, approx=_approx, limit=_limit, status=_status,
                       span=_span, percent_range=_percent_range, money=_money, percent=_percent,
                       years=_years, figure=_figure, figure_percent=_figure_percent)
    return env


def template_data(assessment: Assessment) -> dict[str, Any]:
    """What a template sees: the assessment as plain data `a`, and short names for its parts."""
    a = dataclasses.asdict(assessment)
    return {"a": a, "p": a["plant"], "cur": a["plant"].get("currency"),
            "cp": [r for r in a["recommendations"] if r["kind"] == "cp"],
            "eop": [r for r in a["recommendations"] if r["kind"] == "eop"],
            "exceeding": [p for p in a["projections"] if p["status_after_cp"] == "exceeds"],
            "unknown": [p for p in a["projections"] if p["status_after_cp"] == "unknown"],
            # "Reuse soured whey as coagulant (#1)": how alternatives and prerequisites are named
            "named": {r["measure_id"]: f"{r['title']} (#{r['rank']})" for r in a["recommendations"]}}


def render(assessment: Assessment, fmt_name: str, template_dir: str | Path | None = None) -> str:
    if fmt_name == "json":
        return to_json(assessment)
    import jinja2

    name = f"report.{fmt_name}.j2"
    try:
        template = environment(fmt_name, template_dir).get_template(name)
        return template.render(**template_data(assessment))
    except jinja2.TemplateSyntaxError as exc:
        raise CpError(f"template error: {exc.message}", file=exc.filename or name, line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise CpError(f"template error: {exc}", file=name) from None
    except RecursionError:
        raise CpError("template error: the template extends itself; extend "
                      f"\"default/{name}\" to build on the shipped one", file=name) from None
