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

    python bench/generators.py --baseline rle       # the package's rle family against a frozen copy of the old one

`--baseline rle` times the package's `rle` family against the record builder it had before issue 17, copied
below unchanged (`_baseline_rle_record`; the helpers they share are the package's). Both first make the same
2,000 records (checked), then each round times one run of each, in alternating order, in CPU seconds of this
process (a shared machine's other work then slows neither), and prints the median and the range of
baseline time / package time over the rounds.
"""
import argparse, json, multiprocessing as mp, os, statistics, sys, time

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


# --- frozen baseline: the rle family's record builder and json_text before issue 17 (nbs/12_rle.ipynb at commit 04e02b7),
# copied unchanged so `--baseline rle` compares the package with it; do not edit. The helpers both use are the package's.
import numpy as np
from arc_lab.grid import MAX_SIDE
from arc_lab.generators.core import Reject, instruction, retry
from arc_lab.generators.grid_text import (grid_encoder, encode_verified, random_image, random_size, image_tags,
                                          pixels_text, format_histogram, histogram_of)
from arc_lab.generators.rle import _TEMPLATES, _scale_factor


def _baseline_json_text(grid):
    return json.dumps(grid.tolist(), separators=(',', ':'))


def _baseline_rle_record(rng, cfg, group):
    json_text = _baseline_json_text
    enc = grid_encoder(cfg.encoder)
    f = _scale_factor(rng, cfg) if group == 'scaleup' else 1
    w, h = random_size(rng, cfg, cap=MAX_SIDE // f)
    g = random_image(rng, w, h)
    fields = {'f': f}
    if group.startswith('serialize'):
        inp = pixels_text(g) if group == 'serialize_pixels' else json_text(g)
        out, dataset = encode_verified(enc, g), 'rle_serialize'
    else:
        inp, dataset = encode_verified(enc, g), 'rle_deserialize'
        if group == 'deserialize_pixels': out = pixels_text(g)
        elif group == 'deserialize_json': out = json_text(g)
        elif group == 'width': out = str(w)
        elif group == 'height': out = str(h)
        elif group == 'length': out = str(w * h)
        elif group == 'histogram': out = format_histogram(histogram_of(g))
        elif group == 'reverse':
            r = g[:, ::-1]
            if np.array_equal(r, g): raise Reject('reverse: every row is a palindrome')
            out = encode_verified(enc, r)
        elif group == 'scaleup': out = encode_verified(enc, np.repeat(np.repeat(g, f, 0), f, 1))
        else: raise ValueError(f"rle: unknown group {group!r}")
    return {'instruction': instruction(rng, 'rle', _TEMPLATES[group], **fields), 'input': inp, 'output': out,
            'benchmark': image_tags(dataset, group, w, h, **({'scale': f} if group == 'scaleup' else {}))}


def _baseline_rle(rng, cfg):
    group = cfg.groups[int(rng.random() * len(cfg.groups))]
    return retry(lambda r: _baseline_rle_record(r, cfg, group), rng, what=f'rle {group} record')
# --- end of the frozen baseline


def cpu_seconds(name: str, n: int, seed: int) -> float:
    "CPU seconds of this process for one run of `n` records."
    t = time.process_time()
    k = sum(1 for _ in generate(name, n, seed=seed))
    if k != n: raise RuntimeError(f"{name}: {k} records, expected {n}")
    return time.process_time() - t


def compare_baseline(family: str, n: int, repeat: int):
    "The package's family against its frozen baseline: same records, then alternating timed rounds; prints the ratio."
    from arc_lab.generators.core import register, get_generator
    if family != 'rle': raise SystemExit(f"--baseline: only 'rle' has a frozen baseline here, got {family!r}")
    cfg_cls, groups = get_generator('rle').config_cls, get_generator('rle').groups
    register('_rle_baseline', cfg_cls, groups=groups, description='rle before issue 17 (frozen in bench/generators.py)')(_baseline_rle)
    for seed in (0, 1):
        if list(generate('_rle_baseline', 2000, seed=seed)) != list(generate('rle', 2000, seed=seed)):
            raise SystemExit(f"rle: the package's records differ from the baseline's (seed {seed}): the comparison would be unfair")
    print(f"rle: package and baseline make the same 2,000 records (seeds 0 and 1)")
    runs = {'baseline': '_rle_baseline', 'package': 'rle'}
    got = {k: [] for k in runs}
    for r in range(repeat):
        for k in (list(runs) if r % 2 == 0 else list(runs)[::-1]): got[k].append(cpu_seconds(runs[k], n, seed=100 + r))
    ratios = [b / p for b, p in zip(got['baseline'], got['package'])]
    for k, v in got.items(): print(f"  {k:<9} median {n / statistics.median(v):>8,.0f} records per CPU second (rounds {n / max(v):,.0f}-{n / min(v):,.0f})")
    print(f"rle speed-up, package vs frozen baseline ({repeat} rounds of {n:,} records, CPU time): median {statistics.median(ratios):.2f}x, "
          f"range {min(ratios):.2f}-{max(ratios):.2f}x")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--families', nargs='*', default=list(FAMILIES), choices=list(FAMILIES))
    p.add_argument('--repeat', type=int, default=11, help='rounds per family (each times both settings)')
    p.add_argument('--scale', type=float, default=1.0, help='multiply the record counts')
    p.add_argument('--baseline', default=None, choices=['rle'], help="compare the family's package code with its frozen baseline instead")
    a = p.parse_args(argv)
    if a.repeat < 1: p.error(f"--repeat: must be >= 1, got {a.repeat}")
    if a.baseline:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
        compare_baseline(a.baseline, max(600, int(FAMILIES[a.baseline][0] * a.scale)), a.repeat)
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        return
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
