"""Plain-PyTorch BERT reference for the studio's tests (no transformers needed).

usage: /usr/bin/python3 bert_reference.py FOLDER < {"seqs": [[id, ...], ...], "masks": [[1, ..., 0], ...]}
Reads FOLDER/config.json and FOLDER/model.safetensors (BertModel or BertForSequenceClassification
names), runs BERT's forward in float32 as transformers' modeling_bert does (post-LayerNorm, exact
GELU, additive padding mask, tanh pooler, classifier), prints {"hidden", "pooled", "logits"}.
"""
import json, math, os, sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from pretrained_reference import read_safetensors  # noqa: E402

def main():
    folder = sys.argv[1]
    c = json.load(open(os.path.join(folder, 'config.json')))
    w = read_safetensors(os.path.join(folder, 'model.safetensors'))
    p = 'bert.' if any(k.startswith('bert.') for k in w) else ''
    g = lambda n: w[p + n]
    req = json.load(sys.stdin)
    ids = torch.tensor(req['seqs'], dtype=torch.long)
    mask = torch.tensor(req['masks'], dtype=torch.float32)
    B, T = ids.shape
    H, nh = c['hidden_size'], c['num_attention_heads']
    dh = H // nh
    eps = c.get('layer_norm_eps', 1e-12)
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (H,), g(n + '.weight'), g(n + '.bias'), eps)
    lin = lambda x, n: x @ g(n + '.weight').T + g(n + '.bias')
    x = g('embeddings.word_embeddings.weight')[ids] + g('embeddings.position_embeddings.weight')[:T][None] + g('embeddings.token_type_embeddings.weight')[0][None, None]
    x = ln(x, 'embeddings.LayerNorm')
    ext = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
    split = lambda t: t.view(B, T, nh, dh).transpose(1, 2)
    for l in range(c['num_hidden_layers']):
        q = 'encoder.layer.%d.' % l
        Q, K, V = (split(lin(x, q + 'attention.self.' + k)) for k in ('query', 'key', 'value'))
        att = torch.softmax(Q @ K.transpose(-1, -2) / math.sqrt(dh) + ext, dim=-1)
        ctx = (att @ V).transpose(1, 2).reshape(B, T, H)
        x = ln(x + lin(ctx, q + 'attention.output.dense'), q + 'attention.output.LayerNorm')
        inter = torch.nn.functional.gelu(lin(x, q + 'intermediate.dense'))
        x = ln(x + lin(inter, q + 'output.dense'), q + 'output.LayerNorm')
    pooled = torch.tanh(lin(x[:, 0], 'pooler.dense'))
    out = {'hidden': x.reshape(-1).tolist(), 'pooled': pooled.reshape(-1).tolist()}
    if 'classifier.weight' in w:
        out['logits'] = (pooled @ w['classifier.weight'].T + w['classifier.bias']).reshape(-1).tolist()
    print(json.dumps(out))

main()
