"""Execute notebooks in place the way `nbdev_test` does (same skipped cells: `#| eval: false`
and the `tst_flags` in settings.ini), keeping their outputs so the docs carry the pictures.

    python tools/run_nb.py nbs/01_rle.ipynb [more.ipynb ...]
"""
import os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor
from nbdev.frontmatter import FrontmatterProc

def run(path: Path):
    skip = set(get_config().tst_flags.split())
    nb = read_nb(path)
    directives = NBProcessor(path, procs=FrontmatterProc, process=True).nb.cells
    dirs = {c.idx_: getattr(c, 'directives_', {}) or {} for c in directives}
    def no_eval(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export' + '(' in cell.source: return True
        d = dirs.get(cell.idx_, {})
        if d.get('eval:', [''])[0].lower() == 'false': return True
        return bool(skip & d.keys())
    os.environ['IN_TEST'] = '1'
    os.environ['ARC_LAB_DOCS_BUILD'] = '1'  # lets a notebook skip checks of files this build is about to write
    sh = CaptureShell(path)
    t = time.time()
    with working_directory(path.parent):
        sh.run_all(nb, exc_stop=True, preproc=no_eval)
    write_nb(nb, path)
    print(f"{path}: ran in {time.time() - t:.1f}s")

if __name__ == '__main__':
    sys.path.insert(0, str(get_config().config_path))
    for p in sys.argv[1:]: run(Path(p).absolute())
