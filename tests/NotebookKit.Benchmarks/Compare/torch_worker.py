"""PyTorch's side of the comparison: the same workloads as KitWorkloads.cs, written the way a
learner would write them in PyTorch, served with the same line protocol as the kit's worker
(info / run NAME WARMUP COUNT / quit; one JSON line per answer)."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def one_element_add():
    a, b = torch.ones(1), torch.ones(1)

    def run():
        for _ in range(1000):
            a.add(b)
    return run, 1000


def mlp_step(sizes, batch):
    """As the kit's MlpStep: SGD(0.01), cycling through 8 fixed batches with random labels."""
    torch.manual_seed(1)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    network = nn.Sequential(*layers)
    optimizer = torch.optim.SGD(network.parameters(), lr=0.01)
    generator = torch.Generator().manual_seed(1)
    binary = sizes[-1] == 1
    inputs = [torch.rand(batch, sizes[0], generator=generator) for _ in range(8)]
    labels = [torch.randint(0, 2, (batch, 1), generator=generator).float() if binary
              else torch.randint(0, sizes[-1], (batch,), generator=generator) for _ in range(8)]
    counter = [0]

    def run():
        x, y = inputs[counter[0] % 8], labels[counter[0] % 8]
        counter[0] += 1
        optimizer.zero_grad()
        output = network(x)
        loss = F.binary_cross_entropy_with_logits(output, y) if binary else F.cross_entropy(output, y)
        loss.backward()
        optimizer.step()
        loss.item()
    return run, 1


class Attention(nn.Module):
    """Multi-head attention with the weights computed explicitly, as the kit's explicit path."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads, self.head_size = heads, width // heads
        self.query, self.key, self.value, self.output = (nn.Linear(width, width) for _ in range(4))

    def split(self, x):                                           # (B, T, C) -> (B, H, T, D)
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, mask=None):
        b, t, c = x.shape
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_size)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        heads = F.softmax(scores, dim=-1) @ v
        return self.output(heads.transpose(1, 2).contiguous().view(b, t, c))


class Block(nn.Module):
    def __init__(self, width, heads, hidden, activation, pre_norm):
        super().__init__()
        self.attention = Attention(width, heads)
        self.expand, self.project = nn.Linear(width, hidden), nn.Linear(hidden, width)
        self.activation = activation
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.pre_norm = pre_norm

    def feed_forward(self, x):
        return self.project(self.activation(self.expand(x)))

    def forward(self, x, mask=None):
        if not self.pre_norm:
            x = self.norm1(x + self.attention(x, mask))
            return self.norm2(x + self.feed_forward(x))
        x = x + self.attention(self.norm1(x), mask)
        return x + self.feed_forward(self.norm2(x))


def encoder_block_step():
    torch.manual_seed(1)
    block = Block(256, 8, 1024, F.relu, pre_norm=False)
    optimizer = torch.optim.SGD(block.parameters(), lr=0.01)
    generator = torch.Generator().manual_seed(2)
    x, y = torch.randn(16, 64, 256, generator=generator), torch.randn(16, 64, 256, generator=generator)

    def run():
        optimizer.zero_grad()
        loss = F.mse_loss(block(x), y)
        loss.backward()
        optimizer.step()
        loss.item()
    return run, 1


class Gpt(nn.Module):
    """nanoGPT's CPU configuration: 4 pre-norm blocks, 4 heads, width 128, context 64, GELU, head tied to the token embedding."""

    def __init__(self, vocabulary, width=128, heads=4, layers=4, context=64):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(vocabulary, width), nn.Embedding(context, width)
        self.blocks = nn.ModuleList(Block(width, heads, 4 * width, F.gelu, pre_norm=True) for _ in range(layers))
        self.final_norm = nn.LayerNorm(width)
        self.context = context
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() == 2:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, ids, start=0):
        t = ids.shape[1]
        x = self.tokens(ids) + self.positions(torch.arange(start, start + t))
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        for block in self.blocks:
            x = block(x, mask)
        return self.final_norm(x) @ self.tokens.weight.t()

    def loss(self, inputs, targets):
        logits = self.forward(inputs)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))

    def forward_cached(self, ids, cache):
        """ids (1, N) after the cache's positions; cache: a list of (keys, values) per block, extended in place."""
        start = cache[0][0].shape[2] if cache[0] is not None else 0
        n = ids.shape[1]
        x = self.tokens(ids) + self.positions(torch.arange(start, start + n))
        for i, block in enumerate(self.blocks):
            a = block.attention
            h = block.norm1(x)
            q, k, v = a.split(a.query(h)), a.split(a.key(h)), a.split(a.value(h))
            if cache[i] is not None:
                k, v = torch.cat([cache[i][0], k], dim=2), torch.cat([cache[i][1], v], dim=2)
            cache[i] = (k, v)
            scores = q @ k.transpose(-2, -1) / math.sqrt(a.head_size)
            if n > 1:
                scores = scores.masked_fill(~torch.ones(n, k.shape[2], dtype=torch.bool).tril(k.shape[2] - n), float("-inf"))
            heads = F.softmax(scores, dim=-1) @ v
            x = x + a.output(heads.transpose(1, 2).contiguous().view(1, n, -1))
            x = x + block.feed_forward(block.norm2(x))
        return self.final_norm(x) @ self.tokens.weight.t()


def gpt_train_step(vocabulary):
    torch.manual_seed(1)
    model = Gpt(vocabulary)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)
    ids = torch.randint(0, vocabulary, (12, 65), generator=torch.Generator().manual_seed(2))
    inputs, targets = ids[:, :64].contiguous(), ids[:, 1:].contiguous()

    def run():
        optimizer.zero_grad()
        loss = model.loss(inputs, targets)
        loss.backward()
        optimizer.step()
        loss.item()
    return run, 1


def gpt_generate(vocabulary, use_cache):
    torch.manual_seed(1)
    model = Gpt(vocabulary).eval()
    prompt = [1, 2, 3, 4, 5, 6, 7, 8]

    def draw(logits, generator):
        logits = logits / 0.8
        top, indices = torch.topk(logits, 50)
        choice = torch.multinomial(F.softmax(top, dim=-1), 1, generator=generator)
        return int(indices[choice])

    def run():
        generator = torch.Generator().manual_seed(1)
        context = list(prompt)
        with torch.no_grad():
            cache = [None] * len(model.blocks)
            for step in range(56):
                if not use_cache:
                    logits = model(torch.tensor([context[-model.context:]]))[0, -1]
                elif step == 0:
                    logits = model.forward_cached(torch.tensor([context]), cache)[0, -1]
                else:
                    logits = model.forward_cached(torch.tensor([[context[-1]]]), cache)[0, -1]
                context.append(draw(logits, generator))
    return run, 1


WORKLOADS = {
    "op-add": one_element_add,
    "mlp-tiny": lambda: mlp_step([2, 16, 1], 32),
    "mlp-tiny-scratch": lambda: mlp_step([2, 16, 1], 32),   # PyTorch has no scratch path: the same step as mlp-tiny
    "mlp-medium": lambda: mlp_step([784, 128, 10], 64),
    "encoder-block": encoder_block_step,
    "gpt-train-v65": lambda: gpt_train_step(65),
    "gpt-train-v4979": lambda: gpt_train_step(4979),
    "gpt-generate-cache-v65": lambda: gpt_generate(65, True),
    "gpt-generate-recompute-v65": lambda: gpt_generate(65, False),
}


def blas():
    """The BLAS library this process actually loaded (Debian's torch links libblas.so.3, which the
    alternatives system points at the reference BLAS, OpenBLAS or BLIS)."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    return ", ".join(paths) if paths else "none loaded"


def answer(data):
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
    torch.set_num_threads(threads)
    built = {}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "quit":
                return
            if words[0] == "info":
                answer({"framework": f"PyTorch {torch.__version__}", "runtime": f"Python {sys.version.split()[0]}",
                        "threads": torch.get_num_threads(), "blas": blas()})
            elif words[0] == "run" and len(words) == 4:
                name, warmup, count = words[1], int(words[2]), int(words[3])
                if name not in built:
                    built[name] = WORKLOADS[name]()
                run, calls = built[name]
                for _ in range(warmup):
                    run()
                times = []
                for _ in range(count):
                    start = time.perf_counter()
                    run()
                    times.append((time.perf_counter() - start) * 1000.0)
                answer({"workload": name, "ms": times, "calls_per_unit": calls})
            else:
                raise ValueError(f"Expected 'info', 'run NAME WARMUP COUNT' or 'quit', got '{line.strip()}'.")
        except Exception as error:  # reported to the driver, which stops with it
            answer({"error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
