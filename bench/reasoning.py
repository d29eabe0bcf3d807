"""Examples per second of the synthetic pretraining tasks (depo, brevo, mano, capo, lano) at their default configs.

    python bench/reasoning.py [--n 2000] [--repeat 3] [--tasks depo,mano]

Two tables: rates by wall-clock time and by this process's CPU time (on a shared machine the second is the fairer
measure of the code). Columns (best of --repeat runs, one process):
  examples      generate_<task>_example with record_rng(seed, i) per example (what `generate` does)
  one rng       the same with one generator for the whole run (the per-example seeding cost removed)
  records       `generate(name, n)`: examples as JSON-serialisable records
  vocab rows    `token_rows(name, n)`: input_ids/loss_mask/labels over the synthetic vocabulary
  bpe rows      `token_rows(name, n, tokenizer=...)` with a local byte-level BPE tokenizer (300 tokens), batched
  validate      validate_<task>_example on generated examples
"""
import argparse, time
import numpy as np
from arc_lab.generators.core import generate, record_rng
from arc_lab.tokens import token_rows, bpe_tokenizer
from arc_lab.generators.core import get_generator

TASKS = ('depo', 'brevo', 'mano', 'capo', 'lano')


def best_rate(fn, n, repeat):
    "Best (wall-clock, CPU-time) examples/s of `fn()` (which makes n examples) over `repeat` runs."
    wall = cpu = 0.0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time(); fn()
        wall = max(wall, n / (time.perf_counter() - t)); cpu = max(cpu, n / max(1e-9, time.process_time() - c))
    return wall, cpu


def bench_task(name, n, repeat):
    t = get_generator(name, kind='tokens')
    cfg = t.config()
    exs = [t.example(record_rng(0, i), cfg) for i in range(min(n, 500))]
    tok = bpe_tokenizer([e.text for e in exs], vocab_size=300)
    def one_rng():
        r = np.random.default_rng(0)
        for _ in range(n): t.example(r, cfg)
    row = {
        'examples': best_rate(lambda: [t.example(record_rng(0, i), cfg) for i in range(n)], n, repeat),
        'one rng': best_rate(one_rng, n, repeat),
        'records': best_rate(lambda: list(generate(name, n, seed=0)), n, repeat),
        'vocab rows': best_rate(lambda: list(token_rows(name, n, seed=0, config=cfg)), n, repeat),
        'bpe rows': best_rate(lambda: list(token_rows(name, n, seed=0, config=cfg, tokenizer=tok)), n, repeat),
        'validate': best_rate(lambda: [t.validate(e) for e in exs], len(exs), repeat),
    }
    tokens = float(np.mean([len(e.tokens) for e in exs]))
    return row, tokens


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--n', type=int, default=2000, help='examples per measurement')
    p.add_argument('--repeat', type=int, default=3, help='runs per measurement (best is reported)')
    p.add_argument('--tasks', default=','.join(TASKS), help='comma-separated task names')
    a = p.parse_args(argv)
    cols = ['examples', 'one rng', 'records', 'vocab rows', 'bpe rows', 'validate']
    res = {name.strip(): bench_task(name.strip(), a.n, a.repeat) for name in a.tasks.split(',')}
    for k, what in ((0, 'wall-clock'), (1, 'CPU-time (this process; less sensitive to a shared machine)')):
        print(f"examples/s by {what}, best of {a.repeat}, n={a.n} per run, one process, default configs")
        print(f"{'task':<7}{'tokens':>8}" + ''.join(f'{c:>12}' for c in cols))
        for name, (row, tokens) in res.items():
            print(f"{name:<7}{tokens:>8.0f}" + ''.join(f'{row[c][k]:>12,.0f}' for c in cols))
        print()


if __name__ == '__main__':
    main()
