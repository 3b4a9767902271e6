"""Documents other than the report (a case's handout, a grade, a class summary): a list of blocks,
laid out as Markdown here and as HTML (and PDF) by templates/document.html.j2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rich import Parts, to_markdown

Text = str | Parts  # a str is text of the knowledge base or the locale; parts carry their own styles
Block = dict[str, Any]


def parts(text: Text) -> Parts:
    return [("", text)] if isinstance(text, str) else text


def written(text: str) -> Parts:
    """Text someone wrote in a case or a hand-in: shown literally, never as markup."""
    return [("user", text)]


def heading(text: Text, level: int = 2) -> Block:
    return {"kind": "heading", "level": level, "text": parts(text)}


def para(text: Text, style: str = "") -> Block:
    return {"kind": "para", "text": parts(text), "style": style}


def quote(text: Text) -> Block:
    return {"kind": "quote", "text": parts(text)}


def items(entries: Sequence[Text], ordered: bool = False) -> Block:
    return {"kind": "list", "items": [parts(e) for e in entries], "ordered": ordered}


def table(head: Sequence[Text], rows: Sequence[Sequence[Text]], numeric: Sequence[int] = ()) -> Block:
    return {"kind": "table", "head": [parts(h) for h in head], "rows": [[parts(c) for c in row] for row in rows],
            "numeric": list(numeric)}


def bars(caption: str, rows: Sequence[tuple[str, float, str]], width: int = 400) -> Block:
    """A horizontal bar chart (HTML only; Markdown shows the table beside it): (label, value, text)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    return {"kind": "bars", "caption": caption, "width": width,
            "rows": [{"label": label if len(label) <= 36 else label[:35] + "…", "width": round(width * value / top, 1),
                      "text": text}
                     for label, value, text in rows]}


def form(rows: Sequence[tuple[Text, Text, Text]]) -> Block:
    """Questions to answer on paper: (question, what kind of answer, the answer or a blank)."""
    return {"kind": "form", "rows": [[parts(c) for c in row] for row in rows]}


def render_document(title: Text, meta: Text, blocks: list[Block], fmt: str, lang: str,
                    running: str = "") -> str | bytes:
    """The document in `fmt` (md, html or pdf); `running` is the PDF's running header on the right."""
    if fmt == "md":
        return markdown(title, meta, blocks)
    html = html_document(title, meta, blocks, lang, running)
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(html)
    return html


@dataclass(frozen=True)
class Version:
    """A document in one language: its title, the line under it and its blocks."""

    lang: str
    title: Text
    meta: Text
    blocks: list[Block]


def render_versions(versions: list[Version], fmt: str, running: str = "") -> str | bytes:
    """One document in one language, or in several as the plant report puts them: side by side, section
    by section, in HTML and PDF; one after the other in Markdown."""
    if len(versions) == 1:
        v = versions[0]
        return render_document(v.title, v.meta, v.blocks, fmt, v.lang, running)
    from .bilingual import html_side_by_side, markdown_one_after_other

    if fmt == "md":
        return markdown_one_after_other([(v.lang, markdown(v.title, v.meta, v.blocks)) for v in versions])
    html = html_side_by_side([(v.lang, html_document(v.title, v.meta, v.blocks, v.lang, running)) for v in versions])
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(html)
    return html


def html_document(title: Text, meta: Text, blocks: list[Block], lang: str, running: str = "") -> str:
    from .templates import environment

    template = environment("html").get_template("document.html.j2")
    return str(template.render(title=parts(title), meta=parts(meta), blocks=blocks, lang=lang, running=running))


def html_blocks(blocks: list[Block]) -> str:
    """Blocks as an HTML fragment, for a preface to the report."""
    from .templates import environment

    macros = environment("html").get_template("blocks.html.j2").module
    return str(macros.render(blocks))  # type: ignore[attr-defined]


def markdown(title: Text, meta: Text, blocks: list[Block]) -> str:
    out = [f"# {to_markdown(parts(title))}", ""]
    if meta:
        out += [to_markdown(parts(meta)), ""]
    for block in blocks:
        lines = markdown_block(block)
        out += lines + [""] if lines else []
    return "\n".join(out)


def markdown_block(block: Block) -> list[str]:
    kind = block["kind"]
    if kind == "heading":
        return [f"{'#' * block['level']} {to_markdown(block['text'])}"]
    if kind == "para":
        return [to_markdown(block["text"])]
    if kind == "quote":
        return [f"> {to_markdown(block['text'])}"]
    if kind == "list":
        return [f"{f'{i}.' if block['ordered'] else '-'} {to_markdown(item)}"
                for i, item in enumerate(block["items"], 1)]
    if kind == "bars":
        return []  # the table beside it says the same
    if kind == "form":
        return [f"- {to_markdown(q)} ({to_markdown(k)}): {to_markdown(a) or '________'}" for q, k, a in block["rows"]]
    return _markdown_table(block["head"], block["rows"])


def _markdown_table(head: list[Parts], rows: list[list[Parts]]) -> list[str]:
    def row(cells: list[Parts]) -> str:
        return "| " + " | ".join(to_markdown(c) for c in cells) + " |"

    return [row(head), "| " + " | ".join("---" for _ in head) + " |", *(row(r) for r in rows)]

