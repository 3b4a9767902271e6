"""One report in two (or more) languages: the same sections side by side on a wide screen, one after
the other on a phone, on paper and in Markdown, so a manager and an advisor read the same page."""

from __future__ import annotations

import re

_SECTION_HTML = re.compile(r"(?=<h2[ >])")
_SECTION_MD = re.compile(r"(?m)^(?=## )")
_BODY = re.compile(r"(?s)^(.*?<body[^>]*>)(.*)(</body>.*)$")
_PAIR_CSS = """<style>
body.languages { max-width: 120em; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(28em, 100%), 1fr)); gap: 0 2em; }
.pair > div { min-width: 0; container: language / inline-size; }  /* its tables become cards when narrow */
.pair > div + div { color: #333; }
@media print { .pair { display: block; } .pair > div + div { border-top: 1px dashed #999; margin-top: 1em; } }
</style>
"""


def html_side_by_side(reports: list[tuple[str, str]]) -> str:
    """HTML reports (language, whole document) of one plant as one document, section by section."""
    parts = []
    for index, (lang, html) in enumerate(reports):
        found = _BODY.match(html)
        if found is None:  # a user's template without a body: nothing to align, keep them in order
            return "\n".join(text for _, text in reports)
        body = found.group(2) if index == 0 else _prefixed_ids(found.group(2), lang)
        parts.append((lang, _SECTION_HTML.split(body)))
    head, tail = _BODY.match(reports[0][1]).group(1, 3)  # type: ignore[union-attr]
    head = head.replace("</head>", _PAIR_CSS + "</head>", 1).replace("<body", '<body class="languages"', 1)
    rows = []
    for index in range(max(len(sections) for _, sections in parts)):
        cells = [f'<div lang="{lang}">{sections[index] if index < len(sections) else ""}</div>'
                 for lang, sections in parts]
        rows.append(f'<div class="pair">{"".join(cells)}</div>\n')
    return head + "".join(rows) + tail


def _prefixed_ids(html: str, lang: str) -> str:
    """The second language's anchors get their own ids, so each column's links stay in that column."""
    html = re.sub(r'\bid="([^"]+)"', rf'id="{lang}-\1"', html)
    return re.sub(r'\bhref="#([^"]+)"', rf'href="#{lang}-\1"', html)


def markdown_one_after_other(reports: list[tuple[str, str]]) -> str:
    """Markdown reports of one plant, interleaved section by section."""
    parts = [_SECTION_MD.split(text) for _, text in reports]
    out = []
    for index in range(max(len(sections) for sections in parts)):
        out += [sections[index].rstrip("\n") + "\n\n" for sections in parts if index < len(sections)]
    return "".join(out).rstrip("\n") + "\n"
