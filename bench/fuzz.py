"""Generated plants in bulk: every sector's invariants on many plants (the CI test runs a small sample).

    python bench/fuzz.py [--n 10000] [--sector tofu]

Prints, per sector, the plants tried, the failures (with the first one's answers) and plants per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_properties import check_invariants, plants  # noqa: E402

from cpassess.kb import default_knowledge  # noqa: E402


def fuzz(sector_id: str, n: int) -> dict[str, object]:
    sector = default_knowledge().sector(sector_id)
    seen: dict[str, object] = {"plants": 0, "failures": 0, "kinds": {}}

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(plants(sector))
    def run(data: dict) -> None:
        seen["plants"] += 1  # type: ignore[operator]
        try:
            check_invariants(data)
        except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
            seen["failures"] += 1  # type: ignore[operator]
            kind = f"{type(exc).__name__}: {str(exc)[:120]}"
            seen["kinds"].setdefault(kind, data)  # type: ignore[attr-defined]

    start = time.perf_counter()
    run()
    seen["plants_per_s"] = round(seen["plants"] / (time.perf_counter() - start), 1)  # type: ignore[operator]
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--sector")
    args = parser.parse_args()
    for sector_id in [args.sector] if args.sector else default_knowledge().sector_ids:
        result = fuzz(sector_id, args.n)
        print(f"{sector_id:8} plants {result['plants']}, failures {result['failures']}, "
              f"plants_per_s {result['plants_per_s']}")
        for kind, data in result["kinds"].items():  # type: ignore[attr-defined]
            print(f"  {kind}\n    on {data}")


if __name__ == "__main__":
    main()
