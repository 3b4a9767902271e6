"""Country names, and ISO 3166 alpha-3 codes, as a plant may write them, to ISO 3166 alpha-2 codes."""

from __future__ import annotations

# A small table rather than a dependency: the countries a plant assessed here is likely to be in,
# their ISO 3166-1 short names and the names people write. Keys are lower case.
_NAMES = {
    "BD": ("bangladesh", "bgd"),
    "BN": ("brunei", "brunei darussalam", "brn"),
    "BT": ("bhutan", "btn"),
    "CN": ("china", "people's republic of china", "peoples republic of china", "prc", "p.r. china",
           "pr china", "chn", "中国", "中华人民共和国"),
    "DE": ("germany", "deu"),
    "FI": ("finland", "fin", "suomi"),
    "ID": ("indonesia", "republic of indonesia", "idn"),
    "IN": ("india", "ind", "bharat"),
    "JP": ("japan", "jpn", "日本"),
    "KH": ("cambodia", "khm", "kampuchea"),
    "KR": ("korea", "south korea", "republic of korea", "korea, republic of", "kor", "한국", "대한민국"),
    "LA": ("laos", "lao pdr", "lao people's democratic republic", "lao"),
    "LK": ("sri lanka", "lka"),
    "MM": ("myanmar", "burma", "mmr"),
    "MN": ("mongolia", "mng"),
    "MY": ("malaysia", "mys"),
    "NP": ("nepal", "npl"),
    "PH": ("philippines", "the philippines", "phl"),
    "PK": ("pakistan", "pak"),
    "SG": ("singapore", "sgp"),
    "TH": ("thailand", "tha", "ประเทศไทย"),
    "TL": ("timor-leste", "east timor", "tls"),
    "TW": ("taiwan", "twn"),
    "US": ("united states", "united states of america", "usa", "u.s.a.", "u.s."),
    "VN": ("viet nam", "vietnam", "vnm", "việt nam"),
}
CODES = {name: code for code, names in _NAMES.items() for name in (code.lower(), *names)}
NAMES = {code: names[0].title() if names[0].isascii() else code for code, names in _NAMES.items()}
NAMES.update({"VN": "Viet Nam", "KR": "Republic of Korea", "LA": "Lao PDR", "TL": "Timor-Leste"})


def country_code(text: str) -> str | None:
    """'Indonesia', 'idn' or 'id' -> 'ID'; None if the name is not in the table."""
    return CODES.get(" ".join(text.strip().lower().split()))
