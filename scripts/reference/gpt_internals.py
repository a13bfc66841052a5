"""PyTorch reference for the Transformer visualiser (src/core/lm/inspect.ts).
Usage: /usr/bin/python3 gpt_internals.py MODEL_DIR "3,1,4,1"
MODEL_DIR is a Hugging Face GPT-2 folder (config.json, model.safetensors, Conv1D [in, out] weights).
The attention probabilities come from torch.nn.MultiheadAttention (need_weights, per head), an
implementation independent of ours; the residual stream after each block and the logit lens
(ln_f + tied unembedding of each residual state) are printed too.
Prints JSON: {"attention": [layer][head][T][T], "residuals": [L+1][T][C], "lens": [L+1][T][V]}."""
import json, os, sys
import numpy as np
import torch
import torch.nn.functional as F


def tensors(path):
    raw = open(path, 'rb').read()
    size = int.from_bytes(raw[:8], 'little')
    header = json.loads(raw[8:8 + size])
    out = {}
    for name, spec in header.items():
        if name == '__metadata__':
            continue
        start, end = spec['data_offsets']
        assert spec['dtype'] == 'F32', spec['dtype']
        arr = np.frombuffer(raw[8 + size + start:8 + size + end], dtype=np.float32).reshape(spec['shape'])
        out[name.removeprefix('transformer.')] = torch.from_numpy(arr.copy())
    return out


def main(model_dir, ids):
    cfg = json.load(open(os.path.join(model_dir, 'config.json')))
    w = tensors(os.path.join(model_dir, 'model.safetensors'))
    C, H, L = cfg['n_embd'], cfg['n_head'], cfg['n_layer']
    eps = cfg.get('layer_norm_epsilon', 1e-5)
    tanh = cfg.get('activation_function') in ('gelu_new', 'gelu_pytorch_tanh')
    act = (lambda x: F.gelu(x, approximate='tanh')) if tanh else F.gelu
    bias = lambda p: w.get(p + '.bias')

    def norm(x, p):
        return F.layer_norm(x, (C,), w[p + '.weight'], bias(p), eps)

    def dense(x, p):
        y = x @ w[p + '.weight']
        return y + bias(p) if bias(p) is not None else y

    T = len(ids)
    x = w['wte.weight'][torch.tensor(ids)] + w['wpe.weight'][:T]
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = not allowed
    residuals, attention = [x], []
    for i in range(L):
        p = f'h.{i}'
        mha = torch.nn.MultiheadAttention(C, H, bias=bias(p + '.attn.c_attn') is not None, batch_first=True)
        mha.in_proj_weight.copy_(w[p + '.attn.c_attn.weight'].t())
        mha.out_proj.weight.copy_(w[p + '.attn.c_proj.weight'].t())
        if bias(p + '.attn.c_attn') is not None:
            mha.in_proj_bias.copy_(bias(p + '.attn.c_attn'))
            mha.out_proj.bias.copy_(bias(p + '.attn.c_proj'))
        h = norm(x, p + '.ln_1').unsqueeze(0)
        out, probs = mha(h, h, h, attn_mask=causal, need_weights=True, average_attn_weights=False)
        attention.append(probs[0])
        x = x + out[0]
        x = x + dense(act(dense(norm(x, p + '.ln_2'), p + '.mlp.c_fc')), p + '.mlp.c_proj')
        residuals.append(x)
    lens = [norm(r, 'ln_f') @ w['wte.weight'].t() for r in residuals]
    print(json.dumps({k: [t.tolist() for t in v] for k, v in (('attention', attention), ('residuals', residuals), ('lens', lens))}))


if __name__ == '__main__':
    with torch.no_grad():
        main(sys.argv[1], [int(t) for t in sys.argv[2].split(',')])
