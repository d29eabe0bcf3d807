"""`to_hf_dataset` against plain `Dataset.from_generator` over the same records, side by side.

    python bench/export.py                       # histogram, task (text) and move_shape (fewshot): 20,000 records, 5 rounds
    python bench/export.py --families rle --n 2000 --rounds 3

Each round builds, for each family, the same `n` records three ways, in rotating order, each into a fresh
cache folder (so nothing comes from the cache): `plain` is `Dataset.from_generator` over the records with no
`features=` (types inferred by Arrow: the floor), `typed` is the same with the family's `features=` (what
`datasets` does when told the schema: it encodes every example in Python), and `to_hf_dataset` is ours. Records
are made first and held in a list, so the figures time the export alone. The table gives the median over rounds of
each run's time / the `plain` run of the same round (this machine's speed drifts by a third; ratios of runs a second
apart cancel most of it). Target: `to_hf_dataset` within 5% of `plain` (ratio <= 1.05), with the same schema.
"""
import argparse, itertools, statistics, tempfile, time
from datasets import Dataset, disable_progress_bars
from arc_lab.generators import core
from arc_lab.generators.core import generate, get_generator, to_hf_dataset

def timed(f) -> float:
    "Wall-clock seconds of `f()`."
    t = time.perf_counter(); f(); return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--families', nargs='+', default=['histogram', 'task', 'move_shape'])
    ap.add_argument('--n', type=int, default=20000, help='records per run')
    ap.add_argument('--rounds', type=int, default=5)
    a = ap.parse_args()
    disable_progress_bars()
    print(f"{a.n} records per run, median over {a.rounds} rounds of (time / plain time of the same round)\n")
    print('| family | plain s (median) | typed / plain | to_hf_dataset / plain | same schema |\n| --- | ---: | ---: | ---: | --- |')
    for name in a.families:
        recs = list(generate(name, a.n, seed=0))
        gen = get_generator(name)
        feats = gen.get_features() or (core._text_features() if gen.kind == 'text' else None)
        orig = core._gen_shards
        core._gen_shards = lambda shards, name, cfg, seed: iter(recs[shards[0][0]:shards[-1][1]])  # the same records, made once
        fp = 'bench-export'  # a fixed fingerprint: else `datasets` hashes the generator, records and all
        runs = {'plain': lambda d: Dataset.from_generator(lambda: iter(recs), cache_dir=d, fingerprint=fp),
                'typed': lambda d: Dataset.from_generator(lambda: iter(recs), features=feats, cache_dir=d, fingerprint=fp),
                'to_hf_dataset': lambda d: to_hf_dataset(name, a.n, seed=0, shard_size=a.n, cache_dir=d)}
        times = {k: [] for k in runs}
        try:
            for r in range(a.rounds):
                keys = list(runs); keys = keys[r % 3:] + keys[:r % 3]
                for k in keys:
                    with tempfile.TemporaryDirectory() as d: times[k].append(timed(lambda: runs[k](d)))
            with tempfile.TemporaryDirectory() as d: ours = to_hf_dataset(name, a.n, seed=0, shard_size=a.n, cache_dir=d)
            with tempfile.TemporaryDirectory() as d: typed = runs['typed'](d)
            same = ours.features == typed.features and ours.column_names == typed.column_names and ours[:5] == typed[:5]
        finally: core._gen_shards = orig
        ratio = lambda k: statistics.median(t / p for t, p in zip(times[k], times['plain']))
        print(f"| {name} | {statistics.median(times['plain']):.3f} | {ratio('typed'):.2f} | {ratio('to_hf_dataset'):.2f} | {same} |")

if __name__ == '__main__': main()
