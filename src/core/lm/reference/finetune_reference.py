"""Plain-PyTorch reference for the studio's fine-tuning tests (llama-train.test.ts, lora.test.ts).

stdin: JSON {family: 'llama'|'gpt2', config, weights: {name: [...]}, shapes: {name: [...]}, ids: [[...]],
targets: [[...]], lora: null | {r, alpha, modules: [module path, ...], A: {module: [...]}, B: {module: [...]}}}
stdout: JSON {logits, loss, grads: {name: [...]}} in float64. With lora, grads are those of the
adapters' lora_A / lora_B (keys '<module>.lora_A.weight'), as PEFT's LoraLayer computes them:
  result = base(x) + lora_B(lora_A(x)) * (alpha / r), lora_A.weight [r, in], lora_B.weight [out, r].
Without lora, grads of every weight. The graphs are written out from HF's modeling_llama.py and
modeling_gpt2.py (transformers is not installed here).
"""
import json, math, sys
import torch

torch.set_default_dtype(torch.float64)
req = json.load(sys.stdin)
fam, c = req['family'], req['config']
W = {n: torch.tensor(v, dtype=torch.float64).reshape(req['shapes'][n]).requires_grad_(req['lora'] is None) for n, v in req['weights'].items()}
lora = req['lora']
A, Bm = {}, {}
if lora:
    scale = lora['alpha'] / lora['r']
    for m in lora['modules']:
        A[m] = torch.tensor(lora['A'][m], dtype=torch.float64).reshape(lora['r'], -1).requires_grad_(True)
        Bm[m] = torch.tensor(lora['B'][m], dtype=torch.float64).reshape(-1, lora['r']).requires_grad_(True)

def adapt(module, x, y):
    if module in A:
        return y + (x @ A[module].T) @ Bm[module].T * scale
    return y

def causal_softmax(s):
    T = s.shape[-1]
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    return torch.softmax(s.masked_fill(mask, float('-inf')), dim=-1)

def llama(ids):
    D, H, KV, hd = c['dim'], c['nHeads'], c['nKvHeads'], c['headDim']
    eps, theta = c['normEps'], c['ropeTheta']
    B, T = ids.shape
    rms = lambda x, g: g * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    freqs = torch.outer(torch.arange(T, dtype=torch.float32), inv_freq)
    emb = torch.cat([freqs, freqs], dim=-1).double()
    cos, sin = emb.cos(), emb.sin()
    rot = lambda x: torch.cat([-x[..., hd // 2:], x[..., :hd // 2]], dim=-1)
    lin = lambda x, m: adapt(m, x, x @ W[m + '.weight'].T)
    x = W['model.embed_tokens.weight'][ids]
    for i in range(c['nLayers']):
        p = f'model.layers.{i}.'
        h = rms(x, W[p + 'input_layernorm.weight'])
        q = lin(h, p + 'self_attn.q_proj').view(B, T, H, hd).transpose(1, 2)
        k = lin(h, p + 'self_attn.k_proj').view(B, T, KV, hd).transpose(1, 2)
        v = lin(h, p + 'self_attn.v_proj').view(B, T, KV, hd).transpose(1, 2)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        k, v = k.repeat_interleave(H // KV, dim=1), v.repeat_interleave(H // KV, dim=1)
        att = causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd))
        y = (att @ v).transpose(1, 2).reshape(B, T, H * hd)
        x = x + lin(y, p + 'self_attn.o_proj')
        h = rms(x, W[p + 'post_attention_layernorm.weight'])
        x = x + lin(torch.nn.functional.silu(lin(h, p + 'mlp.gate_proj')) * lin(h, p + 'mlp.up_proj'), p + 'mlp.down_proj')
    head = W['model.embed_tokens.weight'] if c['tiedEmbeddings'] else W['lm_head.weight']
    return rms(x, W['model.norm.weight']) @ head.T

def gpt2(ids):
    D, H = c['nEmbd'], c['nHead']
    hd, eps = D // H, c.get('layerNormEps', 1e-5)
    B, T = ids.shape
    exact = c.get('gelu', 'exact') == 'exact'
    gelu = (lambda x: torch.nn.functional.gelu(x)) if exact else (lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3)))))
    bias = lambda n: W.get(n + '.bias')
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (D,), W[n + '.weight'], bias(n), eps)
    def conv1d(x, m):  # GPT-2 Conv1D: weight [in, out]
        y = x @ W[m + '.weight']
        if bias(m) is not None:
            y = y + bias(m)
        return adapt(m, x, y)
    x = W['wte.weight'][ids] + W['wpe.weight'][:T]
    for i in range(c['nLayer']):
        p = f'h.{i}.'
        qkv = conv1d(ln(x, p + 'ln_1'), p + 'attn.c_attn')
        q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in qkv.split(D, dim=-1))
        y = (causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd)) @ v).transpose(1, 2).reshape(B, T, D)
        x = x + conv1d(y, p + 'attn.c_proj')
        x = x + conv1d(gelu(conv1d(ln(x, p + 'ln_2'), p + 'mlp.c_fc')), p + 'mlp.c_proj')
    return ln(x, 'ln_f') @ W['wte.weight'].T

ids = torch.tensor(req['ids'])
targets = torch.tensor(req['targets'])
logits = {'llama': llama, 'gpt2': gpt2}[fam](ids)
loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
loss.backward()
if lora:
    grads = {}
    for m in A:
        grads[m + '.lora_A.weight'] = A[m].grad.reshape(-1).tolist()
        grads[m + '.lora_B.weight'] = Bm[m].grad.reshape(-1).tolist()
else:
    grads = {n: (t.grad.reshape(-1).tolist() if t.grad is not None else [0.0] * t.numel()) for n, t in W.items()}
print(json.dumps({'logits': logits.detach().reshape(-1).tolist(), 'loss': loss.item(), 'grads': grads}))
