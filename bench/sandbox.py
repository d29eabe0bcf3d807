"""Sandbox throughput: `run_programs` (pre-started workers, one forked child per program) against
starting a fresh `python -c` per program, for the trivial program `output_grid = test_input`.

    python bench/sandbox.py [--n 500] [--baseline-n 30] [--workers N] [--rounds 5]

Side by side, in alternating order over `--rounds` rounds, it also times the same programs compiled and run
with RestrictedPython in this process (`_execute`: no fork, no OS limits, no isolation between programs), and
prints the median over rounds of the ratio of the two rates: what the isolation costs per program. This machine's
speed drifts and is shared, so the ratio is the figure to compare; target (issue 17): run_programs >= 1,000/s.
"""
import argparse, os, subprocess, sys, time
import numpy as np
import statistics
from arc_lab.sandbox import run_programs, sandbox_info, _execute

CODE = "output_grid = test_input"
GRID = np.arange(9, dtype=np.uint8).reshape(3, 3)
BASELINE = ("import numpy as np; test_input = np.array({grid}, dtype=np.uint8); ns = {{'test_input': test_input}}; "
            "exec({code!r}, ns); print(ns['output_grid'].tolist())")

def bench_pool(n, workers):
    t = time.perf_counter(); run_programs([CODE], {'test_input': GRID}, num_workers=workers); start = time.perf_counter() - t
    t = time.perf_counter()
    rs = run_programs([CODE]*n, {'test_input': GRID}, num_workers=workers)
    secs = time.perf_counter() - t
    assert all(r.ok and (r.value == GRID).all() for r in rs), "a sandbox run failed"
    return n/secs, start

def bench_in_process(n):
    "Programs per second compiled and run with RestrictedPython in this process: the floor of any sandbox."
    t = time.perf_counter()
    for _ in range(n): assert _execute(CODE, {'test_input': GRID})['kind'] is None
    return n/(time.perf_counter() - t)

def side_by_side(n, workers, rounds):
    "Rates of run_programs and of in-process runs, alternating; median of each and median of their per-round ratio."
    pool, inproc = [], []
    for r in range(rounds):
        for f in ((lambda: pool.append(bench_pool(n, workers)[0]), lambda: inproc.append(bench_in_process(n)))[::1 if r % 2 else -1]): f()
    return statistics.median(pool), statistics.median(inproc), statistics.median(a/b for a, b in zip(pool, inproc))

def bench_baseline(n):
    cmd = [sys.executable, '-c', BASELINE.format(grid=GRID.tolist(), code=CODE)]
    t = time.perf_counter()
    for _ in range(n):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        assert out.strip() == str(GRID.tolist())
    return n/(time.perf_counter() - t)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=500, help='programs through run_programs')
    ap.add_argument('--baseline-n', type=int, default=30, help='programs through python -c')
    ap.add_argument('--workers', type=int, default=None, help='sandbox workers (default: CPU count)')
    ap.add_argument('--rounds', type=int, default=5, help='alternating rounds of run_programs and in-process runs')
    a = ap.parse_args()
    t = time.perf_counter(); info = sandbox_info(); start = time.perf_counter() - t
    pool_rate, inproc_rate, ratio = side_by_side(a.n, a.workers, a.rounds)
    base_rate = bench_baseline(a.baseline_n)
    layers = ', '.join(k for k in ('seccomp', 'chroot', 'setuid_nobody') if info[k]) or 'rlimits only'
    print(f"CPUs: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, layers: RestrictedPython, rlimits, {layers}")
    print(f"{'method':<34}{'programs':>9}{'per second':>12}")
    print(f"{'run_programs (pool, fork per run)':<34}{a.n:>9}{pool_rate:>12.1f}")
    print(f"{'in process (RestrictedPython only)':<34}{a.n:>9}{inproc_rate:>12.1f}")
    print(f"{'python -c per program':<34}{a.baseline_n:>9}{base_rate:>12.1f}")
    print(f"run_programs / in process, median of {a.rounds} alternating rounds: {ratio:.3f}x the rate "
          f"(target: run_programs >= 1,000/s)")
    print(f"run_programs / python -c: {pool_rate/base_rate:.1f}x   (starting the pool: {start:.2f} s, once per process)")

if __name__ == '__main__': main()
