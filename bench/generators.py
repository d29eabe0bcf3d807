"""Records per second of the text-task generator families, in one process and with `num_proc=2`.

    python bench/generators.py                      # all five families, best of 3, markdown table
    python bench/generators.py --families histogram image --repeat 5
    python bench/generators.py --scale 0.2          # fewer records (quick look)

Each family is warmed up first (imports, per-process caches such as the ARC-AGI-1 tasks of the
`task` family), so forked workers start warm too. A run is `generate(name, n, seed=...)` consumed to
the end, timed in wall-clock seconds. Each round runs both settings back to back, in alternating
order (1 then 2, then 2 then 1, ...). The one-process speed is the best round's; the CPU-second
column (records per second of this process's CPU time) is less sensitive to other work on a shared
machine. The speed-up is the median over rounds of (num_proc=2 rate / one-process rate of the same
round): this VM's speed drifts by a third within seconds, and pairing runs a second apart cancels
most of that, where the ratio of two bests taken minutes apart does not (shown too, for comparison).
Targets: 3x simon-arc-lab's generators on the same 2-core machine (histogram 4,189/s, image 1,942/s,
task 441/s), cellular automata 2,000/s, and `num_proc=2` at least 1.7x one process.
"""
import argparse, os, statistics, sys, time

from arc_lab.generators.core import generate

SIMON = {'histogram': 4_189, 'image': 1_942, 'task': 441, 'cellular_automaton': 85}  # simon-arc-lab's records/s on the same machine
FAMILIES = {  # name: (records per timed run, target records/s in one process: 3x simon-arc-lab; cellular automata 2,000)
    'histogram': (20_000, 3 * SIMON['histogram']),
    'rle': (10_000, None),
    'image': (10_000, 3 * SIMON['image']),
    'cellular_automaton': (5_000, 2_000),
    'task': (5_000, 3 * SIMON['task']),
}


def timed(name: str, n: int, num_proc: int, seed: int) -> tuple[float, float]:
    "Records per wall-clock second, and per CPU second of this process, of one run."
    t, c = time.perf_counter(), time.process_time()
    k = sum(1 for _ in generate(name, n, seed=seed, num_proc=num_proc))
    return k / (time.perf_counter() - t), k / (time.process_time() - c)


def rates(name: str, n: int, repeat: int) -> tuple[float, float, float, float]:
    """Best one-process wall and CPU rates, best num_proc=2 wall rate, and the median over rounds of the paired
    speed-up. Each round times both settings back to back, the order alternating round by round."""
    one, cpu, two, ratios = 0.0, 0.0, 0.0, []
    for r in range(repeat):
        got = {p: timed(name, n, p, r) for p in ((1, 2) if r % 2 == 0 else (2, 1))}
        one, cpu, two = max(one, got[1][0]), max(cpu, got[1][1]), max(two, got[2][0])
        ratios.append(got[2][0] / got[1][0])
    return one, cpu, two, statistics.median(ratios)


def _spin(n: int) -> float:
    t = time.perf_counter(); s = 0
    for i in range(n): s += i
    return time.perf_counter() - t


def parallel_ceiling(n: int = 10_000_000, repeat: int = 3) -> float:
    """What two busy processes get from this machine for pure Python work: 2 x (time of one spin loop alone) / (time of two
    run at once). 2.0 on two free cores; less where the two CPUs share a physical core or the host is busy."""
    import multiprocessing as mp
    alone = min(_spin(n) for _ in range(repeat))
    with mp.get_context('fork').Pool(2) as pool:
        pair = min(max(pool.map(_spin, [n, n])) for _ in range(repeat))
    return 2 * alone / pair


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--families', nargs='*', default=list(FAMILIES), choices=list(FAMILIES))
    p.add_argument('--repeat', type=int, default=5, help='rounds per family (each times both settings)')
    p.add_argument('--scale', type=float, default=1.0, help='multiply the record counts')
    a = p.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; {a.repeat} rounds\n")
    print('| family | records | 1 process (rec/s) | target | 1 process, per CPU-second | num_proc=2 (rec/s) | speed-up, median of rounds (target 1.7x) | best / best |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name in a.families:
        n, target = FAMILIES[name]
        n = max(600, int(n * a.scale))
        list(generate(name, 300, seed=10**6))  # warm up: imports and per-process caches
        one, one_cpu, two, up = rates(name, n, a.repeat)
        mark = lambda v: '' if target is None else (' ✓' if v >= target else ' ✗')
        print(f"| {name} | {n:,} | {one:,.0f}{mark(one)} | {'' if target is None else f'{target:,}'} | {one_cpu:,.0f}{mark(one_cpu)} | {two:,.0f} | {up:.2f}x{' ✓' if up >= 1.7 else ' ✗'} | {two / one:.2f}x |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at end; this machine's ceiling for two processes of pure Python: {parallel_ceiling():.2f}x")


if __name__ == '__main__':
    main()
