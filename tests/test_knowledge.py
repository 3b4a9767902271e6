"""The whole knowledge base: every link, every unit, and every rule's cases (pytest -k TOF-003)."""

from __future__ import annotations

import re

import pytest

from cpassess.check import check_knowledge, check_sector, run_case
from cpassess.kb import default_knowledge, load_sector
from cpassess.kb.files import package_root as data_root
from cpassess.kb.measures import HIERARCHY_LEVEL as TECHNIQUES
from cpassess.kb.rules import load_cases
from cpassess.report.words import words

EVIDENCE_LABELS = words().entry("evidence")

SECTORS = default_knowledge().sector_ids


def all_cases():
    seen = set()
    for name in SECTORS:
        sector = load_sector(name)
        for rule in sorted(sector.rules.values(), key=lambda r: r.id):
            if rule.id in seen:
                continue
            seen.add(rule.id)
            cases, doc = load_cases(rule)
            for index, case in enumerate(cases):
                yield pytest.param(name, rule.id, index, id=f"{rule.id}:{case.name}")


def all_rules():
    seen = set()
    for name in SECTORS:
        for rule_id in sorted(load_sector(name).rules):
            if rule_id not in seen:
                seen.add(rule_id)
                yield pytest.param(name, rule_id, id=rule_id)


@pytest.mark.parametrize("sector_id,rule_id,index", list(all_cases()))
def test_rule_case(sector_id, rule_id, index):
    sector = load_sector(sector_id)
    rule = sector.rules[rule_id]
    cases, doc = load_cases(rule)
    assert run_case(sector, rule, cases[index], doc, index) is None


@pytest.mark.parametrize("sector_id,rule_id", list(all_rules()))
def test_rule_has_a_case_where_it_fires_and_one_where_it_does_not(sector_id, rule_id):
    cases, _ = load_cases(load_sector(sector_id).rules[rule_id])
    assert {"fires", "silent"} <= {case.expect for case in cases}


def test_the_whole_knowledge_base_checks_clean():
    assert check_knowledge() == []


@pytest.mark.parametrize("sector_id", SECTORS)
def test_every_figure_cites_a_known_source_with_an_evidence_mark(sector_id):
    sector = load_sector(sector_id)
    for where, figure in sector.cited_numbers():
        assert figure.source in sector.sources, where
        assert figure.evidence in EVIDENCE_LABELS, where


@pytest.mark.parametrize("sector_id", SECTORS)
def test_rules_and_common_rules_cover_five_cp_techniques_and_eop(sector_id):
    sector = load_sector(sector_id)
    techniques = {sector.measures[m].technique for r in sector.rules.values() for m in r.recommend}
    assert len(techniques - {"treatment"}) >= 5
    assert "treatment" in techniques
    own = [r for r in sector.rules.values() if not r.file.replace("\\", "/").count("/rules/common/")]
    assert len(own) >= 15


def test_rule_ids_are_stable_and_files_sit_where_their_id_says():
    for name in SECTORS:
        for rule in load_sector(name).rules.values():
            assert re.fullmatch(r"[A-Z]{3}-\d{3}", rule.id)
            assert rule.file.endswith(f"{rule.id}.yaml")


def test_every_rule_file_has_its_cases_file_and_no_case_file_is_orphaned():
    for folder in (data_root() / "rules").iterdir():
        rules = {p.name[:-5] for p in folder.glob("*.yaml") if not p.name.endswith(".cases.yaml")}
        cases = {p.name[:-11] for p in folder.glob("*.cases.yaml")}
        assert rules == cases, folder


def test_measures_use_the_eight_cp_techniques_or_treatment():
    for name in SECTORS:
        for key, measure in load_sector(name).measures.items():
            assert measure.technique in TECHNIQUES, key


def test_the_fixture_knowledge_base_checks_clean(mini):
    assert check_sector(mini) == []


def test_check_lists_every_broken_rule_at_the_line_that_breaks(tmp_path, cli):
    import shutil

    from support import FIXTURE_KB

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    second = kb / "rules" / "mini" / "MIN-002.yaml"
    second.write_text(second.read_text().replace("field: waste_to_drain, op", "field: waste_to_drian, op"))
    first = kb / "rules" / "mini" / "MIN-001.yaml"
    first.write_text(first.read_text().replace("recommend: [M-MINI-WATER]", "recommend: [M-MINI-WATR]"))
    result = cli("--knowledge", kb, "check", env={"CPASSESS_KNOWLEDGE": str(kb)})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{first}:4: recommend: recommends unknown measure 'M-MINI-WATR'",
        f"{second}:7: waste_to_drian: unknown field 'waste_to_drian' (did you mean 'waste_to_drain'?)"]


def test_boiler_and_compressed_air_details_wait_for_their_gate():
    sector = load_sector(SECTORS[0])
    for key, field in sector.fields.items():
        if sector.field_section[key] == "boiler" and key != "has_boiler":
            assert field.asked_if is not None, key
    for key in ("compressor_kw", "compressor_hours_per_day", "air_leak_survey_last_12_months"):
        assert sector.fields[key].asked_if is not None, key


@pytest.mark.parametrize("because", ["{output_t_per_day:.2f}", "{}", "{output_t_per_day!r}", "{nope}"])
def test_placeholders_are_bare_known_names(tmp_path, because):
    import shutil

    from support import FIXTURE_KB

    from cpassess.errors import CpError

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    rule = kb / "rules" / "mini" / "MIN-002.yaml"
    rule.write_text(rule.read_text().replace('"Waste goes to the drain."', f'"Waste {because}."'))
    with pytest.raises(CpError, match="because"):
        load_sector("mini", kb)


@pytest.mark.parametrize(("kind", "accepted"), [("treatment", True), ("fuel_kg_per_day", False), ("nope", False)])
def test_a_resource_of_several_kinds_names_a_choice_question(tmp_path, kind, accepted):
    import shutil

    from support import FIXTURE_KB

    from cpassess.errors import CpError

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    sector = kb / "sectors" / "mini" / "sector.yaml"
    sector.write_text(sector.read_text().replace("unit: kg/day, daily_cost:", f"unit: kg/day, kind: {kind}, "
                                                                              "daily_cost:"))
    if accepted:
        assert load_sector("mini", kb).resources["fuel"].kind == kind
    else:
        with pytest.raises(CpError, match=f"kind '{kind}' is not a choice question"):
            load_sector("mini", kb)
