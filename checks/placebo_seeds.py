"""Placebo coverage across seeds (slow, minutes per seed; not part of `make test`): generate the
default portfolio with other seeds and check that the DiD interval of the truth's placebo
(branches with no intervention, start 2023-06-01) covers zero for every case-study outcome.

    .venv/bin/python checks/placebo_seeds.py 1 2 3
"""

from __future__ import annotations

import json
import sys
import tempfile

from journey_utils.case_study.did import fit_did
from journey_utils.case_study.outcomes import load_case_tables, outcome_cases
from journey_utils.integration.processed import integrate
from journey_utils.params.intervention import intervention_spec
from journey_utils.params.run import load_params
from journey_utils.synthetic.portfolio import generate_portfolio

OUTCOMES = ("completion", "time_to_decision", "csat_application")


def main(seeds: list[int]) -> int:
    misses = 0
    for seed in seeds:
        with tempfile.TemporaryDirectory() as folder:
            params = load_params("params/default.yaml", {"data_dir": folder, "seed": seed})
            generate_portfolio(params)
            integrate(params)
            truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
            placebo = truth["interventions"]["placebo"]
            tables = load_case_tables(params)
            for outcome in OUTCOMES:
                spec = intervention_spec({
                    "name": "placebo", "title": "Placebo", "start": placebo["date"],
                    "treated": placebo["branches"], "control": placebo["control_branches"],
                    "outcomes": [outcome], "post_periods": 12,
                })  # fmt: skip
                r = fit_did(outcome_cases(tables, spec, outcome, params))
                covered = r.ci_low < 0 < r.ci_high
                misses += not covered
                interval = f"[{r.ci_low:+.3f}, {r.ci_high:+.3f}]"
                line = f"seed {seed:>3}  {outcome:<17} {r.estimate:+8.3f} {interval}"
                print(f"{line}  covers 0: {covered}", flush=True)
    print(f"{misses} of {len(seeds) * len(OUTCOMES)} intervals miss zero (about 5% expected)")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(s) for s in sys.argv[1:]] or [1, 2, 3]))
