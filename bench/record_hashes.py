"""A SHA-256 of the first N records of every family for seeds 0 and 1: compare two revisions' outputs to show records
are byte-identical.

    python bench/record_hashes.py OUT.json [N]        # default N = 1000
    python bench/record_hashes.py --compare A.json B.json

Run it at two revisions (e.g. `git worktree add /tmp/base REV` and `PYTHONPATH=/tmp/base python bench/record_hashes.py
base.json`), then compare: one line per family and seed, SAME or DIFF.
"""
import hashlib, json, sys, warnings


def hashes(n: int) -> dict:
    from arc_lab.generators.core import list_generators, generate
    out = {}
    for name in list_generators():
        if name.startswith('_'): continue
        for seed in (0, 1):
            h = hashlib.sha256()
            try:
                for r in generate(name, n, seed=seed): h.update(json.dumps(r, sort_keys=True).encode())
                out[f'{name}/{seed}'] = h.hexdigest()
            except Exception as e: out[f'{name}/{seed}'] = f'error: {e!r}'[:200]
    return out


if __name__ == '__main__':
    warnings.filterwarnings('ignore')
    if not sys.argv[1:] or sys.argv[1] in ('-h', '--help') or (sys.argv[1].startswith('-') and sys.argv[1] != '--compare'):
        print(__doc__); sys.exit(0 if sys.argv[1:] and sys.argv[1] in ('-h', '--help') else 2)
    if sys.argv[1:2] == ['--compare']:
        a, b = (json.load(open(p)) for p in sys.argv[2:4])
        for k in sorted(set(a) | set(b)): print(('SAME ' if a.get(k) == b.get(k) else 'DIFF ') + k)
    else:
        json.dump(hashes(int(sys.argv[2]) if len(sys.argv) > 2 else 1000), open(sys.argv[1], 'w'), indent=1)
