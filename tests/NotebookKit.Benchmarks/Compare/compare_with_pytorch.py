"""Runs each workload in the kit (KitWorkloads.cs) and in PyTorch (torch_worker.py), interleaved in
one run on one machine, and prints a table of medians and ratios.

The sides are long-lived worker processes that wait on their standard input, so only one of them
computes at a time; in every repetition each workload runs on every side (the order rotates),
each time after untimed warm-up calls. Usage (see compare-with-pytorch.sh):

    python3 compare_with_pytorch.py --kit "dotnet .../NotebookKit.Benchmarks.dll --worker" [--reps 5] [--only NAME ...] [--json FILE]
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

# name: (warm-up units, timed units per repetition, what the row says)
PLAN = {
    "op-add": (3, 20, "one framework call (1-element add)"),
    "mlp-tiny": (100, 300, "MLP 2-16-1 training step, batch 32"),
    "mlp-tiny-scratch": (100, 300, "  the same, kit from scratch (MathNet, float64)"),
    "mlp-medium": (30, 100, "MLP 784-128-10 training step, batch 64"),
    "encoder-block": (3, 10, "encoder block step (C 256, H 8, B 16 × T 64)"),
    "gpt-train-v65": (5, 15, "GPT training step, vocabulary 65"),
    "gpt-train-v4979": (5, 15, "GPT training step, vocabulary 4,979"),
    "gpt-generate-cache-v65": (2, 5, "GPT: 56 tokens with the key/value cache"),
    "gpt-generate-recompute-v65": (2, 5, "GPT: 56 tokens recomputing the context"),
}
GPT_TOKENS_PER_STEP = 12 * 64


# The kit keeps freed tensor memory in the process (NativeAllocator.cs: glibc's mmap threshold 32 MiB,
# trim threshold 1 GiB). A PyTorch learner does not have that by default; the third side is PyTorch
# given the same settings through glibc's tunables, so the table shows how much of a difference is
# the allocator and how much the frameworks.
TUNED_MALLOC = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"


class Worker:
    def __init__(self, name, command, env=None):
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                        env={**os.environ, **(env or {})})

    def ask(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        reply = self.process.stdout.readline()
        if not reply:
            raise SystemExit(f"The {self.name} worker stopped (exit code {self.process.poll()}) after '{line}'.")
        answer = json.loads(reply)
        if "error" in answer:
            raise SystemExit(f"The {self.name} worker failed on '{line}': {answer['error']}")
        return answer

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(timeout=60)


def per_call(answer):
    return [t / answer["calls_per_unit"] for t in answer["ms"]]


def describe(ms):
    return f"{ms * 1000:.2f} µs" if ms < 0.01 else f"{ms * 1000:.1f} µs" if ms < 1 else f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kit", required=True, help="command line of the kit's worker")
    parser.add_argument("--torch", default=f"{sys.executable} {os.path.join(os.path.dirname(os.path.abspath(__file__)), 'torch_worker.py')}",
                        help="command line of PyTorch's worker (the thread count is appended)")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=list(PLAN), help="run these workloads only")
    parser.add_argument("--json", help="also write every measurement to this file")
    args = parser.parse_args()
    if args.reps < 1:
        parser.error("Expected --reps ≥ 1.")
    names = args.only or list(PLAN)

    env_threads = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = env_threads
    sides = {
        "kit": Worker("kit", shlex.split(args.kit)),
        "torch": Worker("PyTorch", shlex.split(args.torch) + [env_threads]),
        "tuned": Worker("PyTorch (tuned malloc)", shlex.split(args.torch) + [env_threads], {"GLIBC_TUNABLES": TUNED_MALLOC}),
    }
    kit, torch = sides["kit"], sides["torch"]
    try:
        kit_info, torch_info = kit.ask("info"), torch.ask("info")
        sides["tuned"].ask("info")
        if kit_info["threads"] != torch_info["threads"]:
            raise SystemExit(f"Expected both sides on the same thread count, got kit {kit_info['threads']} and PyTorch {torch_info['threads']}.")
        print(f"kit:     {kit_info['framework']}, {kit_info['runtime']}, {kit_info['threads']} threads, glibc allocator tuned: {kit_info['allocator_tuned']}")
        print(f"         MKL dispatch: {kit_info.get('mkl_dispatch', 'n/a')}")
        print(f"         MKL reproducibility: {kit_info.get('mkl_reproducibility', 'n/a')}")
        print(f"PyTorch: {torch_info['framework']}, {torch_info['runtime']}, {torch_info['threads']} threads, BLAS: {torch_info['blas']}")
        print(f"'PyTorch, tuned malloc': the same PyTorch with GLIBC_TUNABLES={TUNED_MALLOC} (the kit's allocator settings).")
        print(f"float32, same shapes on all sides; {args.reps} repetitions, the order of the sides rotates.")
        print(flush=True)

        samples = {name: {"kit": [], "torch": [], "tuned": [], "rep_ratios": []} for name in names}
        for rep in range(args.reps):
            for name in names:
                warmup, count, _ = PLAN[name]
                keys = ["kit", "torch", "tuned"]
                order = [(key, sides[key]) for key in keys[rep % 3:] + keys[:rep % 3]]
                medians = {}
                for side, worker in order:
                    times = per_call(worker.ask(f"run {name} {warmup} {count}"))
                    samples[name][side].extend(times)
                    medians[side] = statistics.median(times)
                samples[name]["rep_ratios"].append(medians["kit"] / medians["torch"])
            print(f"repetition {rep + 1}/{args.reps} done", file=sys.stderr, flush=True)
    finally:
        for worker in sides.values():
            worker.close()

    header = (f"{'workload':<48} {'kit median':>11} {'kit min':>10} {'PyTorch median':>15} {'PyTorch min':>12} {'ratio':>6}  {'ratio per rep':>13}"
              f"  {'PyTorch, tuned malloc':>21} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    rows = []
    for name in names:
        s = samples[name]
        kit_median, torch_median = statistics.median(s["kit"]), statistics.median(s["torch"])
        tuned_median = statistics.median(s["tuned"])
        ratio = kit_median / torch_median
        rows.append({"workload": name, "kit_median_ms": kit_median, "kit_min_ms": min(s["kit"]),
                     "torch_median_ms": torch_median, "torch_min_ms": min(s["torch"]), "ratio": ratio,
                     "rep_ratios": s["rep_ratios"], "tuned_median_ms": tuned_median, "ratio_tuned": kit_median / tuned_median,
                     "kit_ms": s["kit"], "torch_ms": s["torch"], "tuned_ms": s["tuned"]})
        spread = f"{min(s['rep_ratios']):.2f}–{max(s['rep_ratios']):.2f}"
        print(f"{PLAN[name][2]:<48} {describe(kit_median):>11} {describe(min(s['kit'])):>10} {describe(torch_median):>15} {describe(min(s['torch'])):>12} {ratio:>5.2f}×  {spread:>13}"
              f"  {describe(tuned_median):>21} {kit_median / tuned_median:>5.2f}×")
    for name in names:
        if name.startswith("gpt-train"):
            s = samples[name]
            print(f"{PLAN[name][2]}: kit {GPT_TOKENS_PER_STEP / statistics.median(s['kit']) * 1000:,.0f} tokens/s, "
                  f"PyTorch {GPT_TOKENS_PER_STEP / statistics.median(s['torch']) * 1000:,.0f} tokens/s, "
                  f"PyTorch with tuned malloc {GPT_TOKENS_PER_STEP / statistics.median(s['tuned']) * 1000:,.0f} tokens/s")
    print("ratio = kit median / PyTorch median (below 1: the kit is faster); 'ratio per rep' = the range of the per-repetition ratios.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"kit": kit_info, "torch": torch_info, "reps": args.reps, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
