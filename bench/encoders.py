"""Speed and size of the grid encoders over every ARC-AGI-1 grid.

    python bench/encoders.py [--repeat 3]

Prints markdown tables: grids per second to text and back for each encoder and for raw
`arc_lab.rle` serialize/deserialize, mean characters per task (all grids of a task encoded),
and the two RLE run finders (pure Python and numpy) on ARC grids and on 99x99 grids.
Each figure is the best of `--repeat` passes over all grids, timed in CPU time of this process
(`time.process_time`), which other work on a shared machine disturbs less than wall-clock time.
"""
import argparse, os, platform, time
import numpy as np
from arc_lab.grid import load_arc1
from arc_lab.encoders import get_encoder
from arc_lab import rle

SPECS = ['MinimalGridEncoder()', "GridWithSeparationEncoder('|')", 'GridCodeBlockEncoder(MinimalGridEncoder())',
         'RowNumberEncoder(MinimalGridEncoder())', 'GridShapeEncoder(RowNumberEncoder(MinimalGridEncoder()))',
         'RepeatNumberEncoder(2)', 'RLEEncoder()', 'ColorNameEncoder()', 'JSONEncoder()']

def best_rate(f, items, repeat):
    "Items per second of `f` over `items`, best of `repeat` passes."
    best = float('inf')
    for _ in range(repeat):
        t = time.process_time()
        for x in items: f(x)
        best = min(best, time.process_time() - t)
    return len(items) / best

def big_grids(n=100, side=99):
    "99x99 grids of horizontal runs (1-40 cells) with some repeated rows."
    out = []
    for i in range(n):
        rng = np.random.default_rng([7, i])
        g = np.repeat(rng.integers(0, 10, (side, side)), rng.integers(1, 40, side), axis=1)[:, :side]
        rep = np.flatnonzero(rng.random(side) < .2)
        g[rep[rep > 0]] = g[rep[rep > 0] - 1]
        out.append(g.astype(np.uint8))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=3, help='passes per figure; the best is kept')
    a = ap.parse_args()
    tasks = load_arc1()
    per_task = [[x for p in t.pairs for x in p if x is not None] for t in tasks.values()]
    grids = [x for gs in per_task for x in gs]
    starts = np.cumsum([0] + [len(gs) for gs in per_task[:-1]])  # first grid of each task
    per_task_chars = lambda texts: np.add.reduceat([len(t) for t in texts], starts).mean()
    print(f"{len(grids)} grids of {len(tasks)} ARC-AGI-1 tasks; {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; best of {a.repeat} passes, CPU time\n")
    print("| encoder | to text (grids/s) | to grid (grids/s) | chars/task |")
    print("| --- | ---: | ---: | ---: |")
    for spec in SPECS:
        enc = get_encoder(spec)
        texts = [enc.to_text(x) for x in grids]
        assert all(np.array_equal(enc.to_grid(t), x) for t, x in zip(texts, grids)), spec
        chars = per_task_chars(texts)
        print(f"| `{spec.replace('|', chr(92) + '|')}` | {best_rate(enc.to_text, grids, a.repeat):,.0f} | {best_rate(enc.to_grid, texts, a.repeat):,.0f} | {chars:,.0f} |")
    texts = [rle.serialize(x) for x in grids]
    chars = per_task_chars(texts)
    print(f"| `arc_lab.rle` serialize / deserialize | {best_rate(rle.serialize, grids, a.repeat):,.0f} | "
          f"{best_rate(rle.deserialize, texts, a.repeat):,.0f} | {chars:,.0f} |")
    big = big_grids()
    print("\nRLE run finders, the row texts of a grid (grids/s):\n")
    print("| grids | pure Python | numpy | `serialize` uses |")
    print("| --- | ---: | ---: | --- |")
    for name, gs in [('ARC-AGI-1 (all)', grids), ('99x99 runs of 1-40', big)]:
        py, np_ = best_rate(rle._serialize_rows_py, gs, a.repeat), best_rate(rle._serialize_rows_np, gs, a.repeat)
        uses = {('numpy' if g.size >= rle._NUMPY_MIN_CELLS else 'Python') for g in gs}
        print(f"| {name} | {py:,.0f} | {np_:,.0f} | {', '.join(sorted(uses))} |")

if __name__ == '__main__': main()
