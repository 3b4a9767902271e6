"""Trainer mode: the case library, handouts that give nothing away, model answers, grading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support import example_files

from cpassess.kb import default_knowledge
from cpassess.kb.cases import case_folders, load_case
from cpassess.trainer import Work, case_problems, grade, model_answer, read_work

KB = default_knowledge()
CASES = case_folders(KB.root)
PLANT_LANGUAGES = {"id", "zh"}


def _model(case_id: str):
    return model_answer(load_case(KB.root, case_id), KB)


def test_every_sector_has_at_least_two_cases_from_beginner_to_advanced():
    for sector in KB.sector_ids:
        assert sum(1 for f in CASES.values() if f.parent.parent.name == sector) >= 2, sector
    levels = {load_case(KB.root, case_id).text.level for case_id in CASES}
    assert levels == {"beginner", "intermediate", "advanced"}


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_each_case_checks_clean_and_is_written_in_the_plants_language(case_id):
    assert case_problems(KB.root, case_id, KB) == []
    case = load_case(KB.root, case_id)
    assert case.text.language in PLANT_LANGUAGES
    assert case.translated(case.text.language), "the handout is offered in the plant's language"
    assert {"name", "country", "currency"} <= set(case.text.given)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_handout_names_no_measure_and_fills_in_only_what_it_gives(cli, case_id, tmp_path):
    case = load_case(KB.root, case_id)
    sector = KB.sector(case.sector)
    text = cli("case", "handout", case_id).stdout
    assert case.text.title in text and "## Questionnaire" in text
    for measure_id, measure in sector.measures.items():
        assert measure_id not in text and measure.title not in text, measure_id
    for wrong in case.discussion.wrong_answers:
        assert wrong.cost not in text
    target = tmp_path / "trainee.yaml"
    assert cli("case", "handout", case_id, "-o", target).exit_code == 0
    answered = {key for section in yaml.safe_load(target.read_text()).values() if isinstance(section, dict)
                for key, value in section.items() if value is not None}
    assert answered == set(case.text.given) & answered and answered, "only the handout's own answers"


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_model_questionnaire_and_its_best_proposal_score_full_marks(case_id, tmp_path):
    model = _model(case_id)
    proposal = {"trainee": "model", "measures": list(model.targets),
                "eop": model.eop[:1] if model.assessment.eop_needed else []}
    hand_in = yaml.safe_load(model.case.model.read_text(encoding="utf-8"))
    hand_in["proposal"] = proposal
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(hand_in, allow_unicode=True), encoding="utf-8")
    done = grade(model, read_work(path, model.case, KB), KB)
    assert done.score == 100, [(p.name, p.points, p.finding) for p in done.parts]
    assert all(a.verdict == "right" for a in done.answers) and done.missed == []


def _hand_in(tmp_path: Path, case_id: str, change, proposal=None) -> Path:
    data = yaml.safe_load(load_case(KB.root, case_id).model.read_text(encoding="utf-8"))
    change(data)
    if proposal is not None:
        data["proposal"] = proposal
    path = tmp_path / "trainee.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_unit_slip_a_missing_answer_and_eop_first_are_each_found_with_why_they_matter(tmp_path):
    model = _model("tofu-semarang-1")
    water = next(a for a in model.assessment.answers if a.field == "water_m3_per_day")

    def slip(data):
        data["water"]["water_m3_per_day"] = water.value * 1000  # litres written as cubic metres
        del data["byproducts"]["whey_destination"]

    eop = model.eop[0]
    path = _hand_in(tmp_path, "tofu-semarang-1", slip,
                    {"trainee": "Siti", "measures": [eop, *list(model.targets)[:3]], "eop": []})
    done = grade(model, read_work(path, model.case, KB), KB)
    verdicts = {a.field: a for a in done.answers if a.verdict != "right"}
    assert verdicts["water_m3_per_day"].verdict == "unit_slip"
    assert verdicts["water_m3_per_day"].factor == pytest.approx(1000)
    assert verdicts["whey_destination"].verdict == "missing"
    assert verdicts["whey_destination"].effect is not None, "the whey's route changes the assessment"
    parts = {p.name: p for p in done.parts}
    assert parts["cp_before_eop"].finding == "eop.before_cp" and parts["cp_before_eop"].points == 0
    assert parts["ranking"].points == 25  # the CP measures themselves are in the model's order
    assert 0 < done.score < 100
    assert set(done.missed) == set(list(model.targets)[3:])


def test_eop_where_cp_suffices_and_a_missed_eop_need_cost_what_the_rubric_says():
    model = _model("tofu-semarang-1")
    assert model.assessment.eop_needed
    top = list(model.targets)
    missed = grade(model, Work(file="a", trainee="a", plant=None, measures=top, proposed=True), KB)
    assert {p.name: p.points for p in missed.parts}["cp_before_eop"] == 12.5
    alone = grade(model, Work(file="b", trainee="b", plant=None, eop=model.eop[:1], proposed=True), KB)
    assert {p.name: p.finding for p in alone.parts}["cp_before_eop"] == "eop.without_cp"
    model.assessment.eop_needed = False  # the same proposal where CP would be enough
    bought = grade(model, Work(file="c", trainee="c", plant=None, measures=top, eop=model.eop[:1], proposed=True), KB)
    assert {p.name: p.finding for p in bought.parts}["cp_before_eop"] == "eop.bought_where_cp_suffices"


def test_measures_are_named_by_id_title_or_a_near_spelling_and_an_unknown_one_names_its_line(tmp_path):
    case = load_case(KB.root, "tofu-semarang-1")
    title = KB.sector("tofu").measures["M-TOF-OKARA-SALE"].title
    path = tmp_path / "p.yaml"
    path.write_text(f"proposal:\n  measures:\n    - m-tof-whey-coagulant\n    - {title.upper()}\n"
                    f"    - {title[:-1]}\n", encoding="utf-8")
    assert read_work(path, case, KB).measures == ["M-TOF-WHEY-COAGULANT", "M-TOF-OKARA-SALE", "M-TOF-OKARA-SALE"]
    path.write_text("proposal:\n  measures:\n    - Paint the walls green\n    - Fix the water volume per batch\n"
                    "    - Kumpulkan semua ampas tahu dan jual sebagai pakan ternak atau bahan pangan\n",
                    encoding="utf-8")
    work = read_work(path, case, KB)
    assert work.measures == ["M-TOF-WATER-PER-BATCH", "M-TOF-OKARA-SALE"], "a shortened title, an Indonesian one"
    assert [(line, text) for line, text, _ in work.unknown] == [(3, "Paint the walls green")]


def test_a_class_is_summed_up_and_a_bad_file_does_not_stop_the_others(cli, tmp_path):
    model = _model("tofu-semarang-1")
    top = list(model.targets)
    files = []
    for name, measures in (("ana", top[:4]), ("budi", top[2:6]), ("citra", top[:2])):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump({"proposal": {"trainee": name.title(), "measures": measures}}), encoding="utf-8")
        files.append(path)
    bad = tmp_path / "dewi.yaml"
    bad.write_text("proposal:\n  measures: [M-TOF-OKARA-SALE\n", encoding="utf-8")
    out = tmp_path / "class.html"
    result = cli("grade", "tofu-semarang-1", *files, bad, "-o", out)
    assert result.exit_code == 2 and "dewi.yaml:" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "3 trainees" in html and "Ana" in html and "Citra" in html and "dewi.yaml" in html
    title = KB.sector("tofu").measures[top[6]].title
    assert re.search(rf"{re.escape(title)}</td><td[^>]*>3</td>", html), "missed by all three"


def test_the_documents_come_in_every_format_and_in_the_plants_language(cli, tmp_path):
    for command in (("case", "handout"), ("case", "answer")):
        for suffix in (".md", ".html", ".pdf"):
            out = tmp_path / f"x{suffix}"
            result = cli(*command, "tofu-semarang-1", "-o", out, "--lang", "id")
            assert result.exit_code == 0, result.output
            assert out.read_bytes()[:5] == b"%PDF-" if suffix == ".pdf" else out.stat().st_size > 1000
    case = load_case(KB.root, "tofu-semarang-1", "id")
    handout = cli("case", "handout", "tofu-semarang-1", "--lang", "id").stdout
    assert case.text.title in handout and "[EN]" not in handout
    answer = cli("case", "answer", "tofu-semarang-1").stdout
    assert load_case(KB.root, "tofu-semarang-1").discussion.main_problem.split()[0] in answer
    assert "# Cleaner Production assessment: " in answer


def test_cases_lists_the_library_and_bad_requests_are_one_line(cli):
    listed = cli("cases").stdout.splitlines()
    assert len(listed) == len(CASES) and any(line.startswith("tofu-semarang-1 ") for line in listed)
    result = cli("case", "handout", "tofu-semarang")
    assert result.exit_code == 2 and "unknown case 'tofu-semarang'" in result.stderr and "did you mean" in result.stderr
    assert cli("case", "handout", "tofu-semarang-1", "-f", "pdf").exit_code == 2
    assert "proposal:" in cli("case", "proposal", "tofu-semarang-1").stdout


@pytest.mark.parametrize("path", [p for s in KB.sector_ids for p in example_files(s)], ids=lambda p: p.stem)
def test_example_plants_keep_no_comment_that_gives_the_outcome_away(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = " ".join(m.group(1) for line in lines if (m := re.search(r"(?:^|\s)#(.*)$", line)))
    outcome = r"\bM-[A-Z]{3}-[A-Z0-9-]+|\b[A-Z]{3}-\d{3}\b|\brecommend|\bexpect|\btriggers?\b|needs? (EOP|end-of-pipe)"
    assert not re.search(outcome, comments, re.IGNORECASE), comments
