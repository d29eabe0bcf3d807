"""Records per second of the text-task generator families, in one process and with `num_proc=2`.

    python bench/generators.py                      # all five families, 11 rounds, markdown table
    python bench/generators.py --families histogram image --repeat 5
    python bench/generators.py --scale 0.2          # fewer records (quick look)

Each family is warmed up first (imports, per-process caches such as the ARC-AGI-1 tasks of the
`task` family), so forked workers start warm too. A run is `generate(name, n, seed=...)` consumed to
the end, timed in wall-clock seconds. Each round runs the settings back to back, their order
rotating round by round. This VM's speed moves by a third within seconds, so the table
gives the one-process speed as the best round and the median round, and the speed-up as the median
over rounds of (num_proc=2 rate / one-process rate of the same round): pairing runs a second apart
cancels most of the drift, where the ratio of two bests taken at different moments does not (shown
too, for comparison). Each round also times two independent forked processes making half the records each
and keeping them, nothing sent back: the speed-up this machine gives two processes for the same work, the
ceiling for num_proc=2. For a cost that does not drift at all, see bench/instructions.py.
Targets: 3x simon-arc-lab's generators on the same 2-core machine (histogram 4,189/s, image 1,942/s,
task 441/s), cellular automata 2,000/s, and `num_proc=2` at least 1.7x one process.
"""
import argparse, multiprocessing as mp, os, statistics, sys, time

from arc_lab.generators.core import generate

SIMON = {'histogram': 4_189, 'image': 1_942, 'task': 441, 'cellular_automaton': 85}  # simon-arc-lab's records/s on the same machine
FAMILIES = {  # name: (records per timed run, target records/s in one process: 3x simon-arc-lab; cellular automata 2,000)
    'histogram': (20_000, 3 * SIMON['histogram']),
    'rle': (10_000, None),
    'image': (10_000, 3 * SIMON['image']),
    'cellular_automaton': (5_000, 2_000),
    'task': (5_000, 3 * SIMON['task']),
}


def timed(name: str, n: int, num_proc: int, seed: int) -> float:
    "Records per wall-clock second of one run."
    t = time.perf_counter()
    k = sum(1 for _ in generate(name, n, seed=seed, num_proc=num_proc))
    return k / (time.perf_counter() - t)


def _half(name: str, seed: int, start: int, n: int):
    for _ in generate(name, n, seed=seed, start=start): pass


def independent(name: str, n: int, seed: int) -> float:
    """Records per wall-clock second of two forked processes making half the records each and keeping them: what this
    machine gives two processes for this very work, with nothing sent back or put in order (a ceiling for num_proc=2)."""
    ctx = mp.get_context('fork')
    t = time.perf_counter()
    ps = [ctx.Process(target=_half, args=(name, seed, a, b - a)) for a, b in ((0, n // 2), (n // 2, n))]
    for p in ps: p.start()
    for p in ps: p.join()
    return n / (time.perf_counter() - t)


def rates(name: str, n: int, repeat: int) -> dict:
    """Rates of each round, and the paired speed-ups. Each round times one process, num_proc=2 and two independent
    processes back to back, the order rotating round by round."""
    runs = {1: lambda r: timed(name, n, 1, r), 2: lambda r: timed(name, n, 2, r), 'ind': lambda r: independent(name, n, r)}
    got = {k: [] for k in runs}
    for r in range(repeat):
        order = list(runs)[r % 3:] + list(runs)[:r % 3]
        for k in order: got[k].append(runs[k](r))
    one, two, ind = got[1], got[2], got['ind']
    return {'one': max(one), 'one_median': statistics.median(one), 'two': max(two),
            'speedup': statistics.median(b / a for a, b in zip(one, two)), 'best_ratio': max(two) / max(one),
            'ceiling': statistics.median(b / a for a, b in zip(one, ind))}


def _spin(n: int) -> float:
    t = time.perf_counter(); s = 0
    for i in range(n): s += i
    return time.perf_counter() - t


def parallel_ceiling(n: int = 10_000_000, repeat: int = 3) -> float:
    """What two busy processes get from this machine for pure Python work: 2 x (time of one spin loop alone) / (time of two
    run at once). 2.0 on two free cores; less where the two CPUs share a physical core or the host is busy."""
    alone = min(_spin(n) for _ in range(repeat))
    with mp.get_context('fork').Pool(2) as pool:
        pair = min(max(pool.map(_spin, [n, n])) for _ in range(repeat))
    return 2 * alone / pair


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--families', nargs='*', default=list(FAMILIES), choices=list(FAMILIES))
    p.add_argument('--repeat', type=int, default=11, help='rounds per family (each times both settings)')
    p.add_argument('--scale', type=float, default=1.0, help='multiply the record counts')
    a = p.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; {a.repeat} rounds\n")
    print('| family | records | 1 process, best round (rec/s) | 1 process, median round | target | num_proc=2, best round | speed-up, median of rounds (target 1.7x) | best / best | two independent processes, median |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name in a.families:
        n, target = FAMILIES[name]
        n = max(600, int(n * a.scale))
        list(generate(name, 300, seed=10**6))  # warm up: imports and per-process caches
        r = rates(name, n, a.repeat)
        mark = lambda v: '' if target is None else (' ✓' if v >= target else ' ✗')
        print(f"| {name} | {n:,} | {r['one']:,.0f}{mark(r['one'])} | {r['one_median']:,.0f}{mark(r['one_median'])} | {'' if target is None else f'{target:,}'} "
              f"| {r['two']:,.0f} | {r['speedup']:.2f}x{' ✓' if r['speedup'] >= 1.7 else ' ✗'} | {r['best_ratio']:.2f}x | {r['ceiling']:.2f}x |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at end; this machine's ceiling for two processes of pure Python: {parallel_ceiling():.2f}x")


if __name__ == '__main__':
    main()
