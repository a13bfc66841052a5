"""Plain-PyTorch reference logits for the studio's pretrained-model tests (no transformers needed).

usage: /usr/bin/python3 pretrained_reference.py FOLDER ID [ID ...]
Reads FOLDER/config.json and FOLDER/model.safetensors (or its index + shards), runs the forward pass
of LlamaForCausalLM or GPT2LMHeadModel written out below in float32, prints {"logits": [[...], ...]}.
"""
import json, math, os, struct, sys
import numpy as np
import torch

def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        b, e = t['data_offsets']
        raw = data[base + b: base + e]
        if t['dtype'] == 'F32':
            a = np.frombuffer(raw, dtype='<f4').astype(np.float32)
        elif t['dtype'] == 'F16':
            a = np.frombuffer(raw, dtype='<f2').astype(np.float32)
        elif t['dtype'] == 'BF16':
            a = (np.frombuffer(raw, dtype='<u2').astype(np.uint32) << 16).view(np.float32)
        else:
            raise SystemExit('unsupported dtype ' + t['dtype'])
        out[name] = torch.from_numpy(a.copy()).reshape(t['shape'])
    return out

def read_folder(folder):
    index = os.path.join(folder, 'model.safetensors.index.json')
    if os.path.exists(os.path.join(folder, 'model.safetensors')):
        return read_safetensors(os.path.join(folder, 'model.safetensors'))
    w = {}
    for shard in sorted(set(json.load(open(index))['weight_map'].values())):
        w.update(read_safetensors(os.path.join(folder, shard)))
    return w

def causal_softmax(scores):
    T = scores.shape[-1]
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    return torch.softmax(scores.masked_fill(mask, float('-inf')), dim=-1)

def llama(c, w, ids):
    D, H = c['hidden_size'], c['num_attention_heads']
    KV = c.get('num_key_value_heads', H)
    hd = c.get('head_dim', D // H)
    eps, theta = c.get('rms_norm_eps', 1e-6), c.get('rope_theta', 10000.0)
    T = len(ids)
    rms = lambda x, g: g * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    freqs = torch.outer(torch.arange(T, dtype=torch.float32), inv_freq)
    emb = torch.cat([freqs, freqs], dim=-1)
    cos, sin = emb.cos(), emb.sin()
    rot = lambda x: torch.cat([-x[..., hd // 2:], x[..., :hd // 2]], dim=-1)
    x = w['model.embed_tokens.weight'][torch.tensor(ids)]
    for i in range(c['num_hidden_layers']):
        p = f'model.layers.{i}.'
        h = rms(x, w[p + 'input_layernorm.weight'])
        q = (h @ w[p + 'self_attn.q_proj.weight'].T).view(T, H, hd).transpose(0, 1)
        k = (h @ w[p + 'self_attn.k_proj.weight'].T).view(T, KV, hd).transpose(0, 1)
        v = (h @ w[p + 'self_attn.v_proj.weight'].T).view(T, KV, hd).transpose(0, 1)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        k, v = k.repeat_interleave(H // KV, dim=0), v.repeat_interleave(H // KV, dim=0)
        att = causal_softmax(q @ k.transpose(1, 2) / math.sqrt(hd))
        y = (att @ v).transpose(0, 1).reshape(T, H * hd)
        x = x + y @ w[p + 'self_attn.o_proj.weight'].T
        h = rms(x, w[p + 'post_attention_layernorm.weight'])
        gate = h @ w[p + 'mlp.gate_proj.weight'].T
        x = x + (torch.nn.functional.silu(gate) * (h @ w[p + 'mlp.up_proj.weight'].T)) @ w[p + 'mlp.down_proj.weight'].T
    head = w['model.embed_tokens.weight'] if c.get('tie_word_embeddings', False) else w['lm_head.weight']
    return rms(x, w['model.norm.weight']) @ head.T

def gpt2(c, w, ids):
    w = {k[len('transformer.'):] if k.startswith('transformer.') else k: v for k, v in w.items()}
    D, H = c['n_embd'], c['n_head']
    hd, T, eps = D // H, len(ids), c.get('layer_norm_epsilon', 1e-5)
    act = c.get('activation_function', 'gelu_new')
    gelu = (lambda x: torch.nn.functional.gelu(x)) if act == 'gelu' else (lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3)))))
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (D,), w[n + '.weight'], w[n + '.bias'], eps)
    x = w['wte.weight'][torch.tensor(ids)] + w['wpe.weight'][:T]
    for i in range(c['n_layer']):
        p = f'h.{i}.'
        qkv = ln(x, p + 'ln_1') @ w[p + 'attn.c_attn.weight'] + w[p + 'attn.c_attn.bias']
        q, k, v = (t.view(T, H, hd).transpose(0, 1) for t in qkv.split(D, dim=-1))
        y = (causal_softmax(q @ k.transpose(1, 2) / math.sqrt(hd)) @ v).transpose(0, 1).reshape(T, D)
        x = x + y @ w[p + 'attn.c_proj.weight'] + w[p + 'attn.c_proj.bias']
        m = gelu(ln(x, p + 'ln_2') @ w[p + 'mlp.c_fc.weight'] + w[p + 'mlp.c_fc.bias'])
        x = x + m @ w[p + 'mlp.c_proj.weight'] + w[p + 'mlp.c_proj.bias']
    return ln(x, 'ln_f') @ w['wte.weight'].T

if __name__ == '__main__':
    folder, ids = sys.argv[1], [int(a) for a in sys.argv[2:]]
    c = json.load(open(os.path.join(folder, 'config.json')))
    w = read_folder(folder)
    with torch.no_grad():
        logits = {'llama': llama, 'gpt2': gpt2}[c['model_type']](c, w, ids)
    print(json.dumps({'torch': torch.__version__, 'logits': logits.tolist()}))
