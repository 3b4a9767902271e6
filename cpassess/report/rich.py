"""Sentences as parts (plain, user-written, strong, citation, link, ...), laid out as Markdown or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

# A part is (style, text) or ("link", text, anchor). Styles: "" text from the knowledge base or the
# locale; "user" text a user wrote; "b" strong; "good"/"bad" strong with a verdict; "mark" a citation;
# "caution" a warning; "code" a field id; "url" a reference's address; ("file", text, path) a link to
# another file the program wrote (a plant's report from a city's roll-up).
Part = tuple[str, ...]
Parts = list[Part]

# Every line break (a carriage return too) becomes a space, so user text cannot start a heading, a
# list or a table row of its own; brackets and angles cannot make a link, HTML or an autolink.
_MARKDOWN_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "|": "\\|", "*": "\\*",
                                   "`": "\\`", "[": "\\[", "]": "\\]", "\n": " ", "\r": " ",
                                   "\v": " ", "\f": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})


# An underscore makes emphasis only at a word's edge (mill_dust stays as it is)
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def markdown_text(value: Any) -> str:
    """User-written text shown literally in Markdown: no HTML, no table breaks, no emphasis."""
    return _EDGE_UNDERSCORE.sub(r"\\_", str(value).translate(_MARKDOWN_SPECIAL))


def _is_web(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def to_markdown(parts: Iterable[Part]) -> str:
    out = []
    for style, text, *_anchor in parts:
        if style in ("b", "good", "bad"):
            out.append(f"**{text}**")
        elif style == "caution":
            out.append(f"*{text}*")
        elif style == "user":
            out.append(markdown_text(text))
        elif style == "code":
            out.append(f"`{text}`")
        elif style == "url":
            out.append(f"<{text}>" if _is_web(text) else markdown_text(text))
        elif style == "file":
            out.append(f"[{markdown_text(text)}](<{_anchor[0]}>)" if _anchor and _anchor[0] else markdown_text(text))
        else:  # plain, mark and link read as their text
            out.append(text)
    return "".join(out)


_HTML = {"b": "<strong>{}</strong>", "good": '<strong class="within">{}</strong>',
         "bad": '<strong class="exceeds">{}</strong>', "mark": '<span class="mark">{}</span>',
         "caution": '<span class="unverified">{}</span>', "flag": '<span class="unverified">{}</span>',
         "code": "<code>{}</code>"}


def to_html(parts: Iterable[Part]) -> Markup:
    """The parts as HTML, every text escaped. Each is escaped and put in its tag as plain text, then
    marked safe once: Markup.format does the same escaping through a Python formatter, which took a
    quarter of an HTML report's rendering."""
    out = []
    for style, text, *rest in parts:
        if style == "link":
            out.append(f'<a href="#{escape(rest[0])}">{escape(text)}</a>')
        elif style == "file":
            out.append(f'<a href="{escape(rest[0])}">{escape(text)}</a>' if rest and rest[0] else escape(text))
        elif style == "url":
            shown = escape(text)
            out.append(f'<a class="mark" href="{shown}">{shown}</a>' if _is_web(text)
                       else f'<span class="mark">{shown}</span>')
        elif style in _HTML:
            out.append(_HTML[style].format(escape(text)))
        else:
            out.append(escape(text))
    return Markup("".join(out))
