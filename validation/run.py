"""Score cpassess against published CP audits: which published measures it recommends, per case and overall.

    python validation/run.py [--sector tofu] [--savings]

A published measure counts as recommended when cpassess recommends it confirmed or likely (the two
are counted apart), itself or inside a package it recommends; a recommendation of a measure the
case rejected is flagged; --savings sets the savings a case reports beside what cpassess computes
for the same measure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

import cpassess

HERE = Path(__file__).parent


def score(questionnaire: Path) -> dict[str, object]:
    expected = yaml.safe_load(questionnaire.with_name(f"{questionnaire.stem}.expected.yaml").read_text())
    assessment = cpassess.assess(questionnaire)
    status = {m: r.status for r in assessment.recommendations for m in r.measure_ids}
    sector = cpassess.knowledge_base().sector(assessment.sector["id"])
    for r in assessment.recommendations:  # a package recommended covers the measures inside it
        for inside in sector.measures[r.measure_id].package_of:
            status.setdefault(inside, r.status)
    wanted = [m for m in expected["measures"] if m.get("measure") and m.get("status") != "rejected"]
    rejected = {m["measure"] for m in expected["measures"] if m.get("measure") and m.get("status") == "rejected"}
    found = [m["measure"] for m in wanted if m["measure"] in status]
    savings = []
    for m in expected["measures"]:
        if m.get("saving") and m.get("measure") in status:
            ours = next(r for r in assessment.recommendations if m["measure"] in r.measure_ids)
            savings.append(f"{m['measure']}: published {m['saving']['value']} {m['saving']['unit']}; cpassess "
                           + "; ".join(f"{s.name} {s.amount_per_year:,.0f} {s.unit}" for s in ours.savings
                                       if s.amount_per_year is not None)
                           + (f"; {ours.annual_saving:,.0f} {ours.currency}/year" if ours.annual_saving else ""))
    return {"case": expected["case"], "published": len(expected["measures"]), "in_catalogue": len(wanted),
            "recommended": len(found), "likely": sum(status[m] == "likely" for m in found),
            "missed": sorted({m["measure"] for m in wanted} - set(status)),
            "against_rejection": sorted(rejected & set(status)), "savings": savings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sector", choices=sorted(p.name for p in HERE.iterdir() if p.is_dir()))
    parser.add_argument("--savings", action="store_true", help="show published savings beside cpassess's")
    args = parser.parse_args()
    total = {"published": 0, "in_catalogue": 0, "recommended": 0, "likely": 0}
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and (not args.sector or p.name == args.sector)):
        for questionnaire in sorted(q for q in folder.glob("*.yaml") if not q.name.endswith(".expected.yaml")):
            row = score(questionnaire)
            for key in total:
                total[key] += int(row[key])  # type: ignore[call-overload]
            missed = ", ".join(row["missed"]) or "-"  # type: ignore[arg-type]
            print(f"{folder.name:7} {row['case']:36} published {row['published']:2}  in catalogue "
                  f"{row['in_catalogue']:2}  recommended {row['recommended']:2} ({row['likely']} likely)  "
                  f"missed {missed}"
                  + (f"  AGAINST REJECTION {row['against_rejection']}" if row["against_rejection"] else ""))
            if args.savings:
                for line in row["savings"]:  # type: ignore[attr-defined]
                    print(f"        {line}")
    print(f"overall: {total['recommended']} of {total['in_catalogue']} published measures that the catalogue "
          f"has are recommended, {total['likely']} of them as likely ({total['published']} published in all)")


if __name__ == "__main__":
    main()
