"""Sandbox throughput (issue 17): `run_programs` on distinct programs, fork per program and same-source batches,
against the same RestrictedPython compile-and-exec in this process, and against a fresh `python -c` per program.

    python bench/sandbox.py [--n 400] [--workers 2] [--rounds 5] [--baseline-n 10]

Each round times, in an order that alternates from round to round:
  - `run_programs` (default: a fresh forked, confined child per program) on `--n` *distinct* programs
    (`x = k` then `output_grid = test_input`, so no two texts are the same and nothing is deduplicated);
  - `run_programs(..., same_source=True)` on the same distinct programs (one child runs a chunk of them, each in a
    fresh namespace with its own inputs and deadline);
  - `run_programs` on `--n` programs drawn from `--n // 10` texts, as sampled candidates repeat (each distinct
    program and input runs once; the duplicates get copies);
  - the distinct programs compiled and run in this process with `_execute` (no fork, no OS limits, no isolation).
It prints per method the median rate over rounds and its range, the median of the per-round ratio to the
in-process rate, and the CPU time per program of the workers and their children (user + system, from psutil),
which the machine's load disturbs less than the rates do. Target (issue 17): >= 1,000 distinct programs/s on 2 workers.

    python bench/sandbox.py --breakdown [--n 300] [--rounds 5]

`--breakdown` shows where a forked child's cost goes, in this process as a worker does it (`gc.freeze`, libc's fork, the
worker's own confinement code): `--n` children per variant and round, the variants alternating, each child's CPU time plus
the parent's fork and reap, median over rounds: an empty child (fork, exit, reap); the same confined (chroot and
setuid when root, rlimits, prctl, seccomp); confined and running one program compiled in the child, as the sandbox does;
confined and running a program compiled before the fork; and the ceiling each leaves for --workers workers on idle cores.
"""
import argparse, os, random, statistics, subprocess, sys, time
import numpy as np
import psutil
from arc_lab.sandbox import run_programs, sandbox_info, _execute, _pool

GRID = np.arange(9, dtype=np.uint8).reshape(3, 3)
BASELINE = ("import numpy as np; test_input = np.array({grid}, dtype=np.uint8); ns = {{'test_input': test_input}}; "
            "exec({code!r}, ns); print(ns['output_grid'].tolist())")

def distinct(n, salt): return [f"x = {salt * n + k}\noutput_grid = test_input" for k in range(n)]

def worker_cpu():
    "CPU seconds used so far by the pool's workers and the children they reaped."
    t = 0.0
    for w in _pool().workers:
        c = psutil.Process(w.proc.pid).cpu_times()
        t += c.user + c.system + c.children_user + c.children_system
    return t

def timed_pool(codes, workers, **kw):
    "(programs per second, worker CPU ms per program)."
    c0, t = worker_cpu(), time.perf_counter()
    rs = run_programs(codes, {'test_input': GRID}, num_workers=workers, **kw)
    secs, cpu = time.perf_counter() - t, worker_cpu() - c0
    assert all(r.ok and (r.value == GRID).all() for r in rs), "a sandbox run failed"
    return len(codes)/secs, cpu/len(codes)*1e3

def bench_pool(n, workers):
    "(programs/s through run_programs on `n` distinct programs, seconds the first call took): bench/dsl.py uses this."
    t = time.perf_counter(); run_programs(distinct(1, -1), {'test_input': GRID}, num_workers=workers); start = time.perf_counter() - t
    return timed_pool(distinct(n, 0), workers)[0], start

def timed_in_process(codes):
    t = time.perf_counter()
    for c in codes: assert _execute(c, {'test_input': GRID})['kind'] is None
    return len(codes)/(time.perf_counter() - t), float('nan')

def bench_baseline(n):
    cmd = [sys.executable, '-c', BASELINE.format(grid=GRID.tolist(), code="output_grid = test_input")]
    t = time.perf_counter()
    for _ in range(n):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        assert out.strip() == str(GRID.tolist())
    return n/(time.perf_counter() - t)

def fork_cost(n, body):
    "CPU ms per child (the children's own, plus this process's fork and reap) of `n` children that each run `body` and exit."
    import arc_lab.sandbox as sb
    c0 = os.times()
    for _ in range(n):
        pid = sb._fork()
        if pid == 0:
            try: body()
            finally: os._exit(0)
        os.waitpid(pid, 0)
    c1 = os.times()
    return (c1.children_user + c1.children_system + c1.user + c1.system
            - c0.children_user - c0.children_system - c0.user - c0.system) / n * 1e3

def breakdown(n, rounds, workers):
    "Where a per-program child's CPU time goes; printed as a table."
    import gc, arc_lab.sandbox as sb
    sb._warm_up(); filt = sb._seccomp_filter(); gc.freeze()
    sb._RAW_FORK = len(os.listdir('/proc/self/task')) == 1
    me, base_vm, inputs = os.getpid(), sb._vm_bytes(), sb._bind({'test_input': GRID})
    code, cache = "output_grid = rotate(test_input, 1)", {}
    sb._execute(code, inputs, cache=cache)
    confine = lambda: sb._confine(1.0, 256, filt, me, base_vm)
    variants = {'empty child (fork, exit, reap)': lambda: None,
                '+ confinement': confine,
                '+ confinement, compile and run (the sandbox)': lambda: (confine(), sb._execute(code, inputs)),
                '+ confinement, run precompiled code': lambda: (confine(), sb._execute(code, inputs, cache=cache))}
    got = {k: [] for k in variants}
    for r in range(rounds):
        for k in (list(variants) if r % 2 == 0 else list(variants)[::-1]): got[k].append(fork_cost(n, variants[k]))
    print(f"CPUs: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; layers: {'chroot, setuid, ' if os.geteuid() == 0 else ''}"
          f"rlimits, prctl{', seccomp' if filt is not None else ''}; {rounds} alternating rounds of {n} children per variant")
    print(f"{'child':<48}{'CPU ms/program':>16}{'range':>14}{f'ceiling, {workers} workers':>22}")
    for k, v in got.items():
        m = statistics.median(v)
        print(f"{k:<48}{m:>16.2f}{f'{min(v):.2f}-{max(v):.2f}':>14}{workers * 1000 / m:>18,.0f}/s")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=400, help='programs per method and round')
    ap.add_argument('--workers', type=int, default=2, help='sandbox workers')
    ap.add_argument('--rounds', type=int, default=5, help='alternating rounds')
    ap.add_argument('--baseline-n', type=int, default=10, help='programs through python -c')
    ap.add_argument('--breakdown', action='store_true', help="where a forked child's CPU time goes (see above)")
    a = ap.parse_args()
    if a.breakdown: return breakdown(a.n, a.rounds, a.workers)
    load0 = os.getloadavg()[0]
    t = time.perf_counter(); info = sandbox_info(); start = time.perf_counter() - t
    run_programs(distinct(a.workers, 0), {'test_input': GRID}, num_workers=a.workers)  # every worker started and warm
    rng = random.Random(0)
    methods = {
        'run_programs, fork per program': lambda s: timed_pool(distinct(a.n, s), a.workers),
        'run_programs, same_source=True': lambda s: timed_pool(distinct(a.n, s), a.workers, same_source=True),
        'run_programs, 10% distinct (dedupe)': lambda s: timed_pool([rng.choice(distinct(max(1, a.n // 10), s)) for _ in range(a.n)], a.workers),
        'in process (RestrictedPython only)': lambda s: timed_in_process(distinct(a.n, s)),
    }
    rates, cpus = {m: [] for m in methods}, {m: [] for m in methods}
    names = list(methods)
    for r in range(a.rounds):
        for m in (names if r % 2 == 0 else names[::-1]):
            rate, cpu = methods[m](r + 1)  # a new salt each round: texts never repeat across rounds either
            rates[m].append(rate); cpus[m].append(cpu)
    base_rate = bench_baseline(a.baseline_n)
    inproc = rates['in process (RestrictedPython only)']
    layers = ', '.join(k for k in ('seccomp', 'chroot', 'setuid_nobody') if info[k]) or 'rlimits only'
    print(f"CPUs: {os.cpu_count()}, load average: {load0:.1f} at start, {os.getloadavg()[0]:.1f} at end; workers: {a.workers}; "
          f"layers: RestrictedPython, rlimits, {layers}")
    print(f"{a.rounds} alternating rounds of {a.n} programs per method; median (min-max) over rounds")
    print(f"{'method':<38}{'programs/s':>12}{'range':>18}{'x in-process':>14}{'worker CPU ms/prog':>20}")
    for m in names:
        ratio = statistics.median(x/y for x, y in zip(rates[m], inproc))
        cpu = statistics.median(cpus[m])
        rng_s = f"{min(rates[m]):,.0f}-{max(rates[m]):,.0f}"
        print(f"{m:<38}{statistics.median(rates[m]):>12,.1f}{rng_s:>18}{ratio:>14.4f}{'' if cpu != cpu else f'{cpu:.2f}':>20}")
    print(f"{'python -c per program':<38}{base_rate:>12,.1f}{'':>18}{base_rate/statistics.median(inproc):>14.4f}   ({a.baseline_n} programs)")
    fork, batch = statistics.median(rates['run_programs, fork per program']), statistics.median(rates['run_programs, same_source=True'])
    print(f"target (issue 17): >= 1,000 distinct programs/s on {a.workers} workers: fork per program {fork:,.0f}/s "
          f"({'met' if fork >= 1000 else 'not met'}), same_source=True {batch:,.0f}/s ({'met' if batch >= 1000 else 'not met'})")
    print(f"starting the pool: {start:.2f} s, once per process")

if __name__ == '__main__': main()
