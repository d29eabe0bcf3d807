"""Ray on 2 local CPUs against one process: the same sharded run written both ways, timed, and checked byte for byte.

    python bench/scale.py                                  # connect, 40000 records in shards of 5000
    python bench/scale.py --family histogram --n 200000 --block 25000 --num_cpus 2

1. One process: `arc_lab.scale.generate_sharded(..., engine='local')` writes every shard in turn.
2. Ray: `ray.init(num_cpus=--num_cpus)` (timed on its own), then the same call with `engine='ray'`; Ray Data maps
   the blocks onto its workers, each writing its shard file.
3. The two manifests must list the same files with the same hashes, and the jsonl shards joined in manifest order
   must equal the one-process file written by `write_jsonl(generate(...))`.

The last line is the figure: the speed-up of Ray over one process, for the first Ray run (its workers start and
import arc_lab), the best later run in the same session (warm workers), and the first with `ray.init`. Needs
`pip install "arc_lab[ray]"`. On a shared machine the figure moves with the load: report it with `uptime`'s load.
"""
from __future__ import annotations
import argparse, json, os, tempfile, time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--family', default='connect')
    ap.add_argument('--n', type=int, default=40_000)
    ap.add_argument('--block', type=int, default=5_000, help='records per shard')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--num_cpus', type=int, default=2)
    ap.add_argument('--repeat', type=int, default=2, help='Ray runs in one session: the first starts the workers')
    a = ap.parse_args()
    import ray
    from arc_lab.scale import generate_sharded
    from arc_lab.generators.core import generate
    from arc_lab.files import write_jsonl
    tmp = Path(tempfile.mkdtemp(prefix='arc_lab_scale_'))
    load = os.getloadavg()[0]
    t = time.perf_counter()
    local = generate_sharded(a.family, a.n, tmp/'local', seed=a.seed, block=a.block)
    t_local = time.perf_counter() - t
    t = time.perf_counter()
    ray.init(num_cpus=a.num_cpus, include_dashboard=False, log_to_driver=False)
    t_init = time.perf_counter() - t
    try:
        t_rays, mans = [], []
        for r in range(a.repeat):
            t = time.perf_counter()
            remote = generate_sharded(a.family, a.n, tmp/f'ray{r}', seed=a.seed, block=a.block, engine='ray')
            t_rays.append(time.perf_counter() - t); mans.append(remote)
    finally: ray.shutdown()
    assert all(m['shards'] == local['shards'] for m in mans), 'Ray wrote other shards than one process'
    write_jsonl(generate(a.family, a.n, a.seed), tmp/'one.jsonl', progress=False, quiet=True)
    joined = b''.join((tmp/'ray0'/e['file']).read_bytes() for e in remote['shards'])
    assert joined == (tmp/'one.jsonl').read_bytes(), 'the Ray shards joined differ from the one-process file'
    res = dict(family=a.family, n=a.n, block=a.block, shards=len(local['shards']), num_cpus=a.num_cpus,
               load_1min_before=round(load, 2), load_1min_after=round(os.getloadavg()[0], 2),
               one_process_s=round(t_local, 2), ray_init_s=round(t_init, 2), ray_s=[round(x, 2) for x in t_rays],
               speedup_first=round(t_local / t_rays[0], 2), speedup_warm=round(t_local / min(t_rays), 2),
               speedup_with_init=round(t_local / (t_rays[0] + t_init), 2), identical=True)
    print(json.dumps(res))


if __name__ == '__main__':
    main()
