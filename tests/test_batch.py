"""A city's batch: every input kind, one bad plant never stopping the others, reruns, the roll-up."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml
from support import example_files

from cpassess.batch.rollup import Rollup, summarise
from cpassess.pipeline import assess
from cpassess.plant import load_plant

TOFU = example_files("tofu")
BROKEN = "sector: tofu\nplant:\n  name: Broken\n  employees: many\n"


@pytest.fixture
def plants(tmp_path):
    folder = tmp_path / "plants"
    (folder / "semarang").mkdir(parents=True)
    for path in TOFU:
        shutil.copy(path, folder / "semarang" / path.name)
    (folder / "semarang" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def test_a_folder_of_plants_with_a_bad_file_gives_every_good_report_and_the_roll_up(cli, plants, tmp_path):
    out = tmp_path / "city"
    before = {p: p.read_bytes() for p in plants.rglob("*.yaml")}
    result = cli("batch", plants, "-o", out, "-j", "2")
    assert result.exit_code == 2
    assert "broken.yaml:4: employees: 'many' is not a number" in result.stderr
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["plants"] == len(TOFU) and len(rollup["failed"]) == 1
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(f"semarang__{p.stem}.html" for p in TOFU)
    rows = list(csv.DictReader((out / "plants.csv").open(encoding="utf-8-sig")))
    assert len(rows) == len(TOFU) + 1 and sum(1 for r in rows if r["error"]) == 1
    assert {p: p.read_bytes() for p in plants.rglob("*.yaml")} == before, "inputs are never modified"
    from openpyxl import load_workbook

    sheet = load_workbook(out / "plants.xlsx", read_only=True)["Plants"]
    assert sum(1 for _ in sheet.iter_rows()) == len(TOFU) + 2
    sheet = load_workbook(out / "plants.xlsx")["Plants"]  # for an office to sort and filter
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:AB{len(TOFU) + 2}"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/semarang__semarang-traditional.html"' in html and "Where a shared facility may pay" in html
    assert '<a href="plants.xlsx">plants.xlsx</a>' in html


def test_a_rerun_takes_unchanged_plants_from_the_last_run_and_assesses_a_changed_one(cli, plants, tmp_path):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-j", "1")
    first = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    again = cli("batch", plants, "-o", out, "-j", "1")
    assert f"({len(TOFU)} unchanged since the last run); 1 file or row could not be assessed" in again.stderr
    changed = plants / "semarang" / TOFU[0].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    third = cli("batch", plants, "-o", out, "-j", "1")
    assert f"({len(TOFU) - 1} unchanged since the last run" in third.stderr
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["savings"] == first["savings"] and rollup["measures"] == first["measures"]


def test_an_interrupted_run_keeps_its_reports_leaves_no_roll_up_or_part_file_and_a_rerun_finishes(
        cli, plants, tmp_path, monkeypatch):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-j", "1", "-f", "json")
    (plants / "semarang" / TOFU[0].name).write_text(  # changed: this run has work to do
        TOFU[0].read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    calls = []

    def stop_after_two(self, summary):  # Ctrl-C while the third plant comes in
        calls.append(summary)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(Rollup, "add", stop_after_two)
        stopped = cli("batch", plants, "-o", out, "-j", "1", "-f", "json")
    assert stopped.exit_code == 130 and "interrupted after 2 plants" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert sorted(p.name for p in out.iterdir()) == [".cpassess-batch.sqlite", "reports"], \
        "no roll-up of the last run beside this run's reports, no part-written table"
    again = cli("batch", plants, "-o", out, "-j", "1", "-f", "json")
    assert again.exit_code == 2 and (out / "index.html").is_file()
    assert json.loads((out / "rollup.json").read_text(encoding="utf-8"))["plants"] == len(TOFU)


def test_the_roll_up_sums_each_resource_now_and_after_cp_as_each_plant_assessed_it(cli, plants, tmp_path):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "none", "-j", "1")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    expected: dict[str, list[float]] = {}
    for path in TOFU:
        for resource, (now, after) in assess(load_plant(path)).totals["resources"].items():
            total = expected.setdefault(f"tofu|{resource}", [0, 0.0, 0.0])
            total[0] += 1
            total[1] += round(now, 4)
            total[2] += round(after, 4)
    assert rollup["resources"].keys() == expected.keys() and expected
    for key, (plants_, now, after) in expected.items():
        assert rollup["resources"][key][0] == plants_
        assert rollup["resources"][key][1:] == pytest.approx([now, after])
    assert any(after < now for _, now, after in expected.values()), "CP saves some resource in these plants"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Resources a day, now and after Cleaner Production" in html
    # kilograms of firewood, pellets and LPG are never one sum: a row per fuel
    fuels = {key for key in rollup["resources"] if key.startswith("tofu|cooking_fuel")}
    assert {"tofu|cooking_fuel:firewood", "tofu|cooking_fuel:lpg"} <= fuels and "tofu|cooking_fuel" not in fuels
    assert ">Cooking fuel (Firewood or wood waste)</td>" in html and ">Cooking fuel (LPG)</td>" in html


def test_the_roll_up_in_two_languages_side_by_side(cli, plants, tmp_path):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "none", "--lang", "id,en")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="pair"' in html and "City screening: city" in html and "Penapisan tingkat kota: city" in html


def test_inputs_with_no_plant_are_an_error_that_leaves_the_folder_as_it_was(cli, plants, tmp_path):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "json")
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for typo in (str(tmp_path / "plant" / "**" / "*.yaml"), str(tmp_path)):
        if typo == str(tmp_path):
            (tmp_path / "empty").mkdir()
            typo = str(tmp_path / "empty")
        result = cli("batch", typo, "-o", out)
        assert result.exit_code == 2 and "no plant files or survey rows in" in result.stderr
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_plant_reached_by_two_inputs_counts_once(cli, plants, tmp_path):
    out = tmp_path / "city"
    one = plants / "semarang" / TOFU[0].name
    listed = tmp_path / "list.txt"
    listed.write_text(f"{plants}\n{one}\n", encoding="utf-8")
    cli("batch", plants, one, str(plants / "**" / "*.yaml"), listed, "-o", out, "-f", "none")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["plants"] == len(TOFU) and len(rollup["failed"]) == 1


def test_a_ph_out_of_its_range_is_no_times_the_limit_and_only_plants_over_a_limit_are_ranked(cli, tmp_path):
    folder = tmp_path / "ph"
    folder.mkdir()
    good = next(p for p in TOFU if p.stem == "semarang-good-practice")
    (folder / "acid.yaml").write_text(good.read_text(encoding="utf-8").replace("effluent_ph: 7.1", "effluent_ph: 3.5"),
                                      encoding="utf-8")
    summary = summarise(assess(load_plant(folder / "acid.yaml")), "acid.yaml", None)
    assert "pH" in summary.exceeds_after and summary.worst != "pH"
    out = tmp_path / "city"
    cli("batch", folder, "-o", out, "-f", "none")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert all(entry["parameter"] != "pH" for entry in rollup["worst"])
    if all(entry["times_limit"] <= 1 for entry in rollup["worst"]):
        assert "Plants over a limit, by the parameter" not in (out / "rollup.md").read_text(encoding="utf-8")


def test_plants_with_a_limit_not_known_are_counted_and_said_not_taken_as_compliant():
    from cpassess.kb import default_knowledge
    from cpassess.report.rollup import rollup_document
    from cpassess.report.words import words

    rollup = Rollup()
    for path in example_files("steel"):
        rollup.add(summarise(assess(load_plant(path)), str(path), None))
    unknown = [p for p in example_files("steel")
               if any(x.status_now == "limit_unknown" for x in assess(load_plant(p)).projections)]
    assert unknown and rollup.limits_unknown == len(unknown)
    text = rollup_document(rollup, [(default_knowledge(), words("en"))], "md", "steel")
    assert f"{len(unknown)} plants have a parameter whose applicable limit is not known" in text


def test_an_earlier_output_folder_a_listed_comment_and_a_second_visit_are_handled(cli, plants, tmp_path):
    cli("batch", plants, "-o", plants / "city-2025", "-f", "json")  # last year's output, inside the inputs
    second = yaml.safe_load(TOFU[0].read_text(encoding="utf-8"))
    second["plant"]["plant_id"] = "SMG-7"
    for name in ("visit-2025.yaml", "visit-2026.yaml"):
        (plants / name).write_text(yaml.safe_dump(second, allow_unicode=True), encoding="utf-8")
    listed = tmp_path / "plants.txt"
    listed.write_text("\ufeff# the city\n" + f"{plants}   # all of them\n", encoding="utf-8")
    out = tmp_path / "city"
    result = cli("batch", listed, "-o", out, "-f", "none")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["plants"] == len(TOFU) + 2 and len(rollup["failed"]) == 1, result.stderr
    assert rollup["plant_ids"] == {"SMG-7": 2}
    assert "1 plant id is given by more than one file" in (out / "rollup.md").read_text(encoding="utf-8")


def test_one_process_and_several_give_the_same_roll_up(cli, plants, tmp_path):
    results = []
    for workers in ("1", "2"):
        out = tmp_path / f"city{workers}"
        cli("batch", plants, "-o", out, "-j", workers, "-f", "none")
        data = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
        results.append(data)
    assert results[0] == results[1]


def test_a_survey_csv_is_a_plant_per_row_and_a_bad_row_names_its_line_and_field(cli, tmp_path):
    survey = tmp_path / "survey.csv"
    with survey.open("w", encoding="utf-8", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(["plant_id", "name", "city", "country", "soybean_kg_per_day", "whey_destination",
                        "wastewater_m3_per_day"])
        table.writerow(["SMG-1", "Tahu Satu", "Semarang", "ID", "80", "drain", "2.9 m3/day"])
        table.writerow(["SMG-2", "Tahu Dua", "Semarang", "ID", "lots", "drain", "4"])
        table.writerow(["SMG-3", "Tahu Tiga", "Semarang", "ID", "120", "drain_most", "3.5"])
    out = tmp_path / "city"
    result = cli("batch", survey, "--sector", "tofu", "-o", out, "-f", "json")
    assert result.exit_code == 2
    assert "survey.csv:3: soybean_kg_per_day: 'lots' is not a number" in result.stderr
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["survey-SMG-1.json", "survey-SMG-3.json"]
    header = tmp_path / "bad-header.csv"
    header.write_text("name,soybean_kg_per_dy\nTahu,80\n", encoding="utf-8")
    result = cli("batch", header, "--sector", "tofu", "-o", tmp_path / "city2", "-f", "none")
    assert "bad-header.csv:1: soybean_kg_per_dy: no question 'soybean_kg_per_dy' in sector tofu (did you mean " \
           "'soybean_kg_per_day'?)" in result.stderr


def test_a_survey_with_a_remarks_column_and_decimal_commas_is_read_row_by_row(cli, tmp_path):
    survey = tmp_path / "survei.csv"
    survey.write_text("plant_id;name;city;country;soybean_kg_per_day;wastewater_m3_per_day;Catatan;notes\n"
                      "SMG-1;Tahu Satu;Semarang;ID;80;2,9;pak RT;boiler baru\n"
                      "SMG-2;Tahu Dua;Semarang;ID;120;4,5;;\n", encoding="utf-8")
    out = tmp_path / "city"
    result = cli("batch", survey, "--sector", "tofu", "-o", out, "-f", "json")
    assert result.stderr.count("no question 'Catatan' in sector tofu") == 1 and result.exit_code == 2
    reports = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (out / "reports").iterdir()}
    assert sorted(reports) == ["survei-SMG-1.json", "survei-SMG-2.json"]
    answers = {a["field"]: a["value"] for a in reports["survei-SMG-1.json"]["answers"]}
    assert answers["wastewater_m3_per_day"] == 2.9
    assert reports["survei-SMG-1.json"]["plant"]["notes"] == {"": "boiler baru"}


def test_a_survey_csv_in_a_folder_is_read_with_the_plant_files_beside_it(cli, plants, tmp_path):
    (plants / "semarang" / "kampung.csv").write_text(
        "plant_id,name,city,country,soybean_kg_per_day,whey_destination\nKMP-1,Tahu Kampung,Semarang,ID,90,drain\n",
        encoding="utf-8")
    out = tmp_path / "city"
    cli("batch", plants, "--sector", "tofu", "-o", out, "-f", "json")
    assert "kampung-KMP-1.json" in {p.name for p in (out / "reports").iterdir()}
    assert json.loads((out / "rollup.json").read_text(encoding="utf-8"))["plants"] == len(TOFU) + 1


def test_a_list_file_and_a_quoted_glob_are_inputs_too(cli, plants, tmp_path):
    listed = tmp_path / "plants.txt"
    listed.write_text("# the Semarang cluster\n" + "\n".join(f"plants/semarang/{p.name}" for p in TOFU[:2]) + "\n",
                      encoding="utf-8")
    out = tmp_path / "city"
    assert cli("batch", listed, str(plants / "**" / "semarang-t*.yaml"), "-o", out, "-f", "none").exit_code == 0
    assert json.loads((out / "rollup.json").read_text(encoding="utf-8"))["plants"] == 3


def test_plants_in_one_city_that_need_eop_after_cp_are_a_shared_facility_with_their_residual_loads_summed(tmp_path):
    rollup = Rollup()
    residual = 0.0
    for index in range(3):
        data = yaml.safe_load(TOFU[-1].read_text(encoding="utf-8"))  # semarang-traditional
        data["plant"]["name"] = f"Maker {index}"
        data["production"]["soybean_kg_per_day"] = 80 + 20 * index
        path = tmp_path / f"m{index}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        a = assess(load_plant(path))
        assert a.eop_needed
        cod = next(p for p in a.projections if p.parameter == "COD")
        residual += cod.load_after
        summary = summarise(a, str(path), None)
        assert summary.excess["COD"][0] == pytest.approx(cod.load_now * (cod.current - cod.limit_max) / cod.current,
                                                         rel=1e-3), "kg/day over what the limit allows at its flow"
        rollup.add(summary)
    [cluster] = rollup.shared()
    assert (cluster.sector, cluster.city, cluster.needing_eop) == ("tofu", "Semarang", 3)
    assert cluster.residual["COD"] == pytest.approx(residual)
    assert rollup.measures["M-TOF-OKARA-SALE"] == 3
    assert len(rollup.excess_top["COD"]) == 3 and rollup.excess["COD"][0] > rollup.excess["COD"][1] > 0


def test_a_report_that_cannot_be_written_is_its_plants_one_line_error_and_the_others_are_written(cli, plants, tmp_path):
    out = tmp_path / "city"
    blocked = out / "reports" / f"semarang__{TOFU[0].stem}.json"
    blocked.mkdir(parents=True)  # a folder where the report would go
    result = cli("batch", plants, "-o", out, "-f", "json", "-j", "1")
    assert result.exit_code == 2
    assert f"semarang__{TOFU[0].stem}.json: cannot write here" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    written = sorted(p.name for p in (out / "reports").iterdir() if p.is_file())
    assert written == sorted(f"semarang__{p.stem}.json" for p in TOFU[1:])
    assert not [p for p in (out / "reports").iterdir() if p.name.endswith(".tmp")]


def test_the_roll_up_says_the_day_it_was_run_and_the_program_version(cli, plants, tmp_path):
    import datetime

    from cpassess import __version__

    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "none", "--lang", "en,id")
    today = datetime.date.today()
    assert json.loads((out / "rollup.json").read_text(encoding="utf-8"))["date"] == today.isoformat()
    md = (out / "rollup.md").read_text(encoding="utf-8")
    assert f"Assessed on {today.isoformat()} with cpassess {__version__}" in md
    assert f"Dikaji pada {today.day} " in md and f"cpassess {__version__}" in md


def test_a_plant_name_that_reads_as_a_formula_or_an_error_stays_text_in_the_tables(cli, tmp_path):
    from openpyxl import load_workbook

    folder = tmp_path / "plants"
    folder.mkdir()
    for stem, name in (("formula", "=HYPERLINK(\"http://x\",\"y\")"), ("error", "#N/A"), ("plain", "Tahu Jaya")):
        data = yaml.safe_load(TOFU[0].read_text(encoding="utf-8"))
        data["plant"]["name"] = name
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "city"
    assert cli("batch", folder, "-o", out, "-f", "none", "-j", "1").exit_code == 0
    sheet = load_workbook(out / "plants.xlsx")["Plants"]
    names = {row[2].value: row[2].data_type for row in sheet.iter_rows(min_row=2)}
    assert names == {"=HYPERLINK(\"http://x\",\"y\")": "s", "#N/A": "s", "Tahu Jaya": "s"}
    rows = list(csv.DictReader((out / "plants.csv").open(encoding="utf-8-sig")))
    assert {r["name"] for r in rows} == {"'=HYPERLINK(\"http://x\",\"y\")", "#N/A", "Tahu Jaya"}


def test_another_folder_added_to_a_batch_leaves_the_reports_of_the_first_as_they_were(cli, tmp_path):
    for city in ("semarang", "kudus"):
        (tmp_path / city).mkdir()
        shutil.copy(TOFU[0], tmp_path / city / "pabrik-1.yaml")
    out = tmp_path / "city"
    cli("batch", tmp_path / "semarang", "-o", out, "-f", "json", "-j", "1")
    result = cli("batch", tmp_path / "semarang", tmp_path / "kudus", "-o", out, "-f", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    # the first folder's report keeps its name (links sent out still work) and is taken from the last run
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["pabrik-1-2.json", "pabrik-1.json"]
    assert "(1 unchanged since the last run)" in result.stderr


@pytest.mark.parametrize(("options", "said"), [
    (("-f", "json", "--lang", "id,en"), "a json report has one language"),
    (("--sector", "tofuu"), "unknown sector 'tofuu' (did you mean 'tofu'?)"),
])
def test_options_that_would_fail_every_plant_are_one_error_that_leaves_the_last_run_as_it_was(
        cli, plants, tmp_path, options, said):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "json", "-j", "1")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = cli("batch", plants, "-o", out, "-j", "1", *options)
    assert result.exit_code == 2 and said in result.stderr and result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_input_that_holds_no_plant_beside_good_ones_is_named_not_skipped_in_silence(cli, plants, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # a pre-2007 workbook in a folder
    out = tmp_path / "city"
    result = cli("batch", plants / "semarang" / TOFU[0].name, str(tmp_path / "plnts" / "**" / "*.yaml"), empty,
                 sheets, "-o", out, "-f", "none", "-j", "1")
    assert result.exit_code == 2
    assert "plnts/**/*.yaml: no plant files or survey rows here" in result.stderr
    assert "empty.csv" in result.stderr and "old.xls" in result.stderr and ".xlsx" in result.stderr
    assert json.loads((out / "rollup.json").read_text(encoding="utf-8"))["plants"] == 1


def test_the_input_folder_as_the_output_folder_is_said_so(cli, plants):
    result = cli("batch", plants, "-o", plants)
    assert result.exit_code == 2 and "is the folder to write into as well as an input" in result.stderr


def test_a_semicolon_survey_reads_thousands_with_a_dot_and_refuses_a_decimal_point(cli, tmp_path):
    survey = tmp_path / "survei.csv"
    survey.write_text("plant_id;name;city;country;soybean_kg_per_day;wastewater_m3_per_day\n"
                      "SMG-1;Tahu Satu;Semarang;ID;1.200;12,5\n"
                      "SMG-2;Tahu Dua;Semarang;ID;1.200,5;4\n"
                      "SMG-3;Tahu Tiga;Semarang;ID;120;4.5\n", encoding="utf-8")
    out = tmp_path / "city"
    result = cli("batch", survey, "--sector", "tofu", "-o", out, "-f", "json")
    assert result.exit_code == 2
    assert "survei.csv:4: wastewater_m3_per_day: '4.5': a survey separated by semicolons writes decimals" \
           in result.stderr
    reports = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (out / "reports").iterdir()}
    soy = {name: {a["field"]: a["value"] for a in r["answers"]}["soybean_kg_per_day"] for name, r in reports.items()}
    assert soy == {"survei-SMG-1.json": 1200, "survei-SMG-2.json": 1200.5}


def test_a_mistyped_question_in_a_surveys_header_stops_the_survey_not_its_answers(cli, tmp_path):
    survey = tmp_path / "survei.csv"
    survey.write_text("plant_id,name,soybean_kg_per_dya\nSMG-1,Tahu Satu,80\n", encoding="utf-8")
    result = cli("batch", survey, "--sector", "tofu", "-o", tmp_path / "city", "-f", "none")
    assert result.exit_code == 2
    assert "survei.csv:1: soybean_kg_per_dya: no question 'soybean_kg_per_dya' in sector tofu (did you mean " \
           "'soybean_kg_per_day'?): correct the header" in result.stderr
    assert json.loads((tmp_path / "city" / "rollup.json").read_text(encoding="utf-8"))["plants"] == 0


def test_answers_that_disagree_are_counted_and_their_impossible_figure_left_out_of_the_sums(cli, tmp_path):
    folder = tmp_path / "plants"
    folder.mkdir()
    midsize = next(p for p in TOFU if p.stem == "semarang-midsize")
    for stem, recovered, plant_id in (("a", 700, "SMG-1"), ("b", 900, "SMG-2"), ("c", 700, "SMG-1")):
        data = yaml.safe_load(midsize.read_text(encoding="utf-8"))
        data["byproducts"]["okara_recovered_kg_per_day"] = recovered  # b: more recovered than made
        data["plant"]["plant_id"] = plant_id
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "city"
    cli("batch", folder, "-o", out, "-f", "none", "-j", "1")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["resources"]["tofu|okara_lost"][0] == 2, "the plant whose answers disagree is left out"
    assert rollup["resources"]["tofu|okara_lost"][1] == pytest.approx(80)
    assert rollup["to_check"] == 1
    md = (out / "rollup.md").read_text(encoding="utf-8")
    summary = md.split("\n## ")[1]
    assert "1 plant has answers that disagree with each other" in md
    assert "1 plant id is given by more than one file with no later visit date among them: each file is counted" \
        in summary


def test_a_ranking_cut_short_says_how_many_there_are_and_where_they_all_are():
    from dataclasses import replace

    from cpassess.kb import default_knowledge
    from cpassess.report.rollup import SHOWN, rollup_document
    from cpassess.report.words import words

    traditional = next(p for p in TOFU if p.stem == "semarang-traditional")
    one = summarise(assess(load_plant(traditional)), "x.yaml", None)
    assert one.times_now and one.times_now > 1 and one.saving
    rollup = Rollup()
    for index in range(SHOWN + 5):
        rollup.add(replace(one, name=f"Tahu {index}", source=f"p{index}.yaml"))
    text = rollup_document(rollup, [(default_knowledge(), words("en"))], "md", "city")
    assert text.count(f"The first {SHOWN} of {SHOWN + 5}: rollup.json has them all") >= 2  # ranking, savings
    worst = text.split("## Plants furthest over their limits")[1].split("\n## ")[0]
    assert sum(line.startswith("| Tahu ") for line in worst.splitlines()) == SHOWN


def test_a_survey_saved_in_excels_own_code_page_is_told_to_save_it_as_utf8(cli, tmp_path):
    survey = tmp_path / "survei.csv"
    survey.write_bytes(b"plant_id,name,city\nSMG-1,Tahu Sumber Rejeki,Pekalongan\n"
                       + "SMG-2,Tahu Citarasa Lezat Gurih,Kudus é\n".encode("cp1252"))
    result = cli("batch", survey, "--sector", "tofu", "-o", tmp_path / "city", "-f", "none")
    assert result.exit_code == 2 and 'survei.csv: is not UTF-8 text: in Excel, save it as "CSV UTF-8"' in result.stderr


def test_a_plants_earlier_visit_beside_its_later_one_is_left_out_so_the_plant_counts_once(cli, tmp_path):
    folder = tmp_path / "plants"
    folder.mkdir()
    traditional = next(p for p in TOFU if p.stem == "semarang-traditional")
    for stem, visit, plant_id in (("visit-2025", "2025-11-04", "SMG-1"), ("visit-2026", "2026-11-10", "SMG-1"),
                                  ("other", "2025-11-04", "SMG-2")):
        data = yaml.safe_load(traditional.read_text(encoding="utf-8"))
        data["plant"].update(plant_id=plant_id, visit_date=visit)
        if stem == "visit-2026":
            data["byproducts"].update(okara_destination="sold_feed", okara_recovered_kg_per_day=160)
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "city"
    for _ in range(2):  # the second run takes every plant from the first: the same roll-up
        cli("batch", folder, "-o", out, "-f", "none", "-j", "1")
        rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
        assert rollup["plants"] == 2 and rollup["earlier_visits"] == 1 and rollup["plant_ids"] == {}
        first_only = assess(load_plant(folder / "other.yaml")).totals["cp_annual_saving_sum"]
        later = assess(load_plant(folder / "visit-2026.yaml")).totals["cp_annual_saving_sum"]
        assert rollup["savings"]["IDR"] == pytest.approx(first_only + later)
    assert "1 file is a plant's earlier visit, left out" in (out / "rollup.md").read_text(encoding="utf-8")
    rows = list(csv.DictReader((out / "plants.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 3, "plants.csv lists every file"
    assert rollup["unchanged"] == 2, "of the plants counted, both taken from the first run"
    (folder / "other.yaml").write_text(BROKEN, encoding="utf-8")  # good last run, bad now: not counted
    cli("batch", folder, "-o", out, "-f", "none", "-j", "1")
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert rollup["plants"] == 1 and len(rollup["failed"]) == 1 and rollup["earlier_visits"] == 1


def test_a_surveys_own_columns_are_left_out_and_its_text_is_not_read_as_a_number(cli, tmp_path):
    survey = tmp_path / "survei.csv"
    survey.write_text("plant_id;name;latitude;regency;soybean_kg_per_day\n"
                      "001.234;Tahu 2.5;-6.99;Semarang;1.200\n", encoding="utf-8")
    out = tmp_path / "city"
    result = cli("batch", survey, "--sector", "tofu", "-o", out, "-f", "json")
    assert "no question 'latitude' in sector tofu: the column is left out of every row" in result.stderr
    assert "read no further" not in result.stderr
    [report] = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "reports").iterdir()]
    assert report["plant"]["plant_id"] == "001.234" and report["plant"]["name"] == "Tahu 2.5"
    assert {a["field"]: a["value"] for a in report["answers"]}["soybean_kg_per_day"] == 1200


def test_an_input_that_now_holds_nothing_keeps_its_last_reports(cli, plants, tmp_path):
    out = tmp_path / "city"
    cli("batch", plants, "-o", out, "-f", "json", "-j", "1")
    before = sorted(p.name for p in (out / "reports").iterdir())
    result = cli("batch", str(tmp_path / "plnts"), plants / "semarang" / TOFU[0].name, "-o", out, "-f", "json")
    assert result.exit_code == 2 and "plnts: no such file or folder" in result.stderr
    assert set(before) <= {p.name for p in (out / "reports").iterdir()}, "none of the last run's reports removed"


def test_a_rerun_assesses_a_later_visit_again_when_its_earlier_visits_file_changed(cli, tmp_path):
    folder = tmp_path / "plants"
    (folder / "2026").mkdir(parents=True)
    (folder / "2025").mkdir()
    traditional = next(p for p in TOFU if p.stem == "semarang-traditional")
    first = yaml.safe_load(traditional.read_text(encoding="utf-8"))
    first["plant"].update(plant_id="SMG-1", visit_date="2025-11-04")
    second = yaml.safe_load(yaml.safe_dump(first))
    second["plant"]["visit_date"] = "2026-11-10"
    second["previous_visit"] = "../2025/tahu.yaml"
    (folder / "2025" / "tahu.yaml").write_text(yaml.safe_dump(first), encoding="utf-8")
    (folder / "2026" / "tahu.yaml").write_text(yaml.safe_dump(second), encoding="utf-8")
    out = tmp_path / "city"
    cli("batch", folder / "2026", "-o", out, "-f", "none", "-j", "1")
    first["actions"] = {"M-TOF-WHEY-BIOGAS": {"status": "rejected", "reason": "no space behind the house"}}
    (folder / "2025" / "tahu.yaml").write_text(yaml.safe_dump(first), encoding="utf-8")
    again = cli("batch", folder / "2026", "-o", out, "-f", "none", "-j", "1")
    assert "(0 unchanged since the last run)" in again.stderr
    rollup = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert "M-TOF-WHEY-BIOGAS" not in rollup["measures"], "the rejection the earlier file now records stands"


def test_a_plant_whose_saving_cannot_be_priced_is_counted_not_left_out_in_silence():
    from cpassess.kb import default_knowledge
    from cpassess.report.rollup import rollup_document
    from cpassess.report.words import words

    rollup = Rollup()
    for path in example_files("cement"):
        rollup.add(summarise(assess(load_plant(path)), str(path), None))
    unpriced = [p for p in example_files("cement")
                if assess(load_plant(p)).totals.get("cp_annual_saving_sum") is None]
    assert unpriced and rollup.savings_unknown == len(unpriced)
    text = rollup_document(rollup, [(default_knowledge(), words("en"))], "md", "cement")
    assert "cannot be priced yet (" in text and "in none of these sums" in text
