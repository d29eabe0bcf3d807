"""arc_lab's layer order, written once, and the check that every import follows it.

    python tools/layers.py            # check; exit status 1 and one line per offending import
    python tools/layers.py --dot      # the module graph in Graphviz dot (the architecture page draws it)

Layers from the top. A module may import modules of its own layer or of any layer below, never one above;
imports inside functions count too. Modules of one layer must not import each other in a cycle.
"""
import ast, sys
from pathlib import Path

LAYERS = [  # top first: (name, modules; a name ending in '.' is a whole package)
    ('command lines and reports', ['cli', 'evaluate']),
    ('training and inference', ['finetune', 'curves', 'inference', 'models', 'ttt']),
    ('data and families', ['sources', 'hfdata', 'prompts', 'tokens', 'scale', 'generators.', 'arc_programs.']),
    ('sandbox and DSL', ['sandbox', 'dsl']),
    ('bottom: grids, text forms, files, records, configs, metrics', ['rle', 'encoders', 'augment', 'files', 'records', 'config', 'metrics']),
    ('grid', ['grid']),
]
ROOT = Path(__file__).resolve().parent.parent/'arc_lab'


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix('')
    parts = rel.parts[:-1] if rel.name == '__init__' else rel.parts
    return '.'.join(parts)


def layer_of(mod: str) -> int | None:
    for i, (_, mods) in enumerate(LAYERS):
        for m in mods:
            if mod == m or (m.endswith('.') and (mod + '.').startswith(m)): return i
    return None


def imports(path: Path) -> list[tuple[int, str]]:
    "(line, arc_lab module) of every import of an arc_lab module in a file, including those inside functions."
    me = module_name(path).split('.')
    pkg = me if path.name == '__init__.py' else me[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name[len('arc_lab.'):]) for a in node.names if a.name.startswith('arc_lab.')]
        elif isinstance(node, ast.ImportFrom):
            if node.level: base = pkg[:len(pkg) - node.level + 1] + (node.module.split('.') if node.module else [])
            elif node.module and (node.module == 'arc_lab' or node.module.startswith('arc_lab.')): base = node.module.split('.')[1:]
            else: continue
            if node.module is None or base == []:  # `from . import x` / `from arc_lab import x`: x is a module
                out += [(node.lineno, '.'.join(base + [a.name])) for a in node.names]
            else: out.append((node.lineno, '.'.join(base)))
    return [(l, m) for l, m in out if m and m != '_modidx']


def _nested(a: str, b: str) -> bool:
    "A package and one of its own modules (`arc_programs`, `arc_programs.core`): their imports of each other are no cycle."
    return (b + '.').startswith(a + '.') or (a + '.').startswith(b + '.')


def graph() -> dict[str, set[str]]:
    g = {}
    for p in sorted(ROOT.rglob('*.py')):
        m = module_name(p)
        if m in ('', '_modidx'): continue
        deps = set()
        for _, d in imports(p):
            while d and not (ROOT/(d.replace('.', '/') + '.py')).exists() and not (ROOT/d.replace('.', '/')/'__init__.py').exists():
                d = d.rpartition('.')[0]  # `from arc_lab.generators.core import x` -> generators.core
            if d and d != m and not _nested(m, d): deps.add(d)
        g[m] = deps
    return g


def check() -> list[str]:
    "Every import that goes up a layer, every module without a layer, and every import cycle."
    errs, g = [], graph()
    for p in sorted(ROOT.rglob('*.py')):
        m = module_name(p)
        if m in ('', '_modidx'): continue
        lm = layer_of(m)
        if lm is None: errs.append(f"arc_lab/{p.relative_to(ROOT)}: module {m} has no layer in tools/layers.py"); continue
        for line, d in imports(p):
            ld = layer_of(d)
            if ld is not None and ld < lm:
                errs.append(f"arc_lab/{p.relative_to(ROOT)}:{line}: {m} ({LAYERS[lm][0]}) imports {d} ({LAYERS[ld][0]}), a layer above")
    seen, stack = {}, []
    def visit(m):
        seen[m] = 1; stack.append(m)
        for d in sorted(g.get(m, ())):
            if seen.get(d) == 1: errs.append("import cycle: " + ' -> '.join(stack[stack.index(d):] + [d]))
            elif d not in seen: visit(d)
        seen[m] = 2; stack.pop()
    for m in sorted(g):
        if m not in seen: visit(m)
    return errs


def dot() -> str:
    g = graph()
    lines = ['digraph arc_lab {', '  rankdir=TB; node [shape=box, fontsize=10, style=rounded]; edge [color="#888888"];']
    for i, (name, _) in enumerate(LAYERS):
        ms = sorted(m for m in g if layer_of(m) == i)
        pkgs = {}
        for m in ms: pkgs.setdefault(m.split('.')[0] if '.' in m else m, []).append(m)
        lines.append(f'  subgraph cluster_{i} {{ label="{name}"; style=dashed; ' + ' '.join(f'"{p}";' for p in pkgs) + ' }')
    def node(m): return m.split('.')[0] if '.' in m else m
    edges = sorted({(node(m), node(d)) for m, ds in g.items() for d in ds if node(m) != node(d)})
    lines += [f'  "{a}" -> "{b}";' for a, b in edges] + ['}']
    return '\n'.join(lines)


if __name__ == '__main__':
    if '--dot' in sys.argv: print(dot()); sys.exit(0)
    errs = check()
    for e in errs: print(e)
    print(f"layers: {len(errs)} problem(s)" if errs else "layers: every import follows the layer order")
    sys.exit(1 if errs else 0)
