#!/usr/bin/env python3
"""PyTorch eager peer of Sparsh.MLNet's self-distillation pretraining step (PretrainingBenchmarks).

The same step as Sparsh.Trainers' SelfDistillationModel + SparshPretrainer, written the way a PyTorch user would:
student and EMA teacher encoders (one token per taxel, type and position embeddings, one register token, pre-norm
blocks, final LayerNorm), the DINO head shared by DINO and iBOT, KoLeo, teacher centering (tiny) or Sinkhorn-Knopp
(small), AdamW with a decayed and a non-decayed group, gradient clipping at norm 3 and the EMA update. View sizes are
fixed at the expected keep fractions (global 70 %, local 25 %, iBOT 30 % of a global view), the sizes the .NET
benchmark's FLOP count assumes. Prints one "PEER ..." line with samples/s and, for the MFU denominator, the GEMM
throughput this torch and numpy's BLAS reach in the same process.

Run with Debian's python3-torch (1.13): /usr/bin/python3 pretraining_step.py --preset tiny --threads 1
"""
import argparse
import contextlib
import os
import sys
import time

PRESETS = {
    # dim, depth, heads, drop-path, batch, local views, prototypes, head hidden, bottleneck, sinkhorn, steps
    "small": dict(dim=32, depth=2, heads=2, drop_path=0.0, batch=16, local_views=4, prototypes=64, hidden=256,
                  bottleneck=64, sinkhorn=True, steps=10),
    "tiny": dict(dim=192, depth=8, heads=3, drop_path=0.3, batch=8, local_views=8, prototypes=65536, hidden=2048,
                 bottleneck=256, sinkhorn=False, steps=2),
}
TAXELS, FRAMES, CHANNELS, GLOBAL_VIEWS = 368, 10, 6, 2


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=0, help="timed steps (0 = the preset's)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bf16", action="store_true",
                        help="encoders and heads under torch.autocast('cpu', bfloat16); targets and losses in float32")
    return parser.parse_args()


ARGS = parse()
# The BLAS and OpenMP read their thread counts when the library loads, so pin them before importing torch / numpy.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(ARGS.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class DropPath(nn.Module):
    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, branch):
        if not self.training or self.rate == 0:
            return branch
        keep = 1 - self.rate
        draw = torch.empty((branch.shape[0],) + (1,) * (branch.dim() - 1), dtype=branch.dtype).bernoulli_(keep)
        return branch * draw.div_(keep)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, key_mask):
        b, n, d = x.shape
        q, k, v = self.qkv(x).view(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        # torch 1.13 has no scaled_dot_product_attention: the eager composition of it.
        scores = (q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5
        scores = scores.masked_fill(~key_mask, float("-inf"))
        attended = scores.softmax(-1) @ v
        return self.proj(attended.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    def __init__(self, dim, heads, drop_path):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))
        self.drop_path = DropPath(drop_path)

    def forward(self, x, key_mask):
        x = x + self.drop_path(self.attn(self.norm1(x), key_mask))
        return x + self.drop_path(self.mlp(self.norm2(x)))


class Encoder(nn.Module):
    def __init__(self, dim, depth, heads, drop_path, taxel_types):
        super().__init__()
        self.patch_embed = nn.Linear(FRAMES * CHANNELS, dim)
        self.type_embed = nn.Parameter(torch.randn(3, dim) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(TAXELS, dim) * 0.02)
        self.register_tokens = nn.Parameter(torch.zeros(1, 1, dim))
        self.mask_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        rates = [drop_path * i / max(depth - 1, 1) for i in range(depth)]
        self.blocks = nn.ModuleList([Block(dim, heads, r) for r in rates])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.register_buffer("taxel_types", taxel_types)

    def forward(self, windows, keep, validity, token_mask=None):
        b, f, t, c = windows.shape
        k, d = keep.shape[1], self.pos_embed.shape[1]
        per_taxel = windows.permute(0, 2, 1, 3).reshape(b, t, f * c).gather(1, keep.unsqueeze(-1).expand(b, k, f * c))
        flat = keep.reshape(-1)
        tokens = self.patch_embed(per_taxel)
        if token_mask is not None:
            tokens = torch.where(token_mask.unsqueeze(-1), self.mask_token.to(tokens.dtype), tokens)
        tokens = tokens + self.pos_embed.index_select(0, flat).view(b, k, d) \
            + self.type_embed.index_select(0, self.taxel_types.index_select(0, flat)).view(b, k, d)
        x = torch.cat([self.register_tokens.expand(b, -1, -1), tokens], 1)
        key_mask = torch.cat([torch.ones(b, 1, dtype=torch.bool), validity.gather(1, keep)], 1).view(b, 1, 1, -1)
        for block in self.blocks:
            x = block(x, key_mask)
        x = self.norm(x)
        return x[:, 0], x[:, 1:]


class DinoHead(nn.Module):
    def __init__(self, dim, hidden, bottleneck, prototypes):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, hidden), nn.GELU(),
                                 nn.Linear(hidden, bottleneck))
        self.prototypes = nn.Parameter(torch.randn(prototypes, bottleneck) * 0.02)

    def forward(self, x):
        x = F.normalize(self.mlp(x), dim=-1)
        return x @ F.normalize(self.prototypes, dim=1).t()


def sinkhorn(logits, temperature, iterations=3):
    n, k = logits.shape
    scaled = logits / temperature
    q = (scaled - scaled.max()).exp().t()
    q = q / q.sum()
    for _ in range(iterations):
        q = q / q.sum(1, keepdim=True) / k
        q = q / q.sum(0, keepdim=True) / n
    return (q * n).t()


def koleo(features, eps=1e-8):
    x = F.normalize(features, dim=-1, eps=eps)
    with torch.no_grad():
        similarity = x @ x.t()
        nearest = similarity.masked_fill(torch.eye(len(x), dtype=torch.bool), -2).argmax(1)
    distance = (x - x[nearest]).pow(2).sum(-1).add(eps).sqrt()
    return -(distance + eps).log().mean()


def random_keep(rows, k):
    return torch.rand(rows, TAXELS).argsort(1)[:, :k]


def gemm_gflops(size, dtype, products=10, runs=5):
    a, b = torch.randn(size, size).to(dtype), torch.randn(size, size).to(dtype)
    best = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(products):
            a @ b
        best = max(best, products * 2.0 * size ** 3 / (time.perf_counter() - start))
    return best / 1e9


def numpy_sgemm_gflops(size=1024, products=10, runs=5):
    try:
        import numpy
    except ImportError:
        return float("nan")
    a = numpy.random.rand(size, size).astype(numpy.float32)
    b = numpy.random.rand(size, size).astype(numpy.float32)
    best = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(products):
            a @ b
        best = max(best, products * 2.0 * size ** 3 / (time.perf_counter() - start))
    return best / 1e9


def main():
    p = PRESETS[ARGS.preset]
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    b, g, l, d = p["batch"], GLOBAL_VIEWS, p["local_views"], p["dim"]
    kg, kl = round(0.7 * TAXELS), round(0.25 * TAXELS)
    masked_per_view = round(0.3 * kg)
    taxel_types = torch.randint(0, 3, (TAXELS,))
    student = Encoder(d, p["depth"], p["heads"], p["drop_path"], taxel_types)
    teacher = Encoder(d, p["depth"], p["heads"], 0.0, taxel_types)
    student_head = DinoHead(d, p["hidden"], p["bottleneck"], p["prototypes"])
    teacher_head = DinoHead(d, p["hidden"], p["bottleneck"], p["prototypes"])
    teacher.load_state_dict(student.state_dict())
    teacher_head.load_state_dict(student_head.state_dict())
    teacher_parameters = list(teacher.parameters()) + list(teacher_head.parameters())
    student_parameters = list(student.parameters()) + list(student_head.parameters())
    for parameter in teacher_parameters:
        parameter.requires_grad_(False)
    teacher.eval()
    teacher_head.eval()
    no_decay = ("type_embed", "pos_embed", "register_tokens", "mask_token")
    named = list(student.named_parameters()) + list(student_head.named_parameters())
    decayed = [q for n, q in named if q.dim() > 1 and not n.endswith(no_decay)]
    not_decayed = [q for n, q in named if q.dim() <= 1 or n.endswith(no_decay)]
    optimizer = torch.optim.AdamW([{"params": decayed, "weight_decay": 0.04}, {"params": not_decayed, "weight_decay": 0.0}],
                                  lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    dino_center, ibot_center = torch.zeros(1, p["prototypes"]), torch.zeros(1, p["prototypes"])
    windows = torch.randn(b, FRAMES, TAXELS, CHANNELS)
    validity = torch.ones(b, TAXELS, dtype=torch.bool)
    teacher_temperature, student_temperature, momentum = 0.04, 0.1, 0.994

    def targets(logits, center):
        if p["sinkhorn"]:
            return sinkhorn(logits, teacher_temperature)
        return F.softmax((logits - center) / teacher_temperature, -1)

    def mixed():
        return torch.autocast("cpu", dtype=torch.bfloat16) if ARGS.bf16 else contextlib.nullcontext()

    def step():
        global_keep, local_keep = random_keep(g * b, kg), random_keep(l * b, kl)
        token_mask = torch.zeros(g * b, kg, dtype=torch.bool)
        token_mask[:, :masked_per_view] = True
        token_mask = token_mask.gather(1, torch.rand(g * b, kg).argsort(1))
        masked_flat = token_mask.reshape(-1).nonzero().squeeze(1)
        masked_rows = masked_flat.div(kg, rounding_mode="floor")
        global_windows, global_validity = windows.repeat(g, 1, 1, 1), validity.repeat(g, 1)
        with torch.no_grad():
            with mixed():
                t_register, t_tokens = teacher(global_windows, global_keep, global_validity)
                t_dino = teacher_head(t_register).float()
                t_ibot = teacher_head(t_tokens.reshape(-1, d).index_select(0, masked_flat)).float()
            dino_targets, ibot_targets = targets(t_dino, dino_center), targets(t_ibot, ibot_center)
            if not p["sinkhorn"]:
                dino_center.mul_(0.9).add_(t_dino.mean(0, keepdim=True), alpha=0.1)
                ibot_center.mul_(0.9).add_(t_ibot.mean(0, keepdim=True), alpha=0.1)
        with mixed():
            s_register, s_tokens = student(global_windows, global_keep, global_validity, token_mask)
            l_register, _ = student(windows.repeat(l, 1, 1, 1), local_keep, validity.repeat(l, 1))
            student_dino = student_head(torch.cat([s_register, l_register], 0)).float().view(g + l, b, -1)
            student_ibot = student_head(s_tokens.reshape(-1, d).index_select(0, masked_flat)).float()
        s_register = s_register.float()
        log_q = F.log_softmax(student_dino / student_temperature, -1)
        pair = -torch.einsum("tbk,sbk->ts", dino_targets.view(g, b, -1), log_q) / b
        pairs = torch.ones(g, g + l)
        for v in range(g):
            pairs[v, v] = 0
        dino = (pair * pairs).sum() / pairs.sum()
        token_loss = -(ibot_targets * F.log_softmax(student_ibot / student_temperature, -1)).sum(-1)
        counts = torch.zeros(g * b).index_add(0, masked_rows, torch.ones_like(token_loss))
        ibot = (token_loss / counts.index_select(0, masked_rows)).sum() / (counts > 0).sum()
        ko = sum(koleo(s_register[v * b:(v + 1) * b]) for v in range(g))
        loss = dino + ibot + 0.1 * ko
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(student_parameters, 3.0)
        optimizer.step()
        with torch.no_grad():
            for t_param, s_param in zip(teacher_parameters, student_parameters):
                t_param.mul_(momentum).add_(s_param.detach(), alpha=1 - momentum)
        return loss.item()

    student.train()
    student_head.train()
    for _ in range(ARGS.warmup):
        step()
    steps = ARGS.steps or p["steps"]
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    seconds = time.perf_counter() - start
    gemm32, gemm16 = gemm_gflops(1024, torch.float32), gemm_gflops(1024, torch.bfloat16)
    blas = numpy_sgemm_gflops()
    print(f"PEER pytorch={torch.__version__} preset={ARGS.preset} threads={ARGS.threads} bf16={ARGS.bf16} batch={b} steps={steps} "
          f"samples/s={b * steps / seconds:.3f} loss={loss:.4f} torch matmul1024 f32 GFLOP/s={gemm32:.1f} "
          f"bf16 GFLOP/s={gemm16:.1f} numpy sgemm1024 GFLOP/s={blas:.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
