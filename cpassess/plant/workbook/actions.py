"""A follow-up visit in the workbook: the plant sheet's `previous_visit` row and the Actions sheet (what
the plant decided on each measure since the earlier visit), written blank and read back into the
`previous_visit` and `actions` a YAML questionnaire holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema import ACTION_STATUSES
from .book import Sheet, letter, number_text
from .rows import Rows
from .words import ACTIONS, C_ANSWER, C_ID, C_NOTE, C_QUESTION, HEADER_ROW, ID, META, PLAIN, PREVIOUS

if TYPE_CHECKING:
    from .writer import Writer

# The Actions sheet's columns after the hidden id (A) and the measure's title (B), from C on:
# the key of an action in the YAML -> the word of its header, its width and what it holds.
COLUMNS: dict[str, tuple[str, float, str]] = {
    "status": ("action_status", 17, "status"), "date": ("action_date", 14, "date"),
    "owner": ("action_owner", 20, "text"), "target_date": ("action_target_date", 14, "date"),
    "reason": ("action_reason", 40, "text"), "realised_saving": ("action_saving", 20, "saving"),
    "realised_investment": ("action_investment", 20, "money")}
FIRST = C_ANSWER  # the column of the first of them
MEASURE_WIDTH = 45
STATUS_LIST = "action_status"  # its column's head on the hidden sheet


def statuses(w: dict[str, str]) -> dict[str, str]:
    """Each status the YAML takes -> its word in the workbook's language."""
    return {status: w[f"status_{status}"] for status in ACTION_STATUSES}


# -- writing -------------------------------------------------------------------------------------------

def status_list(writer: Writer, ws: Any, column: int) -> None:
    """The statuses' words on the hidden sheet, in `column`, for the Status drop-down."""
    labels = list(statuses(writer.w).values())
    ws.cell(1, column, STATUS_LIST)
    for row, label in enumerate(labels, start=2):
        ws.cell(row, column, label).number_format = "@"
    writer.lists[STATUS_LIST] = f"{META}!${letter(column)}$2:${letter(column)}${len(labels) + 1}"


def previous_row(writer: Writer, ws: Any, row: int) -> int:
    """The plant sheet's row for the file of the plant's earlier visit: a text answer."""
    ws.cell(row, C_ID, PREVIOUS)
    writer._question(ws, row, writer.w["previous_visit"], writer.w["previous_visit_help"])
    writer._answer(ws, row, text=True)
    note = ws.cell(row, C_NOTE)
    note.border, note.alignment = writer.border, writer.wrap
    return row + 1


def actions_sheet(writer: Writer, ws: Any) -> None:
    """A row per measure of the sector: its status, dates, owner, reason and what it realised."""
    from .writer import row_height

    w = writer.w
    more = {column: (w[word], width) for column, (word, width, _) in enumerate(COLUMNS.values(), start=FIRST)}
    more[C_QUESTION] = (w["measure"], MEASURE_WIDTH)
    row = writer._start(ws, w["actions_title"], w["measure"], (C_ID, C_QUESTION), more)
    width = MEASURE_WIDTH + sum(width for _, width, _ in COLUMNS.values())
    row = writer._text_row(ws, row, w["actions_intro"], (C_ID, C_QUESTION, *more), width)
    status = writer._validation("list", formula1=writer.lists[STATUS_LIST], error=w["choice_error"],
                                title=w["choice_error_title"])
    money = writer._validation("decimal", operator="greaterThanOrEqual", formula1="0",
                               error=w["number_error"].format(expect=w["number_at_least"].format(low=0)),
                               title=w["number_error_title"])
    ws.add_data_validation(status)
    ws.add_data_validation(money)
    for measure_id, measure in writer.sector.measures.items():
        ws.cell(row, C_ID, measure_id)
        title = ws.cell(row, C_QUESTION, measure.title)
        title.alignment, title.border = writer.wrap, writer.border
        for column, (_, _, kind) in enumerate(COLUMNS.values(), start=FIRST):
            cell = ws.cell(row, column)
            cell.fill, cell.border, cell.alignment = writer.answer_fill, writer.border, writer.wrap
            if kind == "date":
                cell.number_format = "yyyy-mm-dd"  # a date typed in any form shows as 2026-05-01
            elif kind == "text":
                cell.number_format = "@"
            elif kind == "status":
                status.add(cell)
            elif kind == "money":
                money.add(cell)  # a saving may be negative (a loss): no check there but the reader's
        ws.row_dimensions[row].height = row_height(measure.title, MEASURE_WIDTH)
        row += 1


# -- reading -------------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


class ActionRows(Rows):
    """Reads the Actions sheet besides the questions' rows."""

    def _actions(self, sheet: Sheet, data: dict[str, Any]) -> None:
        columns = self._action_columns(sheet)
        if columns is None:
            return
        assert sheet.header is not None
        id_column = sheet.columns["id"]
        self.cells[(ACTIONS,)] = (sheet.name, None)
        actions: dict[str, dict[str, Any]] = {}
        rows: dict[str, int] = {}
        for row in range(sheet.header + 1, len(sheet.rows) + 1):
            raw_id = sheet.value(row, id_column)
            measure_id = str(raw_id).strip() if raw_id is not None else ""
            if not measure_id:
                written = next((c for c in columns.values() if str(sheet.value(row, c) or "").strip()), None)
                if written is not None:
                    self.problem(f"an answer in a row with no measure id in column {ID!r}: the row was added or "
                                 f"its id deleted", sheet.name, f"{letter(written)}{row}")
                continue
            action: dict[str, Any] = {}
            for key, column in columns.items():
                coordinate = f"{letter(column)}{row}"
                value = self._cell(sheet, row, column, f"{ACTIONS}.{measure_id}.{key}")
                if value is not None:
                    value = self._action_value(key, value, sheet.name, coordinate, measure_id)
                if value is not None:
                    action[key] = value
            if not action:
                continue
            if measure_id in actions:
                self.problem(f"appears twice (also row {rows[measure_id]})", sheet.name,
                             f"{letter(id_column)}{row}", measure_id)
                continue
            rows[measure_id] = row
            actions[measure_id] = action
            self.cells[(ACTIONS, measure_id)] = (sheet.name, f"{letter(id_column)}{row}")
            for key, column in columns.items():
                self.cells[(ACTIONS, measure_id, key)] = (sheet.name, f"{letter(column)}{row}")
        if actions:
            data[ACTIONS] = actions

    def _action_columns(self, sheet: Sheet) -> dict[str, int] | None:
        """The column of each action key by its header (in the workbook's language, English or the
        YAML's own key); None and a problem if the sheet has no id column."""
        roles = {ID: "id"}
        for w in (self.english, self.w):
            roles[_plain(w["measure"])] = "measure"
            roles.update({_plain(w[word]): key for key, (word, _, _) in COLUMNS.items()})
        roles.update({_plain(key): key for key in COLUMNS})
        for row in range(1, min(len(sheet.rows), 12) + 1):
            found: dict[str, int] = {}
            for column, value in enumerate(sheet.rows[row - 1], start=1):
                if isinstance(value, str) and _plain(value) in roles:
                    found.setdefault(roles[_plain(value)], column)
            if "id" in found:
                sheet.header, sheet.columns = row, found
                return {key: column for key, column in found.items() if key in COLUMNS}
        self.problem(f"no column headed {ID!r} with the measures' ids (it is column A, hidden; was it deleted?): "
                     f"the rows cannot be told apart; fill a workbook made by `cpassess questionnaire`",
                     sheet.name, f"A{HEADER_ROW}", unreadable=True)
        return None

    def _action_value(self, key: str, value: Any, sheet: str, cell: str, measure_id: str) -> Any:
        kind = COLUMNS[key][2]
        if kind == "status":
            text = _plain(str(value))
            for status in ACTION_STATUSES:
                if text in {_plain(status), _plain(self.w[f"status_{status}"]),
                            _plain(self.english[f"status_{status}"])}:
                    return status
            shown = list(statuses(self.w).values())
            self.problem(f"{value!r} is not a status: choose {', '.join(shown[:-1])} or {shown[-1]}", sheet, cell,
                         f"{ACTIONS}.{measure_id}.status")
            return None
        if kind in ("money", "saving"):
            if isinstance(value, str) and PLAIN.match(value):
                return float(value) if any(c in value for c in ".eE") else int(value)
            return value  # the YAML path says what is wrong with anything else
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return number_text(value)  # a date or a name typed as a number is text, as the YAML keeps it
        return value if isinstance(value, str) else str(value)
