"""Throughput of the outside-data readers and the dataset tools, on ARC-AGI-1 data.

    python bench/data.py [--lines 20000] [--repeat 3]

Prints a markdown table of items per second: reading a BARC jsonl file (raw lines, and the same
gzipped), a RE-ARC folder, `item_key`/`dedup`, `canonical_grid`, building the `EvalIndex` of the
400 ARC-AGI-1 evaluation tasks, `decontaminate` of the 400 training tasks against it, and `mix`
with and without on-the-fly augmentation. Each figure is the best of `--repeat` passes, timed in
CPU time of this process (`time.process_time`), which other work on a shared machine disturbs less.

First it sets `read_barc` side by side with the floor it must not fall below: plain `json.loads` of each line
and `np.array` of each grid, nothing checked, over the same file. The two alternate for `--rounds` rounds (this
machine's speed drifts by a third) and the ratio printed is the median over rounds of read_barc's time / the plain
reader's time in the same round (target: <= 1.0).
"""
import argparse, gzip, itertools, json, os, platform, statistics, tempfile, time
import numpy as np
from pathlib import Path
from arc_lab.grid import load_arc1
from arc_lab.sources import read_barc, read_rearc
from arc_lab.hfdata import item_key, dedup, canonical_grid, EvalIndex, decontaminate, mix

def best(f, repeat):
    "Best CPU seconds of `f()` over `repeat` runs, and its last result."
    t_best, out = float('inf'), None
    for _ in range(repeat):
        t = time.process_time(); out = f(); t_best = min(t_best, time.process_time() - t)
    return t_best, out

def plain_read(path) -> int:
    "The floor: `json.loads` of each line and `np.array` of each grid of a raw BARC file, nothing checked."
    n = 0
    with open(path, 'rb') as f:
        for line in f:
            d = json.loads(line)
            [[np.array(g) for g in e] for e in d['examples']]
            n += 1
    return n

def side_by_side(path, rounds:int) -> tuple[float, float, float]:
    "Median over rounds of read_barc time / plain time, in alternating order; and the median seconds of each."
    t = {'plain': [], 'read_barc': []}
    runs = {'plain': lambda: plain_read(path), 'read_barc': lambda: sum(1 for _ in read_barc(path))}
    for r in range(rounds):
        for k in (('plain', 'read_barc') if r % 2 == 0 else ('read_barc', 'plain')):
            s = time.process_time(); runs[k](); t[k].append(time.process_time() - s)
    ratio = statistics.median(b / a for a, b in zip(t['plain'], t['read_barc']))
    return ratio, statistics.median(t['plain']), statistics.median(t['read_barc'])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lines', type=int, default=20000, help='lines of the BARC file')
    ap.add_argument('--repeat', type=int, default=3, help='passes per figure (best is kept)')
    ap.add_argument('--rounds', type=int, default=7, help='alternating rounds of read_barc against plain json + numpy')
    a = ap.parse_args()
    tasks = load_arc1()
    train = [t for t in tasks.values() if t.meta['split'] == 'train']
    ev = [t for t in tasks.values() if t.meta['split'] == 'eval']
    grids = [g for t in tasks.values() for p in t.pairs for g in p if g is not None]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lines = [json.dumps({'source': 'def main(x): ...', 'examples': [[p.input.tolist(), p.output.tolist()] for p in train[i % 400].pairs]})
                 for i in range(a.lines)]
        (tmp/'b.jsonl').write_text('\n'.join(lines))
        with gzip.open(tmp/'b.jsonl.gz', 'wt') as f: f.write('\n'.join(lines))
        mb = (tmp/'b.jsonl').stat().st_size / 1e6
        ratio, sp, sb = side_by_side(tmp/'b.jsonl', a.rounds)
        for name in ('b.jsonl', 'b.jsonl.gz'):
            s, n = best(lambda: sum(1 for _ in read_barc(tmp/name)), a.repeat)
            rows.append((f'read_barc {name} ({mb:.0f} MB raw)', n, s))
        (tmp/'rearc').mkdir()
        for j in range(40):
            ps = [p for t in train[j*10:j*10+10] for p in t.pairs]
            (tmp/'rearc'/f'{j:08x}.json').write_text(json.dumps([{'input': p.input.tolist(), 'output': p.output.tolist()} for p in ps]))
        s, n = best(lambda: sum(1 for _ in read_rearc(tmp/'rearc', tasks_per_file=10)), a.repeat)
        rows.append(('read_rearc (40 files, 10 tasks each)', n, s))
    s, _ = best(lambda: [item_key(t) for t in tasks.values()], a.repeat); rows.append(('item_key (tasks)', len(tasks), s))
    s, _ = best(lambda: dedup(list(tasks.values()) * 5), a.repeat); rows.append(('dedup (tasks, 5 copies each)', 5 * len(tasks), s))
    s, _ = best(lambda: [canonical_grid(g) for g in grids], a.repeat); rows.append(('canonical_grid (ARC-AGI-1 grids)', len(grids), s))
    s, index = best(lambda: EvalIndex(ev), a.repeat); rows.append(('EvalIndex (400 eval tasks)', len(ev), s))
    s, (_, rep) = best(lambda: decontaminate(train, index), a.repeat); rows.append(('decontaminate (400 train tasks)', len(train), s))
    n = 5000
    for aug in (False, True):
        s, _ = best(lambda: list(itertools.islice(mix({'arc': train}, augment=aug), n)), a.repeat)
        rows.append((f'mix, augment={aug}', n, s))
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, CPU time, best of {a.repeat}\n")
    print('| what | items | seconds | items/s |\n| --- | ---: | ---: | ---: |')
    for what, n, s in rows: print(f'| {what} | {n} | {s:.3f} | {n / s:,.0f} |')
    print(f'\n{rep}')
    print(f"\nread_barc / plain json.loads + np.array, same {mb:.0f} MB file, median of {a.rounds} alternating rounds: "
          f"{ratio:.2f}x the time (plain {a.lines / sp:,.0f} lines/s, read_barc {a.lines / sb:,.0f} lines/s; target <= 1.00)")

if __name__ == '__main__': main()
