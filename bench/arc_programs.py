"""Verified examples per second from the real ARC tasks' samplers and programs (the `arc_programs` family).

    python bench/arc_programs.py                 # 5 rounds of 1,000 records, few-shot and text forms
    python bench/arc_programs.py --n 300 --rounds 3

An example is a fresh input from a task's sampler, the task's program run on it (under the sandbox's Python rules,
in this process), the output checked as a grid that differs from the input where the task changes the grid; a
few-shot record holds three such pairs and is verified again as a whole (`fewshot_record`). Reported: records per
second and verified pairs (examples) per second, median and range over rounds, one process; then, per task, the
share of sampler draws that are kept (a sampler whose draws the program rejects costs retries).

For comparison, figures from the references' own reports (not rerun here): re-arc generates about 165 verified
attempts per second over its 400 generators; Omni-ARC's adapted generators about 50 samples per second.
"""
import argparse, statistics, time
import numpy as np
from arc_lab.generators.core import generate
from arc_lab.arc_programs.core import samplers, sample_pair


def rate(form: str, n: int, seed: int) -> float:
    t = time.perf_counter()
    k = sum(1 for _ in generate('arc_programs', n, seed=seed, config={'form': form}))
    return k / (time.perf_counter() - t)


def kept_share(task_id: str, draws: int = 20) -> float:
    "Share of single draws (no retries) that give a valid, changed pair."
    ok = 0
    for i in range(draws):
        try: sample_pair(task_id, np.random.default_rng([99, i]), tries=1); ok += 1
        except ValueError: pass
    return ok / draws


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=1000); ap.add_argument('--rounds', type=int, default=5)
    a = ap.parse_args()
    list(generate('arc_programs', 20, seed=123))  # warm up: import and verify every program once
    rows = {'fewshot': [], 'text': []}
    for r in range(a.rounds):
        for form in (['fewshot', 'text'] if r % 2 == 0 else ['text', 'fewshot']):  # alternate the order round by round
            rows[form].append(rate(form, a.n, seed=r))
    pairs = {'fewshot': 3, 'text': 4}  # verified pairs per record: 2 train + test; 3 train + test
    print(f"{len(samplers())} tasks with a sampler; {a.rounds} rounds of {a.n} records, one process")
    print("| form | records/s median (range) | verified examples/s median |")
    print("| --- | --- | --- |")
    for form, rs in rows.items():
        m = statistics.median(rs)
        print(f"| {form} | {m:,.0f} ({min(rs):,.0f}-{max(rs):,.0f}) | {m * pairs[form]:,.0f} |")
    print("references (their own reports): re-arc ~165 verified attempts/s; Omni-ARC adapted generators ~50 samples/s")
    shares = sorted((kept_share(t), t) for t in samplers())
    print(f"single-draw acceptance over {len(shares)} samplers: median {statistics.median(s for s, _ in shares):.2f}; "
          f"lowest: " + ', '.join(f"{t} {s:.2f}" for s, t in shares[:5]))


if __name__ == '__main__': main()
