"""Executes notebooks through a Jupyter kernel with nbclient, as `jupyter nbconvert --execute` does.

usage: run_with_nbclient.py KERNEL_NAME OUT_DIR NOTEBOOK[::SECONDS]...   (kernelspecs on JUPYTER_PATH)
SECONDS (default 900) is nbclient's limit for any one cell of that notebook; the caller derives it
from the chapter's stated budget, so a slow (loaded) machine gets the same factor as the engine's
chain instead of one wall clock for every chapter. Each notebook runs in a fresh kernel started in the notebook's folder; the executed copy is written
to OUT_DIR under the same name (also when a cell fails), and one line per notebook is printed:
"NAME ok SECONDS" or "NAME error SECONDS MESSAGE".
"""
import os
import sys
import time

import nbclient
import nbformat


def main():
    kernel, out_dir, notebooks = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    failed = 0
    for argument in notebooks:
        path, _, limit = argument.partition("::")
        name = os.path.basename(path)
        notebook = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(notebook, kernel_name=kernel, timeout=int(limit or 900), startup_timeout=120,
                                         resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        started = time.time()
        try:
            client.execute()
            status = "ok"
        except Exception as error:  # CellExecutionError, timeouts, a dead kernel: reported, the next notebook still runs
            failed += 1
            status = "error " + str(error).strip().splitlines()[-1][:400] if str(error).strip() else "error " + type(error).__name__
        nbformat.write(notebook, os.path.join(out_dir, name))
        print(f"{name} {status.split(' ', 1)[0]} {time.time() - started:.1f} {status.split(' ', 1)[1] if ' ' in status else ''}".rstrip(), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
