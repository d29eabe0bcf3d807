"""LoRA training throughput on a Qwen2.5-0.5B-shaped model: padded batches vs padding-free packed batches.

    python bench/gpu_lora.py                      # on a GPU: bf16, the full 0.5B shape (random weights)
    python bench/gpu_lora.py --attn flex_attention       # PyTorch's flex attention: the fastest with packing (H100: 36,450 tokens/s)
    python bench/gpu_lora.py --attn flash_attention_2    # if flash-attn is installed
    python bench/gpu_lora.py --tiny               # CPU smoke check: a 2-layer miniature, a few steps
    python bench/gpu_lora.py --cpu                # CPU: the tiny models CPU users train (4 x 64), padded vs packed, alternating rounds
    python bench/gpu_lora.py --attn flex_attention --liger            # + Liger's kernels (pip install liger-kernel; a CUDA GPU)
    python bench/gpu_lora.py --attn flex_attention --liger --compile  # + torch.compile of the model
    python bench/gpu_lora.py --attn flex_attention --liger --batch 32 # the memory Liger frees spent on larger packed batches

The model has Qwen2.5-0.5B's configuration (arc_lab.models.qwen25_05b_config) with random weights, so nothing is
downloaded; speed and memory depend only on the shape. Sequences have random lengths like ARC prompts (default
256-2048 tokens, loss on the last 20%). Batches are made by TRL's own collator, either padded to the longest
sequence with an attention mask, or padding-free: the batch's sequences concatenated into one row with
position ids restarting at each sequence (what `SFTConfig(packing=True)` / `padding_free=True` feed the model).
With sdpa, transformers turns the restarting position ids into a block-diagonal mask, but only when the forward
pass has no KV cache (`use_cache=False`, as TRL's trainer passes; with the config's default cache the packed
sequences silently attend to each other); flash_attention_2 uses variable-length kernels. A check line prints
the loss of one batch both ways: they must agree. Prints tokens/s (real tokens only, padding not counted) and peak memory per mode.

Model FLOPs utilisation (MFU) is printed where the GPU's peak is known (--peak_tflops, or by name: H100/H200 989, A100
312, L4 121, T4 65 dense bf16/fp16 TFLOP/s): tokens/s x FLOPs per token / peak, with the usual count of 6 FLOPs per
non-embedding parameter per token (the output layer counted; forward and backward, frozen weights included as if
trained) plus the causal
attention's 6 x layers x width x mean sequence length. `--liger` patches the Qwen2 modules with Liger's RMSNorm, RoPE,
SwiGLU and the cross-entropy fused with the output layer (no logits tensor: with Qwen's 151,936-token vocabulary the
largest single saving of memory); `--compile` wraps the model in `torch.compile(dynamic=True)` (its compile time falls in
the warm-up steps; raise --warmup if it does not).
"""
from __future__ import annotations
import argparse, time


def batches(rng, n_batches, batch_size, lo, hi, vocab, completion_share=0.2):
    "Random token sequences of random lengths, with labels -100 on the prompt part."
    out = []
    for _ in range(n_batches):
        b = []
        for n in rng.integers(lo, hi + 1, size=batch_size):
            ids = rng.integers(10, vocab, size=int(n)).tolist()
            k = int(n * (1 - completion_share))
            b.append({'input_ids': ids, 'labels': [-100] * k + ids[k:]})
        out.append(b)
    return out


def run(mode, model, data, collator, device, warmup, sync):
    import torch
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    if device == 'cuda': torch.cuda.reset_peak_memory_stats()
    n_tok, t_total = 0, 0.0
    for i, b in enumerate(data):
        x = {k: v.to(device) if hasattr(v, 'to') else v for k, v in collator(b).items()}
        sync(); t = time.perf_counter()
        loss = model(**x, use_cache=False).loss  # with a cache, transformers skips the packed-sequence mask
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        sync(); dt = time.perf_counter() - t
        if i >= warmup: n_tok += sum(len(e['input_ids']) for e in b); t_total += dt
    peak = torch.cuda.max_memory_allocated() / 2**30 if device == 'cuda' else float('nan')
    return n_tok / t_total, peak, loss.item()


PEAK_TFLOPS = {'H100': 989, 'H200': 989, 'A100': 312, 'L4': 121, 'T4': 65}  # dense bf16 (T4: fp16) tensor-core peaks


def flops_per_token(cfg, mean_len: float) -> float:
    "Training FLOPs per token: 6 per non-embedding parameter, plus causal attention (6 x layers x width x mean length)."
    d, L, ff = cfg.hidden_size, cfg.num_hidden_layers, cfg.intermediate_size
    kv = cfg.num_key_value_heads * (d // cfg.num_attention_heads)
    per_layer = d * d * 2 + d * kv * 2 + 3 * d * ff  # q, o; k, v; gate, up, down
    return 6 * (L * per_layer + d * cfg.vocab_size) + 6 * L * d * mean_len  # the output layer is a matmul, tied or not


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--tiny', action='store_true', help='2-layer miniature on CPU, for a smoke check')
    ap.add_argument('--steps', type=int, default=20, help='measured steps per mode')
    ap.add_argument('--warmup', type=int, default=3, help='unmeasured steps first')
    ap.add_argument('--batch', type=int, default=8, help='sequences per step')
    ap.add_argument('--min_len', type=int, default=256)
    ap.add_argument('--max_len', type=int, default=2048)
    ap.add_argument('--lora_r', type=int, default=32)
    ap.add_argument('--attn', default='sdpa', help="attention implementation: sdpa, eager, flash_attention_2")
    ap.add_argument('--grad_ckpt', action='store_true', help='activation checkpointing')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--cpu', action='store_true', help='on CPU, a 4-layer x 64 model (the size CPU runs train) with the lengths and batch given')
    ap.add_argument('--rounds', type=int, default=1, help='alternate the two modes this many times and print the median ratio and range')
    ap.add_argument('--liger', action='store_true', help="Liger's fused kernels (pip install liger-kernel; CUDA only)")
    ap.add_argument('--compile', action='store_true', help='torch.compile the model (dynamic shapes)')
    ap.add_argument('--peak_tflops', type=float, default=None, help='the GPU\'s peak dense bf16 TFLOP/s for MFU (default: by its name)')
    a = ap.parse_args()
    if a.cpu and a.max_len == 2048: a.min_len, a.max_len = 128, 512  # ARC-like prompts a CPU run can afford

    import numpy as np, torch
    from transformers import AutoModelForCausalLM
    from peft import LoraConfig, get_peft_model
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling
    from arc_lab.models import qwen25_05b_config, model_size

    device = 'cuda' if torch.cuda.is_available() and not (a.tiny or a.cpu) else 'cpu'
    dtype = torch.bfloat16 if device == 'cuda' else torch.float32
    over = dict(num_hidden_layers=2, hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
                vocab_size=1000) if a.tiny else {}
    if a.cpu: over = dict(num_hidden_layers=4, hidden_size=64, intermediate_size=256, num_attention_heads=4, num_key_value_heads=2, vocab_size=100)
    if a.tiny: a.steps, a.warmup, a.batch, a.min_len, a.max_len = min(a.steps, 3), 1, min(a.batch, 4), 16, 64
    cfg = qwen25_05b_config(**over)
    if a.liger:
        if device != 'cuda': raise SystemExit("--liger: Liger's kernels are Triton GPU kernels; this run is on CPU")
        from liger_kernel.transformers import apply_liger_kernel_to_qwen2
        apply_liger_kernel_to_qwen2(rope=True, rms_norm=True, swiglu=True, fused_linear_cross_entropy=True)
    torch.manual_seed(a.seed)
    model = AutoModelForCausalLM.from_config(cfg, dtype=dtype, attn_implementation=a.attn).to(device)
    if a.grad_ckpt: model.gradient_checkpointing_enable(); model.enable_input_require_grads()
    model = get_peft_model(model, LoraConfig(r=a.lora_r, lora_alpha=2 * a.lora_r, target_modules='all-linear', task_type='CAUSAL_LM'))
    if a.compile: model = torch.compile(model, dynamic=True)
    sync = torch.cuda.synchronize if device == 'cuda' else (lambda: None)
    name = torch.cuda.get_device_name() if device == 'cuda' else 'CPU'
    peak = a.peak_tflops or next((v for k, v in PEAK_TFLOPS.items() if k in name), None)
    print(f"device: {name}; dtype {dtype}; attn {a.attn}{'; liger' if a.liger else ''}{'; torch.compile' if a.compile else ''}; "
          f"{model_size(model):,} parameters, {model_size(model, trainable=True):,} trainable (LoRA r={a.lora_r}, all-linear)")
    rng = np.random.default_rng(a.seed)
    data = batches(rng, a.steps + a.warmup, a.batch, a.min_len, a.max_len, cfg.vocab_size)
    real = sum(len(e['input_ids']) for b in data for e in b)
    padded = sum(len(b) * max(len(e['input_ids']) for e in b) for b in data)
    print(f"data: {a.steps} steps x {a.batch} sequences of {a.min_len}-{a.max_len} tokens; padding would add {padded / real - 1:.0%}")
    cols = {pf: DataCollatorForLanguageModeling(pad_token_id=0, padding_free=pf) for pf in (False, True)}
    with torch.no_grad():  # the same batch must give the same loss both ways (no attention across packed sequences)
        same = [model(**{k: v.to(device) if hasattr(v, 'to') else v for k, v in cols[pf](data[0]).items()}, use_cache=False).loss.item()
                for pf in (False, True)]
    print(f"check: loss of one batch padded {same[0]:.4f}, packed {same[1]:.4f}")
    rows, ratios = [], []
    for r in range(a.rounds):  # alternate the modes: load on a shared machine drifts
        got = []
        for mode, pf in [('padded', False), ('padding-free packed', True)]:
            tps, mem, loss = run(mode, model, data, cols[pf], device, a.warmup, sync)
            got.append((mode, tps, mem, loss))
        ratios.append(got[1][1] / got[0][1])
        rows = rows or got
    fpt = flops_per_token(cfg, real / sum(len(b) for b in data))
    print(f"\n| batches | tokens/s (first round) | peak GiB | MFU |\n| --- | ---: | ---: | ---: |")
    for mode, tps, mem, loss in rows:
        print(f"| {mode} | {tps:,.0f} | {mem:.1f} | {f'{tps * fpt / (peak * 1e12):.1%}' if peak else 'n/a'} |")
    print(f"({fpt / 1e9:.3g} GFLOPs per token{f', peak {peak:g} TFLOP/s' if peak else '; no known peak for this device: --peak_tflops'})")
    print(f"\npadding-free / padded throughput: {np.median(ratios):.2f}x (median of {a.rounds} alternating rounds, range {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == '__main__': main()
