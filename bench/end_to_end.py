"""End to end on CPU: generate histogram records -> dataset -> train a tiny model from scratch -> exact match,
over several seeds; the figure is the median and the range of held-out exact match.

    python bench/end_to_end.py                                   # the benchmark: seeds 0,1,2
    python bench/end_to_end.py --seeds 0 --steps 40 --n_train 2000 --n_test 50  # a quick check that it runs

For each seed: generates `unique_colors` histogram questions (arc_lab.generators.histogram), writes them as jsonl,
holds out records whose input never occurs in that seed's training set, fine-tunes a freshly initialised tiny Llama
with a character tokenizer on the `instruction-v0` prompt (full fine-tuning, loss on the completion only,
arc_lab.finetune), then answers the held-out questions greedily. The seed fixes the data, the model's initial
weights and the batch order.

The result does not depend on the machine's speed: the learning rate warms up linearly over `--warmup` steps then
follows a cosine to zero over `--steps`, whatever the clock says. `--budget_min` only stops a run early; a run
cut short says so, and its figure is not the benchmark's. Seeds run in separate processes (`--jobs`) with
`--threads` torch threads each; the default, one thread per seed and all seeds at once, keeps both cores of a
2-core machine busy. Each seed prints its log, then its exact match; the last line is the median and the range.
With the defaults each seed takes about 640 CPU seconds (bench/results/end_to_end.txt), so the three seeds need
about 16 minutes of an idle 2-core machine.
"""
from __future__ import annotations
from dataclasses import replace
import argparse, json, os, statistics, subprocess, sys, tempfile, time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seeds', default='0,1,2', help='comma-separated seeds; the headline is their median and range')
    ap.add_argument('--jobs', type=int, default=None, help='seeds run at once, each in its own process (default: all of them)')
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads per process')
    ap.add_argument('--groups', default='unique_colors', help='comma-separated histogram groups')
    ap.add_argument('--max_count', type=int, default=None, help='largest colour count (generator default 6400); smaller means shorter inputs')
    ap.add_argument('--n_train', type=int, default=50_000, help='training records generated per seed')
    ap.add_argument('--n_test', type=int, default=500, help='held-out records scored per seed')
    ap.add_argument('--steps', type=int, default=8000, help='optimiser steps; the cosine learning-rate schedule spans exactly these')
    ap.add_argument('--warmup', type=int, default=30, help='steps of linear learning-rate warm-up')
    ap.add_argument('--batch', type=int, default=8, help='sequences per step')
    ap.add_argument('--lr', type=float, default=3e-3, help='peak learning rate')
    ap.add_argument('--layers', type=int, default=4, help='transformer layers of the tiny Llama')
    ap.add_argument('--dim', type=int, default=64, help='hidden size')
    ap.add_argument('--heads', type=int, default=4, help='attention heads')
    ap.add_argument('--log_every', type=int, default=250, help='print the training loss every n steps')
    ap.add_argument('--eval_every', type=int, default=500, help='exact match on 32 validation records every n steps')
    ap.add_argument('--budget_min', type=float, default=None,
                    help='stop a seed after this many minutes of training; a run stopped early is reported as cut short, not as the benchmark')
    ap.add_argument('--out', default=None, help='output folder, one subfolder per seed (a temporary one when omitted)')
    ap.add_argument('--_child', action='store_true', help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    try: a.seed_list = [int(s) for s in a.seeds.split(',')]
    except ValueError: ap.error(f"--seeds: expected comma-separated integers, e.g. 0,1,2; got {a.seeds!r}")
    if len(set(a.seed_list)) != len(a.seed_list): ap.error(f"--seeds: a seed is repeated in {a.seeds!r}")
    for k in ('steps', 'batch', 'threads', 'log_every', 'eval_every', 'n_train', 'n_test', 'layers', 'dim', 'heads'):
        if getattr(a, k) < 1: ap.error(f"--{k}: must be >= 1, got {getattr(a, k)}")
    if not 0 <= a.warmup < a.steps: ap.error(f"--warmup: must be in [0, --steps), got {a.warmup} with --steps {a.steps}")
    if a.jobs is not None and a.jobs < 1: ap.error(f"--jobs: must be >= 1, got {a.jobs}")
    if a.budget_min is not None and a.budget_min <= 0: ap.error(f"--budget_min: must be > 0, got {a.budget_min}")
    return a


def _num(v) -> str:
    "A loss for the log: 4 significant digits, or 'none logged' (fewer steps than --log_every)."
    return 'none logged' if v is None else f'{v:.4g}'


def run_seed(a, seed: int, out: Path) -> dict:
    "Train and score one seed in this process; returns (and writes to out/result.json) its result."
    import torch, datasets
    torch.set_num_threads(a.threads)
    datasets.disable_progress_bars()
    from transformers import TrainerCallback
    from arc_lab.generators.core import generate
    from arc_lab.files import write_jsonl
    from arc_lab.models import make_char_tokenizer, make_tiny_model, model_size
    from arc_lab.finetune import FinetuneConfig, finetune, score_predictions, generate_answers
    from arc_lab.prompts import make_example

    t0, c0 = time.time(), time.process_time()
    out.mkdir(parents=True, exist_ok=True)
    cfg = dict(groups=a.groups.split(','), **({} if a.max_count is None else dict(max_count=a.max_count)))
    train = list(generate('histogram', a.n_train, seed=seed, config=cfg))
    seen = {r['input'] for r in train}
    test = [r for r in generate('histogram', 4 * a.n_test, seed=seed + 1000, config=cfg) if r['input'] not in seen][:a.n_test]
    if len(test) < a.n_test: raise SystemExit(f"seed {seed}: only {len(test)} held-out records with inputs unseen in training (--n_test {a.n_test})")
    write_jsonl(train, out/'train.jsonl', progress=False, quiet=True)
    write_jsonl(test, out/'test.jsonl', progress=False, quiet=True)
    print(f"data: {len(train)} train records, {len(test)} held-out (inputs unseen in training), {time.time() - t0:.0f}s")

    cut = {}
    class Log(TrainerCallback):
        "Print the loss and the validation sample's exact match with wall and CPU seconds; stop at the time budget (never reshape the schedule)."
        def on_step_end(self, args, state, control, **kw):
            if a.budget_min is not None and time.time() - t_train > a.budget_min * 60 and state.global_step < a.steps:
                cut.update(step=state.global_step); control.should_training_stop = True
        def on_log(self, args, state, control, logs=None, **kw):
            shown = {k: round(v, 4) for k, v in (logs or {}).items() if k in ('loss', 'eval_exact_match', 'learning_rate')}
            if shown: print(f"  step {state.global_step:>5} {time.time() - t_train:>5.0f}s wall {time.process_time() - c_train:>5.0f}s cpu {shown}", flush=True)

    tok = make_char_tokenizer()
    model = make_tiny_model(tok, n_layer=a.layers, n_embd=a.dim, n_head=a.heads, max_position_embeddings=512, seed=seed)
    print(f"model: tiny llama, {a.layers} layers x {a.dim}, {model_size(model):,} parameters, from scratch")
    fc = FinetuneConfig(dataset=str(out/'train.jsonl'), model='tiny', output_dir=str(out/'run'), prompt_version='instruction-v0',
                        max_seq_len=256, val_size=64, n_eval_samples=32, max_new_tokens=32, use_cpu=True, max_steps=a.steps,
                        batch_size=a.batch, learning_rate=a.lr, lr_scheduler_type='cosine', warmup_ratio=a.warmup / a.steps,
                        weight_decay=0.01, logging_steps=a.log_every, eval_steps=a.eval_every, save_steps=10**9, save_total_limit=1,
                        seed=seed, progress=False)
    t_train, c_train = time.time(), time.process_time()
    s = finetune(fc, model, tok, callbacks=[Log()])
    print(f"train: {s['steps']} steps in {time.time() - t_train:.0f}s wall, {time.process_time() - c_train:.0f}s cpu, loss {_num(s['first_loss'])} -> {_num(s['final_loss'])}")

    items = [dict(prompt=make_example(r, 'instruction-v0')['prompt'], answer=r['output']) for r in test]
    t_gen = time.time()
    texts = generate_answers(model, tok, [it['prompt'] for it in items], replace(fc, max_new_tokens=32, batch_size=64))
    metrics, rows = score_predictions(items, texts, 'instruction-v0')
    by = defaultdict(list)
    for r, rec in zip(rows, test):
        g = dict(kv.split('=') for kv in rec['benchmark'].split())['group']
        by[g].append(r['exact'])
    for g, v in sorted(by.items()): print(f"  {g:<28} {sum(v):>4}/{len(v):<4} exact {sum(v) / len(v):.1%}")
    for r, rec in [(r, rec) for r, rec in zip(rows, test) if not r['exact']][:5]: print(f"  wrong: {rec['input']!r} -> {r['prediction']!r}")
    res = dict(seed=seed, exact=sum(r['exact'] for r in rows), n=len(rows), exact_match=metrics['exact_match'], steps=s['steps'],
               planned_steps=a.steps, cut_short=bool(cut), seconds=round(time.time() - t0, 1), cpu_seconds=round(time.process_time() - c0, 1),
               args={k: v for k, v in vars(a).items() if k not in ('_child', 'seed_list')})
    (out/'result.json').write_text(json.dumps(res, indent=1))
    print(f"generation: {len(items)} answers in {time.time() - t_gen:.0f}s; total {res['seconds']:.0f}s wall, {res['cpu_seconds']:.0f}s cpu; output in {out}")
    if cut: print(f"CUT SHORT: seed {seed} stopped by --budget_min {a.budget_min} at step {cut['step']} of {a.steps}; this is NOT the benchmark's figure")
    print(f"seed {seed}: held-out exact match {res['exact']}/{res['n']} = {res['exact_match']:.1%}")
    return res


def child_cmd(a, seed: int, out: Path) -> list[str]:
    "The command line that runs one seed of this configuration in a fresh process."
    skip = {'seeds', 'jobs', 'out', '_child', 'seed_list'}
    flags = [x for k, v in vars(a).items() if k not in skip and v is not None for x in (f'--{k}', str(v))]
    return [sys.executable, str(Path(__file__).resolve()), '--_child', '--seeds', str(seed), '--out', str(out), *flags]


def main():
    a = parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix='arc_lab_e2e_'))
    if a._child:
        run_seed(a, a.seed_list[0], out)
        return
    jobs = min(a.jobs or len(a.seed_list), len(a.seed_list))
    print(f"end to end: seeds {a.seed_list}, {a.steps} steps of batch {a.batch} (cosine, {a.warmup} warm-up), "
          f"{a.layers}x{a.dim} tiny llama, {a.n_train} train / {a.n_test} held-out per seed; {jobs} process(es) x {a.threads} thread(s); output in {out}", flush=True)
    t0, results, pending, running = time.time(), {}, list(a.seed_list), {}
    while pending or running:
        while pending and len(running) < jobs:
            seed = pending.pop(0)
            d = out/f'seed{seed}'
            d.mkdir(parents=True, exist_ok=True)
            log = open(d/'log.txt', 'w')
            running[seed] = (subprocess.Popen(child_cmd(a, seed, d), stdout=log, stderr=subprocess.STDOUT), log, d)
        time.sleep(1)
        for seed, (p, log, d) in list(running.items()):
            if p.poll() is None: continue
            log.close(); del running[seed]
            print(f"\n===== seed {seed} (exit {p.returncode}) =====\n" + (d/'log.txt').read_text().rstrip(), flush=True)
            if p.returncode != 0 or not (d/'result.json').exists():
                for q, lg, _ in running.values(): q.terminate(); q.wait(); lg.close()
                raise SystemExit(f"seed {seed} failed (exit {p.returncode}); its log is above and in {d/'log.txt'}")
            results[seed] = json.loads((d/'result.json').read_text())

    print(f"\n===== summary: {len(results)} seeds, {time.time() - t0:.0f}s wall =====")
    for seed in a.seed_list:
        r = results[seed]
        print(f"seed {seed}: {r['exact']:>4}/{r['n']:<4} exact {r['exact_match']:.1%}  ({r['steps']}/{r['planned_steps']} steps, "
              f"{r['seconds']:.0f}s wall, {r['cpu_seconds']:.0f}s cpu){'  CUT SHORT' if r['cut_short'] else ''}")
    em = [results[s]['exact_match'] for s in a.seed_list]
    short = [s for s in a.seed_list if results[s]['cut_short']]
    if short: print(f"CUT SHORT by --budget_min: seeds {short} did not finish their {a.steps} steps; the figure below is NOT the benchmark's")
    print(f"held-out exact match ({a.groups}, {len(em)} seeds{', CUT SHORT, not the benchmark' if short else ''}): "
          f"median {statistics.median(em):.1%}, range {min(em):.1%}-{max(em):.1%}")


if __name__ == '__main__': main()
