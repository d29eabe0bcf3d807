"""Test-time training on CPU: does fine-tuning on a test task's own examples help a model on families it never saw?

    python bench/ttt.py --seed 0 --out runs/ttt0      # the full run (about 15 minutes on 2 shared cores)
    python bench/ttt.py --seed 0 --pretrained runs/ttt0/pretrain --ttt_lr 1e-3 --ttt_steps 100   # other TTT settings, same model
    python bench/ttt.py --steps 30 --n_test 6 --ttt_steps 4 --n_train 600    # a quick check that it runs

1. Generates few-shot DSL tasks (arc_lab.generators, grid sides --min_side..--max_side) of the --train_families and
   trains a tiny Llama from scratch on them (`output-from-examples-v1`, character tokenizer, loss on the output grid,
   arc_lab.finetune; a steps-based schedule, fixed seeds).
   It then answers --check_train new tasks of its own training families without TTT: the ceiling of what it has learned.
2. Generates --n_test tasks of the --test_families, which the model never saw, and answers them twice with the same
   model, the same views and the same answers per view (arc_lab.ttt.ttt):
   - copying the test input as the answer (a control for the partial credit: cells right without reading the examples);
   - without TTT (`mode='none'`);
   - with TTT (`--ttt_mode joint`: one LoRA on the leave-one-out tasks of all test tasks, augmented; or `per_task`).
   Exact match is `vote_1` of arc_lab.evaluate (the most voted answer is the test output), per task; the gain is the
   paired difference with a bootstrap confidence interval over tasks.
3. On the same TTT run, candidate scoring across views (`selection='score'`) against voting.

A --test_families entry that is also a training family gives test tasks whose program never occurs in the pretraining
data (held-out programs rather than held-out families).

The last line is the figure. Measured on 2 shared cores (seeds 0 and 1, and a weaker TTT on the same models): exact
match 0.0% without and with TTT, gain +0.0% [+0.0%, +0.0%] in every run, also with a 1.06M-parameter model pretrained
2,500 steps (which solves 2.5% of new tasks of its own families); the tables, partial credit and what limits it are in
nbs/52_ttt.ipynb ("Does it help?").
"""
from __future__ import annotations
import argparse, json, os, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def paired_ci(a, b, rng, n_boot=2000, level=0.95):
    "Mean of b - a and its percentile bootstrap interval, resampling tasks."
    import numpy as np
    d = np.asarray(b, float) - np.asarray(a, float)
    means = d[rng.integers(0, len(d), (n_boot, len(d)))].mean(1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(d.mean()), float(lo), float(hi)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--train_families', default='rotate_shape,move_shape,mirror_shape,create_shape,symmetry_complete')
    ap.add_argument('--test_families', default='connect,flood_fill', help='held out: never in pretraining (a family also trained on gives test tasks whose program never occurs in training)')
    ap.add_argument('--min_side', type=int, default=3)
    ap.add_argument('--max_side', type=int, default=5)
    ap.add_argument('--n_train', type=int, default=8000, help='pretraining tasks generated (spread evenly over the families)')
    ap.add_argument('--n_test', type=int, default=40, help='held-out test tasks (spread evenly over the test families)')
    ap.add_argument('--steps', type=int, default=1000, help='pretraining steps')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--views', type=int, default=4, help='views per test task when answering (both arms)')
    ap.add_argument('--ttt_mode', default='joint', choices=['joint', 'per_task'])
    ap.add_argument('--ttt_steps', type=int, default=300, help='TTT steps (in all for joint, per task for per_task)')
    ap.add_argument('--ttt_lr', type=float, default=3e-3)
    ap.add_argument('--ttt_batch', type=int, default=8)
    ap.add_argument('--n_aug', type=int, default=8, help='views of each leave-one-out task in the TTT data')
    ap.add_argument('--lora_r', type=int, default=16)
    ap.add_argument('--full', action='store_true', help='TTT on all weights instead of a LoRA')
    ap.add_argument('--score_views', type=int, default=4)
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads (1 on a shared machine)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--n_boot', type=int, default=2000)
    ap.add_argument('--out', default=None, help='output folder (a temporary one when omitted)')
    ap.add_argument('--pretrained', default=None, help="a model folder saved by an earlier run (OUT/pretrain): skip pretraining")
    ap.add_argument('--check_train', type=int, default=40, help='also answer this many new tasks of the training families without TTT: how well the model knows what it was trained on (0: skip)')
    a = ap.parse_args()

    import numpy as np, torch, datasets
    torch.set_num_threads(a.threads)
    datasets.disable_progress_bars()
    from arc_lab.generators.core import generate
    from arc_lab.files import write_jsonl
    from arc_lab.models import make_char_tokenizer, make_tiny_model, model_size
    from arc_lab.finetune import FinetuneConfig, finetune
    from arc_lab.prompts import as_task
    from arc_lab.evaluate import evaluate, targets_from_tasks
    from arc_lab.ttt import TTTConfig, ttt

    t0 = time.time()
    out = Path(a.out or tempfile.mkdtemp(prefix='arc_lab_ttt_bench_'))
    out.mkdir(parents=True, exist_ok=True)
    gcfg = dict(min_side=a.min_side, max_side=a.max_side)
    fam_tr, fam_te = a.train_families.split(','), a.test_families.split(',')
    shared = set(fam_tr) & set(fam_te)  # families both trained and tested: the test tasks must have programs never trained on
    train = []
    for j, f in enumerate(fam_tr):
        train += list(generate(f, a.n_train // len(fam_tr), seed=a.seed * 100 + j, config=gcfg))
    train = [train[i] for i in np.random.default_rng(a.seed).permutation(len(train))]
    seen = {r['solution'] for r in train} if shared else set()
    items = {}
    for j, f in enumerate(fam_te):
        got = (r for r in generate(f, 50 * a.n_test, seed=10_000 + a.seed * 100 + j, config=gcfg) if r['solution'] not in seen)
        for i, r in zip(range(a.n_test // len(fam_te)), got): items[f"{f}_{i}"] = as_task(r, id=f"{f}_{i}")
    if not a.pretrained: write_jsonl(train, out/'train.jsonl', progress=False, quiet=True)
    members = lambda ids, f: [t for t in ids if t.startswith(f + '_')]  # the task ids of family f
    n_of = {f: len(members(items, f)) for f in fam_te}  # a family can run out of programs never trained on
    fam_te = [f for f in fam_te if n_of[f]]
    if not items: raise SystemExit(f"no held-out tasks: every program of {', '.join(n_of)} within {50 * a.n_test} draws was trained on")
    print(f"data: {len(train)} pretraining tasks ({', '.join(fam_tr)}), {len(items)} held-out tasks "
          f"({', '.join(f'{f} {n}' for f, n in n_of.items())}), "
          f"sides {a.min_side}-{a.max_side}, {time.time() - t0:.0f}s", flush=True)

    tok = make_char_tokenizer()
    model = make_tiny_model(tok, n_layer=a.layers, n_embd=a.dim, n_head=a.heads, max_position_embeddings=1024, seed=a.seed)
    fc = FinetuneConfig(dataset=str(out/'train.jsonl'), model='tiny', output_dir=str(out/'pretrain'), max_seq_len=1024, val_size=64,
                        prompt_version='output-from-examples-v1',
                        n_eval_samples=0, use_cpu=True, max_steps=a.steps, batch_size=a.batch, learning_rate=a.lr,
                        warmup_ratio=0.02, lr_scheduler_type='cosine', weight_decay=0.01, logging_steps=max(1, a.steps // 10),
                        save_steps=10**9, save_total_limit=1, seed=a.seed, progress=False)
    from transformers import TrainerCallback
    class Show(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kw):
            if logs and 'loss' in logs: print(f"  step {state.global_step:>5} {time.time() - t1:>5.0f}s loss {logs['loss']:.3f}", flush=True)
    t1 = time.time()
    if a.pretrained:
        from arc_lab.models import load_model, load_tokenizer
        model, tok = load_model(a.pretrained, dtype=torch.float32), load_tokenizer(a.pretrained)
        print(f"pretrained: {a.pretrained} ({model_size(model):,} parameters)", flush=True)
    else:
        s = finetune(fc, model, tok, callbacks=[Show()])
        losses = [round(h['loss'], 3) for h in s['log_history'] if 'loss' in h]
        print(f"pretrain: tiny llama {a.layers}x{a.dim} ({model_size(model):,} parameters), {s['steps']} steps in {time.time() - t1:.0f}s, "
              f"loss {losses}, validation loss {s['eval_loss']:.3f}", flush=True)
    model.eval()

    ref = targets_from_tasks(items)
    max_new = (a.max_side + 1) * a.max_side + 16
    common = dict(views=a.views, max_new_tokens=max_new, max_seq_len=1024, seed=a.seed, progress=False, gen_batch_size=8)
    def score(preds, name):
        ev = evaluate(preds, ref, n_boot=a.n_boot, rng=np.random.default_rng(a.seed))
        pt = ev.per_task.set_index('task_id').reindex(list(items))
        per_fam = {f: float(pt.loc[members(items, f), 'vote_1'].mean()) for f in fam_te}
        m = ev.summary['vote_1']
        print(f"  {name:<22} exact {m['mean']:.1%} [{m['lo']:.1%}, {m['hi']:.1%}]  pass_n {ev.summary['pass_n']['mean']:.1%}  "
              f"size {ev.summary['correct_size']['mean']:.1%}  pixels {ev.summary['correct_pixels']['mean']:.1%}  "
              + '  '.join(f"{f} {v:.1%}" for f, v in per_fam.items()), flush=True)
        return pt['vote_1'].to_numpy(float), ev

    if a.check_train:
        own = {}
        for j, f in enumerate(fam_tr):
            for i, r in enumerate(generate(f, a.check_train // len(fam_tr), seed=20_000 + a.seed * 100 + j, config=gcfg)):
                own[f"{f}_{i}"] = as_task(r, id=f"{f}_{i}")
        own_preds, _ = ttt(own, model, tok, TTTConfig(mode='none', **common))
        ev = evaluate(own_preds, targets_from_tasks(own), n_boot=a.n_boot, rng=np.random.default_rng(a.seed))
        pt = ev.per_task.set_index('task_id')
        print(f"  training families, new tasks, no TTT: exact {ev.summary['vote_1']['mean']:.1%}  size {ev.summary['correct_size']['mean']:.1%}  "
              f"pixels {ev.summary['correct_pixels']['mean']:.1%}  " + '  '.join(
                  f"{f} {pt.loc[members(own, f), 'vote_1'].mean():.1%}" for f in fam_tr), flush=True)
    copy = [dict(task_id=k, test_index=i, kind='grid', grid=np.asarray(p.input).tolist()) for k, t in items.items() for i, p in enumerate(t.test)]
    score(copy, 'copy the test input')  # a control: what answering with the input itself scores
    t2 = time.time()
    base_preds, st0 = ttt(items, model, tok, TTTConfig(mode='none', **common))
    print(f"without TTT: {st0['predictions']} predictions, {time.time() - t2:.0f}s", flush=True)
    v0, _ = score(base_preds, 'no TTT (vote)')
    t3 = time.time()
    cfg = TTTConfig(mode=a.ttt_mode, steps=a.ttt_steps, learning_rate=a.ttt_lr, batch_size=a.ttt_batch, n_aug=a.n_aug, lora_r=a.lora_r,
                    use_peft=not a.full, selection='score', score_views=a.score_views, **common)
    preds, st = ttt(items, model, tok, cfg, keep_votes=True)
    print(f"with TTT ({a.ttt_mode}, {'full' if a.full else f'LoRA r={a.lora_r}'}, {a.ttt_steps} steps, {st['trained_examples']} examples, "
          f"final loss {st['final_loss']:.3f}): {time.time() - t3:.0f}s", flush=True)
    v1, _ = score(st['vote_predictions'], 'TTT (vote)')
    v2, _ = score(preds, 'TTT (score)')
    write_jsonl(base_preds, out/'predictions_none.jsonl', progress=False, quiet=True)
    write_jsonl(st['vote_predictions'], out/'predictions_ttt_vote.jsonl', progress=False, quiet=True)
    write_jsonl(preds, out/'predictions_ttt_score.jsonl', progress=False, quiet=True)
    rng = np.random.default_rng(a.seed)
    gain, lo, hi = paired_ci(v0, v1, rng, a.n_boot)
    sg, slo, shi = paired_ci(v1, v2, rng, a.n_boot)
    res = dict(args=vars(a), no_ttt=float(v0.mean()), ttt_vote=float(v1.mean()), ttt_score=float(v2.mean()),
               gain=[gain, lo, hi], score_minus_vote=[sg, slo, shi], seconds=round(time.time() - t0))
    (out/'result.json').write_text(json.dumps(res, indent=1))
    print(f"candidate scoring minus voting (same TTT run): {sg:+.1%} [{slo:+.1%}, {shi:+.1%}]")
    print(f"total {time.time() - t0:.0f}s; output in {out}")
    print(f"held-out exact match ({'+'.join(fam_te)}, {len(items)} tasks): no TTT {v0.mean():.1%}, TTT {v1.mean():.1%}; "
          f"gain {gain:+.1%}, 95% CI [{lo:+.1%}, {hi:+.1%}]")


if __name__ == '__main__': main()
