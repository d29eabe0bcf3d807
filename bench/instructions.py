"""Instructions per record of each generator family, counted by valgrind's callgrind: a cost that does not drift with
the machine's load, for comparing two versions of the code when wall-clock figures swing by a third.

    python bench/instructions.py                            # the five text families
    python bench/instructions.py --families image task --n 2000

Each family runs twice under callgrind in a fresh interpreter, making 50 and then 50 + n records after a warm-up;
the difference divided by n is the cost of one record, start-up excluded. PYTHONHASHSEED is fixed so set and dict
orders, and so the counts, repeat exactly. Needs `valgrind` on the PATH; about a minute per family.
"""
import argparse, os, re, shutil, subprocess, sys

FAMILIES = ['histogram', 'rle', 'image', 'cellular_automaton', 'task']
RUN = "import sys; from arc_lab.generators.core import generate; list(generate(sys.argv[1], 50, seed=10**6)); sum(1 for _ in generate(sys.argv[1], int(sys.argv[2]), seed=1))"


def instructions(name: str, n: int) -> int:
    "Instructions callgrind counts for a run that makes `n` records of `name` after the warm-up."
    out = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', sys.executable, '-c', RUN, name, str(n)],
                         capture_output=True, text=True, env={**os.environ, 'PYTHONHASHSEED': '0'}, check=True).stderr
    return int(re.search(r'Collected : (\d+)', out)[1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--families', nargs='*', default=FAMILIES)
    p.add_argument('--n', type=int, default=3000, help="records counted per family (start-up varies by ~10M instructions run to run, so more records mean a finer figure)")
    a = p.parse_args(argv)
    if shutil.which('valgrind') is None: sys.exit('valgrind is not installed (apt install valgrind)')
    print('| family | instructions per record |\n| --- | ---: |')
    for name in a.families:
        print(f"| {name} | {(instructions(name, 50 + a.n) - instructions(name, 50)) / a.n:,.0f} |", flush=True)


if __name__ == '__main__':
    main()
