"""Score cpassess against published CP audits: which published measures it recommends, per case and overall.

    python validation/run.py [--sector tofu]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

import cpassess

HERE = Path(__file__).parent


def score(questionnaire: Path) -> dict[str, object]:
    expected = yaml.safe_load(questionnaire.with_name(f"{questionnaire.stem}.expected.yaml").read_text())
    recommended = {m for r in cpassess.assess(questionnaire).recommendations for m in r.measure_ids}
    wanted = [m for m in expected["measures"] if m.get("measure") and m.get("status") != "rejected"]
    rejected = {m["measure"] for m in expected["measures"] if m.get("measure") and m.get("status") == "rejected"}
    found = [m["measure"] for m in wanted if m["measure"] in recommended]
    return {"case": expected["case"], "published": len(expected["measures"]), "in_catalogue": len(wanted),
            "recommended": len(found), "missed": sorted({m["measure"] for m in wanted} - recommended),
            "against_rejection": sorted(rejected & recommended)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sector", choices=["tofu", "cement"])
    args = parser.parse_args()
    total = {"published": 0, "in_catalogue": 0, "recommended": 0}
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and (not args.sector or p.name == args.sector)):
        for questionnaire in sorted(q for q in folder.glob("*.yaml") if not q.name.endswith(".expected.yaml")):
            row = score(questionnaire)
            for key in total:
                total[key] += int(row[key])  # type: ignore[call-overload]
            missed = ", ".join(row["missed"]) or "-"  # type: ignore[arg-type]
            print(f"{folder.name:7} {row['case']:36} published {row['published']:2}  in catalogue "
                  f"{row['in_catalogue']:2}  recommended {row['recommended']:2}  missed {missed}"
                  + (f"  AGAINST REJECTION {row['against_rejection']}" if row["against_rejection"] else ""))
    print(f"overall: {total['recommended']} of {total['in_catalogue']} published measures that the catalogue "
          f"has are recommended ({total['published']} published in all)")


if __name__ == "__main__":
    main()
