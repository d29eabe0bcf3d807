"""Throughput of the shape few-shot families (connect, move_shape, rotate_shape, create_shape).

    python bench/fewshot_shapes.py [--n 3000] [--repeat 3] [--groups] [families ...]

Prints a markdown table of verified records per second in one process: wall-clock and CPU time of
this process (`time.process_time`, which other work on a shared machine disturbs less), each the
best of `--repeat` passes of `generate(family, n)`. Every record is verified (its DSL solution is
run on its three inputs), so the figures include the solution runs. `--groups` adds one row per
group. The load average is printed with the table, since a busy machine slows every figure.
"""
import argparse, os, platform, time
from arc_lab.generators.core import generate, get_generator

FAMILIES = ['connect', 'move_shape', 'rotate_shape', 'create_shape']

def rate(name:str, n:int, repeat:int, config=None) -> tuple[float, float]:
    "Best records/s over `repeat` passes: (wall, CPU)."
    wall = cpu = 0.0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        k = sum(1 for _ in generate(name, n, config=config))
        wall, cpu = max(wall, k / (time.perf_counter() - t)), max(cpu, k / (time.process_time() - c))
    return wall, cpu

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('families', nargs='*', default=FAMILIES, help='families to time')
    ap.add_argument('--n', type=int, default=3000, help='records per pass')
    ap.add_argument('--repeat', type=int, default=3, help='passes per figure (best is kept)')
    ap.add_argument('--groups', action='store_true', help='also time each group alone')
    a = ap.parse_args()
    rows = []
    for name in a.families:
        next(generate(name, 1))  # import and warm the caches
        rows.append((name, 'all', *rate(name, a.n, a.repeat)))
        if a.groups:
            for g in get_generator(name).groups: rows.append((name, g, *rate(name, a.n, a.repeat, {'groups': [g]})))
    load = ', '.join(f'{x:.1f}' for x in os.getloadavg())
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load}; one process, best of {a.repeat} x {a.n} records\n")
    print('| family | group | records/s (wall) | records/s (CPU) |\n| --- | --- | ---: | ---: |')
    for name, g, w, c in rows: print(f'| {name} | {g} | {w:,.0f} | {c:,.0f} |')

if __name__ == '__main__':
    main()
