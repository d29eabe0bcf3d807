"""Few-shot DSL throughput: verified records per second of every few-shot family, and sandbox runs per second.

    python bench/dsl.py [--n 2000] [--repeat 3] [--sandbox-n 300] [--baseline-n 20] [--workers N] [families ...]

Part 1 times `generate(family, n)` in this one process for every family registered with kind
'fewshot' (`list_generators()`), or those named. Every record is verified before it is yielded
(its DSL solution is run on its three inputs), so the figures include the solution runs. Each
figure is the best of `--repeat` passes, as wall-clock and as CPU time of this process
(`time.process_time`, which other work on a shared machine disturbs less). Target: 1,000
records/s per family; reasoning-gym's `rearc`, the nearest peer, makes about 120 tasks/s on the
development machine (measured separately; reasoning-gym is not a dependency).

Part 2 times the sandbox on trivial programs that differ only in a constant (distinct texts, so that `run_programs`
merging identical programs does not run just one): `run_programs`
(pre-started workers, one forked child per program) beside a baseline that starts a fresh
`python -c` per program, in the same run, best of `--repeat` each (target: 10x the baseline).
It reuses `bench/sandbox.py`'s `bench_pool` and `bench_baseline`.
"""
import argparse, importlib.util, os, platform, time
from pathlib import Path
from arc_lab.generators.core import generate, get_generator, list_generators

REARC_PEER = 120  # tasks/s of reasoning-gym's rearc on the development machine (the lead's measurement)
TARGET, SANDBOX_TARGET = 1000, 10

def _bench_sandbox():
    "bench/sandbox.py as a module (its timing functions)."
    spec = importlib.util.spec_from_file_location('bench_sandbox', Path(__file__).with_name('sandbox.py'))
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m

def fewshot_families() -> list[str]:
    "Names of the registered families whose records are few-shot DSL tasks."
    return [n for n in list_generators() if get_generator(n).kind == 'fewshot']

def record_rate(name:str, n:int, repeat:int) -> tuple[float, float]:
    "Best verified records/s over `repeat` passes of `generate(name, n)`: (wall, CPU)."
    wall = cpu = 0.0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        k = sum(1 for _ in generate(name, n))
        wall, cpu = max(wall, k / (time.perf_counter() - t)), max(cpu, k / (time.process_time() - c))
    return wall, cpu

def sandbox_rates(n:int, baseline_n:int, repeat:int, workers:int|None) -> tuple[float, float, float]:
    "Best run_programs rate, best python -c rate, and the pool's start-up seconds."
    sb = _bench_sandbox()
    pool, start = 0.0, None
    for _ in range(repeat):
        r, s = sb.bench_pool(n, workers); pool = max(pool, r); start = s if start is None else start
    base = max(sb.bench_baseline(baseline_n) for _ in range(repeat))
    return pool, base, start

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('families', nargs='*', help='few-shot families to time (default: every registered one)')
    ap.add_argument('--n', type=int, default=2000, help='records per pass')
    ap.add_argument('--repeat', type=int, default=3, help='passes per figure (the best is kept)')
    ap.add_argument('--sandbox-n', type=int, default=300, help='programs per run_programs pass')
    ap.add_argument('--baseline-n', type=int, default=20, help='programs per python -c pass')
    ap.add_argument('--workers', type=int, default=None, help='sandbox workers (default: CPU count)')
    ap.add_argument('--no-sandbox', action='store_true', help='skip part 2')
    a = ap.parse_args()
    names = a.families or fewshot_families()
    rows = []
    for name in names:
        next(generate(name, 1))  # import the family and warm its caches
        rows.append((name, *record_rate(name, a.n, a.repeat)))
    load = ', '.join(f'{x:.1f}' for x in os.getloadavg())
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load}; one process, best of {a.repeat} x {a.n} records\n")
    print('| family | task_type | verified records/s (wall) | records/s (CPU) | vs rearc (~120/s) |')
    print('| --- | --- | ---: | ---: | ---: |')
    for name, w, c in rows:
        rec = next(generate(name, 1))
        print(f"| {name} | {rec['task_type']} | {w:,.0f} | {c:,.0f} | {w / REARC_PEER:.1f}x |")
    slow = [n for n, w, c in rows if max(w, c) < TARGET]
    print(f"\ntarget {TARGET:,}/s per family: {'met by all (wall or CPU)' if not slow else 'missed by ' + ', '.join(slow)}")
    if a.no_sandbox: return
    pool, base, start = sandbox_rates(a.sandbox_n, a.baseline_n, a.repeat, a.workers)
    print(f"\nsandbox, program `output_grid = test_input`, best of {a.repeat}:\n")
    print('| method | programs per pass | programs/s |\n| --- | ---: | ---: |')
    print(f"| run_programs (pre-started workers, fork per program) | {a.sandbox_n} | {pool:,.1f} |")
    print(f"| fresh `python -c` per program (baseline) | {a.baseline_n} | {base:,.1f} |")
    print(f"\nratio {pool / base:.1f}x (target {SANDBOX_TARGET}x); starting the pool took {start:.2f} s, once per process")

if __name__ == '__main__': main()
