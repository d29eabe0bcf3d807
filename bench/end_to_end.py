"""End to end on CPU: generate histogram records -> dataset -> train a tiny model from scratch -> exact match.

    python bench/end_to_end.py                 # the full run (about 15 minutes on 2 cores)
    python bench/end_to_end.py --steps 20 --n_test 50   # a quick check that it runs

Generates `unique_colors` histogram questions (arc_lab.generators.histogram), writes them as jsonl, holds out
records whose input never occurs in training, fine-tunes a freshly initialised tiny Llama with a character
tokenizer on the `instruction-v0` prompt (full fine-tuning, loss on the completion only, arc_lab.finetune),
then answers the held-out questions greedily and prints exact match per group. The last line is the figure.
"""
from __future__ import annotations
from dataclasses import replace
import argparse, json, math, os, tempfile, time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--groups', default='unique_colors', help='comma-separated histogram groups')
    ap.add_argument('--max_count', type=int, default=None, help='largest colour count (generator default 6400); smaller means shorter inputs')
    ap.add_argument('--n_train', type=int, default=50_000, help='training records generated')
    ap.add_argument('--n_test', type=int, default=500, help='held-out records scored')
    ap.add_argument('--steps', type=int, default=8000, help='optimiser steps (the learning-rate schedule spans them, or the time budget if that ends first)')
    ap.add_argument('--budget_min', type=float, default=13.0, help='stop training after this many minutes whatever the step')
    ap.add_argument('--batch', type=int, default=8, help='sequences per step: for a fixed time, smaller batches (more steps) learn the skill more reliably (8: 100%%; 16: 46-99%%; 32: 19-84%%)')
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--layers', type=int, default=4, help='depth matters more than width here: 4x64 beat 2x64, 2x128, 3x96, 4x128 and 6x96')
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2, help='torch CPU threads (2 on an idle 2-core machine; 1 when it is shared)')
    ap.add_argument('--eval_every', type=int, default=250, help='exact match on 32 validation records every n steps')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default=None, help='output folder (a temporary one when omitted)')
    a = ap.parse_args()

    import torch, datasets
    torch.set_num_threads(a.threads)
    datasets.disable_progress_bars()
    from transformers import TrainerCallback
    from arc_lab.generators.core import generate
    from arc_lab.files import write_jsonl
    from arc_lab.models import make_char_tokenizer, make_tiny_model, model_size
    from arc_lab.finetune import FinetuneConfig, finetune, score_predictions, generate_answers
    from arc_lab.prompts import make_example

    t0 = time.time()
    out = Path(a.out or tempfile.mkdtemp(prefix='arc_lab_e2e_'))
    out.mkdir(parents=True, exist_ok=True)
    cfg = dict(groups=a.groups.split(','), **({} if a.max_count is None else dict(max_count=a.max_count)))
    train = list(generate('histogram', a.n_train, seed=a.seed, config=cfg))
    seen = {r['input'] for r in train}
    test = [r for r in generate('histogram', 4 * a.n_test, seed=a.seed + 1, config=cfg) if r['input'] not in seen][:a.n_test]
    write_jsonl(train, out/'train.jsonl', progress=False, quiet=True)
    write_jsonl(test, out/'test.jsonl', progress=False, quiet=True)
    print(f"data: {len(train)} train records, {len(test)} held-out (inputs unseen in training), {time.time() - t0:.0f}s")

    class Budget(TrainerCallback):
        """Cosine learning-rate decay over whichever ends first, the steps or the time budget, then stop;
        print the loss and the validation sample's exact match."""
        def on_step_begin(self, args, state, control, optimizer=None, **kw):
            p = max(state.global_step / a.steps, (time.time() - t_train) / (a.budget_min * 60))
            warm = min(1.0, (state.global_step + 1) / 30)
            for g in optimizer.param_groups: g['lr'] = a.lr * warm * 0.5 * (1 + math.cos(math.pi * min(p, 1.0)))
        def on_step_end(self, args, state, control, **kw):
            if time.time() - t_train > a.budget_min * 60: control.should_training_stop = True
        def on_log(self, args, state, control, logs=None, **kw):
            shown = {k: round(v, 4) for k, v in (logs or {}).items() if k in ('loss', 'eval_exact_match')}
            if shown: print(f"  step {state.global_step:>5} {time.time() - t_train:>5.0f}s {shown}", flush=True)

    tok = make_char_tokenizer()
    model = make_tiny_model(tok, n_layer=a.layers, n_embd=a.dim, n_head=a.heads, max_position_embeddings=512, seed=a.seed)
    print(f"model: tiny llama, {a.layers} layers x {a.dim}, {model_size(model):,} parameters, from scratch")
    fc = FinetuneConfig(dataset=str(out/'train.jsonl'), model='tiny', output_dir=str(out/'run'), prompt_version='instruction-v0',
                        max_seq_len=256, val_size=64, n_eval_samples=32, max_new_tokens=32, use_cpu=True, max_steps=a.steps,
                        batch_size=a.batch, learning_rate=a.lr, warmup_ratio=0.0, lr_scheduler_type='constant', weight_decay=0.01,
                        logging_steps=50, eval_steps=a.eval_every, save_steps=10**9, save_total_limit=1, seed=a.seed, progress=False)
    t_train = time.time()
    s = finetune(fc, model, tok, callbacks=[Budget()])
    print(f"train: {s['steps']} steps in {time.time() - t_train:.0f}s, loss {s['first_loss']} -> {s['final_loss']}")

    items = [dict(prompt=make_example(r, 'instruction-v0')['prompt'], answer=r['output']) for r in test]
    t_gen = time.time()
    texts = generate_answers(model, tok, [it['prompt'] for it in items], replace(fc, max_new_tokens=32, batch_size=64))
    metrics, rows = score_predictions(items, texts, 'instruction-v0')
    by = defaultdict(list)
    for r, rec in zip(rows, test):
        g = dict(kv.split('=') for kv in rec['benchmark'].split())['group']
        by[g].append(r['exact'])
    for g, v in sorted(by.items()): print(f"  {g:<28} {sum(v):>4}/{len(v):<4} exact {sum(v) / len(v):.1%}")
    wrong = [(rec['input'], r['prediction']) for r, rec in zip(rows, test) if not r['exact']][:5]
    for inp, p in wrong: print(f"  wrong: {inp!r} -> {p!r}")
    (out/'result.json').write_text(json.dumps(dict(args=vars(a), steps=s['steps'], metrics=metrics, seconds=time.time() - t0), indent=1))
    print(f"generation: {len(items)} answers in {time.time() - t_gen:.0f}s; total {time.time() - t0:.0f}s; output in {out}")
    print(f"held-out exact match ({a.groups}): {metrics['exact_match']:.1%}")


if __name__ == '__main__': main()
