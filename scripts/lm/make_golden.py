"""Golden fixture for the studio's GPT (src/core/lm/fixtures/gpt-tiny/), made by the PyTorch reference.

Usage (repo root): /usr/bin/python3 scripts/lm/make_golden.py [REF_DIR] [OUT_DIR]
  REF_DIR: shared/bench/gpt-reference (default ../shared/bench/gpt-reference), whose torch_logits.py
           forward pass is used as is (imported, not copied).
  OUT_DIR: default src/core/lm/fixtures/gpt-tiny

Writes, for a tiny GPT-2 (vocab 13, context 8, 2 layers, 2 heads, 8 dims, biases) with random
weights (seeded; LayerNorm weights and biases perturbed so every parameter matters):
  config.json          Hugging Face GPT-2 config ("activation_function": "gelu", exact erf GELU)
  model.safetensors    the weights, GPT-2 names, Conv1D layout [in, out] (written by hand here, spec-exact)
  expected.safetensors x, y [2, 8] I32; logits_gelu and logits_gelu_new [2, 8, 13] (torch_logits.forward
                       with each activation); loss (scalar): mean cross-entropy of logits_gelu against y;
                       grad.<name>: d loss / d weight for every weight (autograd through the same forward);
                       train_losses [3], train_grad_norms [3], trained.<name>: three steps of torch.optim.AdamW
                       set up as torch_gpt.py (decay on dim >= 2, betas 0.9/0.99, clip_grad_norm_, lr_at schedule)
                       with TRAIN below, on the same batch.
"""
import json, os, struct, sys
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'bench', 'gpt-reference')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', '..', 'src', 'core', 'lm', 'fixtures', 'gpt-tiny')
sys.path.insert(0, REF)
import torch_logits  # noqa: E402

V, P, L, H, C = 13, 8, 2, 2, 8
cfg = {'model_type': 'gpt2', 'architectures': ['GPT2LMHeadModel'], 'vocab_size': V, 'n_positions': P, 'n_ctx': P,
       'n_embd': C, 'n_layer': L, 'n_head': H, 'n_inner': None, 'activation_function': 'gelu',
       'layer_norm_epsilon': 1e-5, 'attn_pdrop': 0.0, 'embd_pdrop': 0.0, 'resid_pdrop': 0.0,
       'tie_word_embeddings': True, 'torch_dtype': 'float32'}

def write_safetensors(path, tensors, metadata=None):
    header, blobs, off = {}, [], 0
    if metadata: header['__metadata__'] = metadata
    for name, arr in tensors.items():
        b = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder('<')).tobytes()
        dt = {'float32': 'F32', 'int32': 'I32'}[arr.dtype.name]
        header[name] = {'dtype': dt, 'shape': list(arr.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b); off += len(b)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h))); f.write(h); f.writelines(blobs)

g = torch.Generator().manual_seed(20240605)
def rnd(*shape, std=0.3, mean=0.0): return (torch.randn(*shape, generator=g) * std + mean).float()
w = {'wte.weight': rnd(V, C), 'wpe.weight': rnd(P, C, std=0.1)}
for i in range(L):
    p = f'h.{i}'
    for ln in ('ln_1', 'ln_2'):
        w[f'{p}.{ln}.weight'] = rnd(C, std=0.1, mean=1.0); w[f'{p}.{ln}.bias'] = rnd(C, std=0.1)
    w[f'{p}.attn.c_attn.weight'] = rnd(C, 3 * C); w[f'{p}.attn.c_attn.bias'] = rnd(3 * C, std=0.1)
    w[f'{p}.attn.c_proj.weight'] = rnd(C, C); w[f'{p}.attn.c_proj.bias'] = rnd(C, std=0.1)
    w[f'{p}.mlp.c_fc.weight'] = rnd(C, 4 * C); w[f'{p}.mlp.c_fc.bias'] = rnd(4 * C, std=0.1)
    w[f'{p}.mlp.c_proj.weight'] = rnd(4 * C, C, std=0.2); w[f'{p}.mlp.c_proj.bias'] = rnd(C, std=0.1)
w['ln_f.weight'] = rnd(C, std=0.1, mean=1.0); w['ln_f.bias'] = rnd(C, std=0.1)

x = torch.randint(0, V, (2, P), generator=g)
y = torch.randint(0, V, (2, P), generator=g)

os.makedirs(OUT, exist_ok=True)
json.dump(cfg, open(os.path.join(OUT, 'config.json'), 'w'), indent=2)
write_safetensors(os.path.join(OUT, 'model.safetensors'), {k: v.numpy() for k, v in w.items()}, {'format': 'pt'})

out = {'x': x.numpy().astype(np.int32), 'y': y.numpy().astype(np.int32)}
with torch.no_grad():
    out['logits_gelu_new'] = torch.stack([torch_logits.forward({**cfg, 'activation_function': 'gelu_new'}, w, row) for row in x]).numpy()
wg = {k: v.clone().requires_grad_(True) for k, v in w.items()}
logits = torch.stack([torch_logits.forward(cfg, wg, row) for row in x])
loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
loss.backward()
out['logits_gelu'] = logits.detach().numpy()
out['loss'] = np.array(loss.item(), dtype=np.float32)
for k, v in wg.items(): out[f'grad.{k}'] = v.grad.numpy()

# Three optimizer steps exactly as torch_gpt.py does them (its lr_at with these constants).
TRAIN = dict(lr=1e-2, min_lr=1e-3, warmup=2, decay_iters=5, wd=0.1, clip=0.5, betas=(0.9, 0.99))
def lr_at(it):
    if it < TRAIN['warmup']: return TRAIN['lr'] * (it + 1) / (TRAIN['warmup'] + 1)
    r = min(1.0, (it - TRAIN['warmup']) / (TRAIN['decay_iters'] - TRAIN['warmup']))
    return TRAIN['min_lr'] + 0.5 * (1 + __import__('math').cos(__import__('math').pi * r)) * (TRAIN['lr'] - TRAIN['min_lr'])
wt = {k: v.clone().requires_grad_(True) for k, v in w.items()}
params = list(wt.values())
opt = torch.optim.AdamW([{'params': [p for p in params if p.dim() >= 2], 'weight_decay': TRAIN['wd']},
                         {'params': [p for p in params if p.dim() < 2], 'weight_decay': 0.0}], lr=TRAIN['lr'], betas=TRAIN['betas'])
losses, norms = [], []
for it in range(3):
    for grp in opt.param_groups: grp['lr'] = lr_at(it)
    lg = torch.stack([torch_logits.forward(cfg, wt, row) for row in x])
    l = F.cross_entropy(lg.reshape(-1, V), y.reshape(-1))
    opt.zero_grad(set_to_none=True); l.backward()
    norms.append(float(torch.nn.utils.clip_grad_norm_(params, TRAIN['clip']))); opt.step()
    losses.append(l.item())
out['train_losses'] = np.array(losses, dtype=np.float32)
out['train_grad_norms'] = np.array(norms, dtype=np.float32)
for k, v in wt.items(): out[f'trained.{k}'] = v.detach().numpy()
print('train losses', losses, 'grad norms', norms)
write_safetensors(os.path.join(OUT, 'expected.safetensors'), out, {'torch': torch.__version__, 'made_by': 'scripts/lm/make_golden.py', 'train': json.dumps(TRAIN)})
print(f'wrote {OUT}: loss {loss.item():.6f}, {sum(v.numel() for v in w.values())} weights')
