#!/usr/bin/env python3
"""Exact optimum of a Tandem placement instance with OR-Tools CP-SAT (benchmark only).

Reads the JSON that `tandem-bench optimum` writes (PlacementInstance) and prints
{"optimum": N, "bound": B, "status": "..."} where N is the most one-to-one sessions that can be
placed under every hard constraint: one session per pair per period, at most `wanted` per pair,
no leader in two meetings at once (with the buffer between), per-day and per-week limits.
Install: pip install ortools
"""
import collections
import json
import sys

from ortools.sat.python import cp_model


def main() -> int:
    inst = json.load(open(sys.argv[1]))
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    buffer = inst["buffer"]
    model = cp_model.CpModel()
    cands = inst["candidates"]
    x = [model.NewBoolVar(f"x{i}") for i in range(len(cands))]

    per_pair_period = collections.defaultdict(list)
    per_pair = collections.defaultdict(list)
    per_leader = collections.defaultdict(list)
    per_day = collections.defaultdict(list)
    per_week = collections.defaultdict(list)
    for i, c in enumerate(cands):
        per_pair_period[(c["pair"], c["period"])].append(i)
        per_pair[c["pair"]].append(i)
        for leader, day, week in c["uses"]:
            per_leader[leader].append(i)
            per_day[(leader, day)].append(i)
            per_week[(leader, week)].append(i)
    for ids in per_pair_period.values():
        model.AddAtMostOne(x[i] for i in ids)
    wanted = {p["index"]: p["wanted"] for p in inst["pairs"]}
    for p, ids in per_pair.items():
        model.Add(sum(x[i] for i in ids) <= wanted[p])
    for ids in per_day.values():
        model.Add(sum(x[i] for i in ids) <= inst["per_day"])
    for ids in per_week.values():
        model.Add(sum(x[i] for i in ids) <= inst["per_week"])
    # Two meetings of one leader clash when [start, end + buffer) intervals overlap; for intervals
    # the largest cliques sit at interval starts, so one at-most-one per start point suffices.
    for ids in per_leader.values():
        ids = sorted(ids, key=lambda i: cands[i]["start"])
        starts = sorted({cands[i]["start"] for i in ids})
        j0 = 0
        for t in starts:
            while j0 < len(ids) and cands[ids[j0]]["end"] + buffer <= t - 86400:
                j0 += 1
            clique = [i for i in ids[j0:] if cands[i]["start"] <= t < cands[i]["end"] + buffer]
            if len(clique) > 1:
                model.AddAtMostOne(x[i] for i in clique)
    model.Maximize(sum(x))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.Solve(model)
    print(json.dumps({
        "optimum": int(solver.ObjectiveValue()),
        "bound": int(solver.BestObjectiveBound()),
        "status": solver.StatusName(status),
        "variables": len(cands),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
