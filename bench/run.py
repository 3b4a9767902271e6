"""Speed and memory of cpassess, each figure beside a baseline measured in the same run.

    python bench/run.py [--sector tofu] [--n 2000] [--memory-n 10000] [--repeat 7] [--only city,stages]

1. CLI: `cpassess assess <example> -f html -o <file>` as a whole process, against a bare
   interpreter importing the same stack (pydantic, jinja2, click, durable_rules, yaml). pydantic
   2 imports lazily, so two more baselines load what using it loads: pydantic_core (its validator,
   which cpassess uses for questionnaires), and BaseModel. Medians of --repeat runs.
2. Throughput: validate + infer + JSON for N generated plants in one process (plants/s).
3. Inference alone: the durable_rules stages against a plain-Python evaluation of the same
   compiled conditions on the same facts (ratio).
4. Memory: resident set growth over --memory-n assessments in one process.
5. City batch: `run_batch` (cpassess batch) on N and 4N generated plants to JSON reports and the
   roll-up, on every core, in plants/s, against the single-process throughput of (2) in the same
   run; the parent's resident-set growth at both sizes (flat means streaming holds); the CPU a plant
   takes in the parent (sources, rerun state, roll-up, plants.csv and .xlsx) and in the workers
   (their start-up included: it weighs on the smaller batch).
6. Where a batch plant's time goes: reading and validating its file, the assessment (the rule engine's
   share apart), the JSON, writing it and the roll-up's summary, per plant in one process, each as a
   share of the whole; and 100,000 plants' time on every core at the batch rate of (5).
7. Floor: what any design pays here per plant before assessing anything: the plant file read and
   parsed by libyaml, the rule engine's sessions (durable_rules, the chosen engine), the JSON
   (orjson) and a file written and renamed; against the whole batch plant, alternated plant by
   plant; and the most plants/s the cores could give at the floor alone.
8. Formats: one plant's report rendered as Markdown and HTML, against its JSON (the baseline),
   alternated plant by plant: what `cpassess batch -f html` (the default) adds per plant.
9. Grading: a class of trainees' questionnaires graded against a case (per trainee), against
   assessing the same questionnaires (the baseline), at n and 4n trainees: flat means a ratio near 1.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STACK = "import pydantic, jinja2, click, yaml; import durable.engine"


def timed_process(argv: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def generated_plants(sector_id: str, n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Variations of the shipped examples: numbers scaled, choices and flags changed, gaps made."""
    import yaml

    from cpassess.kb import load_sector
    from cpassess.kb.files import package_root as data_root

    sector = load_sector(sector_id)
    bases = [yaml.safe_load(p.read_text()) for p in
             sorted((data_root() / "sectors" / sector_id / "examples").glob("*.yaml"))]
    rng = random.Random(seed)
    plants = []
    for index in range(n):
        base = rng.choice(bases)
        plant: dict[str, Any] = {"sector": sector_id}
        for section, answers in base.items():
            if section == "sector" or not isinstance(answers, dict):
                continue
            out = plant.setdefault(section, {})
            for key, value in answers.items():
                field = sector.fields.get(key)
                if field is None:  # a section's notes
                    out[key] = value
                    continue
                if key != "name" and rng.random() < 0.05:
                    continue  # an unanswered question
                if field.type == "number" and isinstance(value, (int, float)):
                    value = value * rng.uniform(0.5, 1.5)
                    if field.max is not None:
                        value = min(value, field.max)
                    if field.min is not None:
                        value = max(value, field.min)
                elif field.type == "choice" and rng.random() < 0.3:
                    value = rng.choice(list(field.choices or {}))
                elif field.type == "boolean" and rng.random() < 0.2:
                    value = not value
                out[key] = value
        plant["plant"]["name"] = f"Plant {index}"
        plants.append(plant)
    return plants


def plant_files(sector_id: str, n: int, seed: int, folder: Path) -> list[Path]:
    """`generated_plants` written as plant files, as a city's folder holds them."""
    import yaml

    paths = []
    for index, plant in enumerate(generated_plants(sector_id, n, seed=seed)):
        paths.append(folder / f"p{index}.yaml")
        paths[-1].write_text(yaml.safe_dump(plant))
    return paths


@contextmanager
def engine_time(spent: dict[str, float]) -> Iterator[None]:
    """The rule engine's share of what runs inside, added to spent["engine"]."""
    import cpassess.engine as engine

    run = engine.CompiledStage.run

    def timed_run(self: Any, facts: Any) -> Any:
        start = time.perf_counter()
        try:
            return run(self, facts)
        finally:
            spent["engine"] += time.perf_counter() - start

    engine.CompiledStage.run = timed_run  # type: ignore[method-assign]
    try:
        yield
    finally:
        engine.CompiledStage.run = run  # type: ignore[method-assign]


def bench_cli(sector_id: str, repeat: int) -> dict[str, float]:
    """`cpassess assess` in each format and language against importing its stack, alternated run by
    run: each ratio is the median of the ratios of adjacent pairs, so the machine's drift cancels."""
    import compileall
    import importlib.util

    import cpassess
    from cpassess.kb.files import package_root as data_root

    # An installed wheel has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    # would otherwise recompile cpassess on every run and time the compiler.
    compileall.compile_dir(str(Path(cpassess.__file__).parent), quiet=1)
    example = sorted((data_root() / "sectors" / sector_id / "examples").glob("*.yaml"))[0]
    cpassess = str(Path(sys.executable).with_name("cpassess"))
    kinds = {"md": ["-f", "md"], "html": ["-f", "html"], "html_id": ["-f", "html", "--lang", "id"],
             "html_zh_en": ["-f", "html", "--lang", "zh,en"]}
    if importlib.util.find_spec("weasyprint"):
        kinds["pdf"] = ["-f", "pdf"]
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in kinds.items():
            command = [cpassess, "assess", str(example), *args, "-o", str(Path(tmp) / f"report-{name}")]
            timed_process(command, 1)  # warm the caches
            stacks, clis = [], []
            for _ in range(repeat):
                stacks.append(timed_process([sys.executable, "-c", STACK], 1))
                clis.append(timed_process(command, 1))
            out[f"{name}_s"] = statistics.median(clis)
            out[f"{name}_ratio"] = statistics.median(c / s for c, s in zip(clis, stacks, strict=True))
        out["stack_import_s"] = statistics.median(stacks)
    return out


def bench_throughput(sector_id: str, n: int) -> dict[str, float]:
    from cpassess.pipeline import assess
    from cpassess.plant import read_plant
    from cpassess.report import render
    from cpassess.yamlio import Document

    plants = generated_plants(sector_id, n)
    for plant in plants[:50]:
        render(assess(read_plant(Document(plant, {}, "bench"))), "json")
    start = time.perf_counter()
    for plant in plants:
        render(assess(read_plant(Document(plant, {}, "bench"))), "json")
    elapsed = time.perf_counter() - start
    return {"plants": n, "seconds": elapsed, "plants_per_s": n / elapsed}


def bench_inference(sector_id: str, n: int) -> dict[str, float]:
    from cpassess.conditions import evaluate
    from cpassess.kb import load_sector
    from cpassess.pipeline.facts import derive
    from cpassess.pipeline.infer import compiled
    from cpassess.plant import read_plant
    from cpassess.yamlio import Document

    sector = load_sector(sector_id)
    facts = [derive(sector, read_plant(Document(p, {}, "bench")).answers)
             for p in generated_plants(sector_id, n)]
    stage, rules = compiled(sector, "cp"), sector.rules_for("cp")
    for f in facts[:50]:
        stage.run([f])
    start = time.perf_counter()
    fired_engine = [{rule_id for rule_id, _ in stage.run([f])} for f in facts]
    engine_s = time.perf_counter() - start
    start = time.perf_counter()
    fired_python = [{r.id for r in rules if evaluate(r.when, f) is True} for f in facts]
    python_s = time.perf_counter() - start
    agree = sum(a == b for a, b in zip(fired_engine, fired_python, strict=True))
    fires = statistics.mean(len(f) for f in fired_python)
    return {"plants": n, "durable_rules_s": engine_s, "plain_python_s": python_s,
            "ratio": engine_s / python_s, "agree": agree, "mean_rules_fired": fires,
            "rules": len(rules)}


def bench_batch(sector_id: str, n: int) -> dict[str, float]:
    """Many plants into one folder (write_reports): plants/s at n and 4n files; flat means a ratio near 1."""
    import yaml

    from cpassess.report.output import write_reports

    plants = generated_plants(sector_id, 4 * n, seed=5)
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (n, 4 * n):
            src, out = Path(tmp) / f"in{size}", Path(tmp) / f"out{size}"
            src.mkdir()
            out.mkdir()
            paths = []
            for index, plant in enumerate(plants[:size]):
                path = src / f"p{index}.yaml"
                path.write_text(yaml.safe_dump(plant))
                paths.append(path)
            start = time.perf_counter()
            for _ in write_reports(paths, out, "json"):
                pass
            rates[size] = size / (time.perf_counter() - start)
    return {"plants_small": n, "per_s_small": rates[n], "plants_large": 4 * n, "per_s_large": rates[4 * n],
            "ratio_large_to_small": rates[4 * n] / rates[n]}


def bench_city(sector_id: str, n: int) -> dict[str, float]:
    import os

    import psutil
    import yaml

    from cpassess.batch.tables import PlantTables
    from cpassess.kb import default_knowledge
    from cpassess.report.citywide import run_batch

    kb = default_knowledge()
    plants = generated_plants(sector_id, 4 * n, seed=9)
    out: dict[str, float] = {"cores": os.cpu_count() or 1}
    process = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (n, 4 * n):
            src = Path(tmp) / f"in{size}"
            src.mkdir()
            for index, plant in enumerate(plants[:size]):
                (src / f"p{index:06d}.yaml").write_text(yaml.safe_dump(plant))
            before, cpu = process.memory_info().rss, os.times()
            start = time.perf_counter()
            folder = Path(tmp) / f"out{size}"
            folder.mkdir()
            with PlantTables(folder) as tables:  # plants.csv and plants.xlsx, as `cpassess batch` writes them
                run_batch([str(src)], folder, kb=kb, fmt="json", each=tables.add)
            out[f"plants_per_s_{size}"] = size / (time.perf_counter() - start)
            out[f"parent_rss_growth_mib_{size}"] = (process.memory_info().rss - before) / 2**20
            spent = os.times()
            # CPU a plant: the parent's (sources, state, roll-up, tables) and the workers' (the assessment)
            out[f"parent_cpu_ms_per_plant_{size}"] = 1000 * (spent.user + spent.system - cpu.user - cpu.system) / size
            out[f"workers_cpu_ms_per_plant_{size}"] = 1000 * (spent.children_user + spent.children_system
                                                              - cpu.children_user - cpu.children_system) / size
    single = bench_throughput(sector_id, n)["plants_per_s"]
    out["single_process_plants_per_s"] = single
    out["ratio_to_single_process"] = out[f"plants_per_s_{4 * n}"] / single
    return out


def bench_stages(sector_id: str, n: int, city_rate: float) -> dict[str, float]:
    import os

    from cpassess.batch.rollup import summarise
    from cpassess.jsonio import to_json
    from cpassess.kb import as_knowledge, default_knowledge
    from cpassess.pipeline import assess
    from cpassess.plant import load_plant
    from cpassess.report.output import replace_whole

    kb = as_knowledge(str(default_knowledge().root), "en")
    spent = dict.fromkeys(("read", "assess", "engine", "json", "write", "summary"), 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = plant_files(sector_id, n, 13, Path(tmp))
        for path in paths[:20]:
            to_json(assess(load_plant(str(path), kb)), compact=True)
        with engine_time(spent):
            for path in paths:
                marks = [time.perf_counter()]
                plant = load_plant(str(path), kb)
                marks.append(time.perf_counter())
                assessment = assess(plant)
                marks.append(time.perf_counter())
                text = to_json(assessment, compact=True)
                marks.append(time.perf_counter())
                replace_whole(Path(tmp) / f"r{path.stem}.json", text)
                marks.append(time.perf_counter())
                summarise(assessment, str(path), None)
                marks.append(time.perf_counter())
                for key, start, end in zip(("read", "assess", "json", "write", "summary"), marks, marks[1:],
                                           strict=False):
                    spent[key] += end - start
    total = sum(v for k, v in spent.items() if k != "engine")
    out: dict[str, float] = {"ms_per_plant": 1000 * total / n}
    out.update({f"{k}_share": v / total for k, v in spent.items()})
    out["cores"] = os.cpu_count() or 1
    out["minutes_for_100k_at_batch_rate"] = 100_000 / city_rate / 60
    out["plants_per_s_needed_for_100k_in_1_min"] = 100_000 / 60
    return out


def bench_floor(sector_id: str, n: int) -> dict[str, float]:
    import os

    import orjson
    import yaml

    from cpassess.jsonio import to_json
    from cpassess.kb import as_knowledge, default_knowledge
    from cpassess.pipeline import assess
    from cpassess.plant import load_plant
    from cpassess.report.output import replace_whole

    kb = as_knowledge(str(default_knowledge().root), "en")
    spent = dict.fromkeys(("read", "engine", "json", "write", "whole"), 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = plant_files(sector_id, n, 17, Path(tmp))
        for path in paths[:20]:
            to_json(assess(load_plant(str(path), kb)), compact=True)
        with engine_time(spent):
            for index, path in enumerate(paths):
                start = time.perf_counter()  # the whole plant, as a batch worker does it
                assessment = assess(load_plant(str(path), kb))
                replace_whole(Path(tmp) / f"w{index}.json", to_json(assessment, compact=True))
                marks = [time.perf_counter()]  # then the floor's parts alone, on the same plant
                with open(path, "rb") as handle:
                    yaml.load(handle.read(), Loader=yaml.CSafeLoader)  # noqa: S506 - libyaml's safe loader
                marks.append(time.perf_counter())
                data = orjson.dumps(assessment)
                marks.append(time.perf_counter())
                temporary = os.path.join(tmp, f".f{index}.tmp")
                with open(temporary, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, os.path.join(tmp, f"f{index}.json"))
                marks.append(time.perf_counter())
                spent["whole"] += marks[0] - start
                for key, begin, end in zip(("read", "json", "write"), marks, marks[1:], strict=False):
                    spent[key] += end - begin
    floor = spent["read"] + spent["engine"] + spent["json"] + spent["write"]
    cores = os.cpu_count() or 1
    out = {f"{key}_ms": 1000 * value / n for key, value in spent.items()}
    out.update(floor_ms=1000 * floor / n, whole_to_floor=spent["whole"] / floor, cores=cores,
               most_plants_per_s_at_the_floor=cores * n / floor)
    return out


def bench_formats(sector_id: str, n: int) -> dict[str, float]:
    from cpassess.pipeline import assess
    from cpassess.plant import read_plant
    from cpassess.report import render
    from cpassess.yamlio import Document

    assessments = [assess(read_plant(Document(p, {}, "bench"))) for p in generated_plants(sector_id, n, seed=19)]
    kinds = ("json", "md", "html")
    for assessment in assessments[:20]:
        for kind in kinds:
            render(assessment, kind)
    spent = dict.fromkeys(kinds, 0.0)
    for assessment in assessments:
        for kind in kinds:
            start = time.perf_counter()
            render(assessment, kind)
            spent[kind] += time.perf_counter() - start
    out = {f"{kind}_ms": 1000 * spent[kind] / n for kind in kinds}
    out.update({f"{kind}_to_json": spent[kind] / spent["json"] for kind in ("md", "html")})
    return out


def bench_grading(case_id: str, n: int) -> dict[str, float]:
    """Trainees' questionnaires (the case's model with answers dropped or scaled) graded against the
    case, alternated with assessing the same questionnaires; per-trainee times at n and 4n."""
    import yaml

    from cpassess.kb import default_knowledge
    from cpassess.kb.cases import load_case
    from cpassess.pipeline import assess
    from cpassess.plant import load_plant
    from cpassess.trainer import grade, model_answer, read_work

    kb = default_knowledge()
    case = load_case(kb.root, case_id)
    model = model_answer(case, kb)
    fields = kb.sector(case.sector).fields
    base = yaml.safe_load(case.model.read_text(encoding="utf-8"))
    rng = random.Random(3)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for index in range(4 * n):
            trainee = {s: dict(v) if isinstance(v, dict) else v for s, v in base.items()}
            for section in trainee.values():
                if isinstance(section, dict):
                    for key in [k for k in section if k != "name" and rng.random() < 0.15]:
                        value = section.pop(key)
                        number = isinstance(value, (int, float)) and not isinstance(value, bool)
                        if number and fields[key].max is None and rng.random() < 0.5:  # a unit slip
                            section[key] = value * 1000
            path = Path(tmp) / f"t{index}.yaml"
            path.write_text(yaml.safe_dump(trainee, allow_unicode=True), encoding="utf-8")
            paths.append(path)
        for size in (n, 4 * n):
            grading, assessing = [], []
            for path in paths[:size]:  # alternated, a ratio per trainee
                start = time.perf_counter()
                grade(model, read_work(path, case, kb), kb)
                grading.append(time.perf_counter() - start)
                start = time.perf_counter()
                assess(load_plant(path, kb))
                assessing.append(time.perf_counter() - start)
            out[f"per_trainee_s_{size}"] = statistics.median(grading)
            out[f"ratio_to_assess_{size}"] = statistics.median(g / a for g, a in zip(grading, assessing, strict=True))
    out["growth_4n_to_n"] = out[f"per_trainee_s_{4 * n}"] / out[f"per_trainee_s_{n}"]
    return out


def bench_memory(sector_id: str, n: int) -> dict[str, float]:
    import psutil

    from cpassess.pipeline import assess
    from cpassess.plant import read_plant
    from cpassess.report import render
    from cpassess.yamlio import Document

    plants = generated_plants(sector_id, 500, seed=11)
    process = psutil.Process()
    for plant in plants:  # warm-up: caches, interned strings, compiled templates
        render(assess(read_plant(Document(plant, {}, "bench"))), "json")
    before = process.memory_info().rss
    for index in range(n):
        render(assess(read_plant(Document(plants[index % len(plants)], {}, "bench"))), "json")
    after = process.memory_info().rss
    return {"assessments": n, "rss_before_mib": before / 2**20, "rss_after_mib": after / 2**20,
            "growth_mib": (after - before) / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sector", default="tofu")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--memory-n", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--case", default="cement-dalian-1", help="the case the grading bench grades against")
    parser.add_argument("--trainees", type=int, default=10)
    parser.add_argument("--city-n", type=int, default=500, help="plants of the smaller city batch (4x for the larger)")
    parser.add_argument("--only", help="comma-separated sections to run (default all): " + ", ".join(
        ("cli", "throughput", "inference", "batch", "memory", "city", "stages", "floor", "formats", "grading")))
    args = parser.parse_args()
    sections: dict[str, Any] = {
        "cli": lambda: bench_cli(args.sector, args.repeat),
        "throughput": lambda: bench_throughput(args.sector, args.n),
        "inference": lambda: bench_inference(args.sector, args.n),
        "batch": lambda: bench_batch(args.sector, max(args.n // 4, 50)),
        "memory": lambda: bench_memory(args.sector, args.memory_n),
        "city": lambda: bench_city(args.sector, args.city_n),
        "stages": lambda: bench_stages(args.sector, args.n, results["city"][f"plants_per_s_{4 * args.city_n}"]),
        "floor": lambda: bench_floor(args.sector, args.n),
        "formats": lambda: bench_formats(args.sector, max(args.n // 4, 50)),
        "grading": lambda: bench_grading(args.case, args.trainees),
    }
    wanted = args.only.split(",") if args.only else list(sections)
    if "stages" in wanted and "city" not in wanted:
        wanted.insert(wanted.index("stages"), "city")  # the stages scale the batch rate of the city section
    results: dict[str, dict[str, float]] = {}
    for name in wanted:
        if name not in sections:
            parser.error(f"no section {name!r}: {', '.join(sections)}")
        results[name] = sections[name]()
    for name, figures in results.items():
        line = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                         for k, v in figures.items())
        print(f"{name:11} {line}")


if __name__ == "__main__":
    main()
