"""Speed of `arc_lab.evaluate` and of batched generation in `arc_lab.inference` (tiny model, CPU).

    python bench/evaluate_bench.py

Prints one table per part. Evaluation: the 400 ARC-AGI-1 evaluation tasks with synthetic predictions
(8 views x 2 samples per test input: right, wrong or unparsed). Generation: the tiny random Llama on
ARC prompts, greedy, 32 new tokens, by batch size.
"""
import tempfile, time
import numpy as np
from arc_lab.grid import load_arc1
from arc_lab.evaluate import evaluate, prediction_record, targets_from_tasks

def bench_evaluate(n_answers=16):
    tasks = {tid: t for tid, t in load_arc1().items() if t.meta['split'] == 'eval'}
    ref = targets_from_tasks(tasks)
    rng = np.random.default_rng(0)
    preds = []
    for tid, ts in ref.items():
        for i, t in enumerate(ts):
            for _ in range(n_answers):
                u = rng.random()
                g = t.output if u < 0.3 else (None if u < 0.5 else rng.integers(0, 10, t.output.shape))
                preds.append(prediction_record(tid, i, grid=g, mean_logprob=-rng.random()))
    rows = []
    t0 = time.perf_counter(); ev = evaluate(preds, ref); t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp: ev.save(tmp)
    t2 = time.perf_counter()
    rows.append(('evaluate', len(preds), t1 - t0)); rows.append(('save (report, plots)', len(preds), t2 - t1))
    print(f"{'step':<24}{'predictions':>12}{'seconds':>10}{'preds/s':>10}")
    for name, n, s in rows: print(f"{name:<24}{n:>12}{s:>10.2f}{n / s:>10.0f}")

def bench_generate(batch_sizes=(1, 4, 16), n_prompts=16, max_new_tokens=32):
    import torch
    from arc_lab.models import make_char_tokenizer, make_tiny_model
    from arc_lab.inference import generate_texts, PromptFormat
    tok = make_char_tokenizer(); model = make_tiny_model(tok)
    tasks = [t for t in load_arc1().values() if t.meta['split'] == 'eval']
    prompts = [p for p in (PromptFormat(max_prompt_tokens=1500).prompt(t, 0, tok) for t in tasks) if p][:n_prompts]
    generate_texts(model, tok, prompts[:2], max_new_tokens=4)  # warm up
    print(f"\n{'batch_size':>10}{'prompts':>9}{'mean prompt tokens':>20}{'seconds':>10}{'new tokens/s':>14}")
    for bs in batch_sizes:
        t0 = time.perf_counter()
        out = generate_texts(model, tok, prompts, max_new_tokens=max_new_tokens, batch_size=bs)
        s = time.perf_counter() - t0
        n = sum(g.num_tokens for r in out for g in r)
        print(f"{bs:>10}{len(prompts):>9}{np.mean([len(tok(p)['input_ids']) for p in prompts]):>20.0f}{s:>10.2f}{n / s:>14.0f}")

if __name__ == '__main__':
    bench_evaluate()
    bench_generate()
