"""PyTorch side of scripts/lm/compare-val-loss.ts: shared/bench/gpt-reference/torch_gpt.py's model, init,
AdamW groups, schedule and clipping, unchanged, with one addition: at each EVAL_AT step it also reports the
loss over the WHOLE validation set in non-overlapping windows of the context (the studio's `evaluate`),
so both sides are scored on identical tokens.

Usage: DATA_DIR=... /usr/bin/python3 scripts/lm/torch_train.py MAX_ITERS THREADS EVAL_AT(comma list)
Prints 'RESULT {json}' last: {"val_full@N": ..., "val20@N": ..., "tok_s": ...}.
"""
import json, math, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MAX_ITERS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
EVAL_AT = tuple(int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else '500,2000').split(','))
N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, DECAY_ITERS, WD, CLIP, BETAS = 1e-3, 1e-4, 100, 2000, 0.1, 1.0, (0.9, 0.99)
EVAL_BATCHES = 20

DATA = os.environ.get('DATA_DIR', 'data')
torch.set_num_threads(THREADS)
torch.manual_seed(1337)
rng = np.random.default_rng(1337)
meta = json.load(open(os.path.join(DATA, 'meta.json')))
train = np.fromfile(os.path.join(DATA, 'train.bin'), dtype=np.uint8).astype(np.int64)
val = np.fromfile(os.path.join(DATA, 'val.bin'), dtype=np.uint8).astype(np.int64)
V = meta['vocab_size']

def get_batch(data, r):
    ix = r.integers(0, len(data) - BLOCK - 1, BATCH)
    x = np.stack([data[i:i + BLOCK] for i in ix]); y = np.stack([data[i + 1:i + 1 + BLOCK] for i in ix])
    return torch.from_numpy(x), torch.from_numpy(y)

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(N_EMBD), nn.LayerNorm(N_EMBD)
        self.attn, self.attn_proj = nn.Linear(N_EMBD, 3 * N_EMBD), nn.Linear(N_EMBD, N_EMBD)
        self.fc, self.mlp_proj = nn.Linear(N_EMBD, 4 * N_EMBD), nn.Linear(4 * N_EMBD, N_EMBD)
        self.register_buffer('mask', torch.tril(torch.ones(BLOCK, BLOCK, dtype=torch.bool)))
    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.attn(self.ln1(x)).split(N_EMBD, dim=2)
        q, k, v = [t.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2) for t in (q, k, v)]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // N_HEAD)
        att = att.masked_fill(~self.mask[:T, :T], float('-inf')).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.fc(self.ln2(x))))

class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, N_EMBD), nn.Embedding(BLOCK, N_EMBD)
        self.blocks = nn.ModuleList([Block() for _ in range(N_LAYER)])
        self.ln_f = nn.LayerNorm(N_EMBD)
        for n, p in self.named_parameters():
            if p.dim() == 2: nn.init.normal_(p, 0.0, 0.02 / (math.sqrt(2 * N_LAYER) if n.endswith('proj.weight') else 1))
            elif n.endswith('bias'): nn.init.zeros_(p)
    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for b in self.blocks: x = b(x)
        logits = self.ln_f(x) @ self.wte.weight.t()
        return F.cross_entropy(logits.view(-1, V), targets.reshape(-1))

def lr_at(it):
    if it < WARMUP: return LR * (it + 1) / (WARMUP + 1)
    r = min(1.0, (it - WARMUP) / (DECAY_ITERS - WARMUP))
    return MIN_LR + 0.5 * (1 + math.cos(math.pi * r)) * (LR - MIN_LR)

@torch.no_grad()
def eval_val20(model):
    r = np.random.default_rng(42)
    return float(np.mean([model(*get_batch(val, r)).item() for _ in range(EVAL_BATCHES)]))

@torch.no_grad()
def eval_full(model):
    n = (len(val) - 1) // BLOCK
    total = 0.0
    for w in range(0, n, 16):
        starts = range(w, min(n, w + 16))
        x = torch.from_numpy(np.stack([val[s * BLOCK:s * BLOCK + BLOCK] for s in starts]))
        y = torch.from_numpy(np.stack([val[s * BLOCK + 1:s * BLOCK + BLOCK + 1] for s in starts]))
        total += model(x, y).item() * len(starts)
    return total / n

model = GPT()
decay = [p for p in model.parameters() if p.dim() >= 2]
no_decay = [p for p in model.parameters() if p.dim() < 2]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': WD}, {'params': no_decay, 'weight_decay': 0.0}], lr=LR, betas=BETAS)
res = {}
t0 = time.time()
for it in range(MAX_ITERS):
    for g in opt.param_groups: g['lr'] = lr_at(it)
    loss = model(*get_batch(train, rng))
    opt.zero_grad(set_to_none=True); loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP); opt.step()
    if it % 250 == 0: print(f'torch step {it} loss {loss.item():.4f} {time.time() - t0:.0f}s', flush=True)
    if it + 1 in EVAL_AT:
        model.eval()
        res[f'val_full@{it + 1}'] = eval_full(model); res[f'val20@{it + 1}'] = eval_val20(model)
        model.train()
        print(f'torch step {it + 1} val_full {res[f"val_full@{it + 1}"]:.4f} val20 {res[f"val20@{it + 1}"]:.4f}', flush=True)
res['train_s'] = time.time() - t0
print('RESULT ' + json.dumps(res), flush=True)
