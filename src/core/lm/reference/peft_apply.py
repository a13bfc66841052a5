"""Applies a PEFT LoRA adapter folder to a base Llama folder in plain PyTorch and prints its logits.

usage: /usr/bin/python3 peft_apply.py BASE_FOLDER ADAPTER_FOLDER ID [ID ...]
W ← W + (lora_alpha / r) · lora_B.weight @ lora_A.weight for every module in adapter_model.safetensors
(PEFT's merge for nn.Linear), then pretrained_reference.py's forward pass. Prints {"logits": [[...]]}.
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch
from pretrained_reference import llama, read_folder, read_safetensors

base, adapter, ids = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
c = json.load(open(os.path.join(base, 'config.json')))
w = read_folder(base)
ac = json.load(open(os.path.join(adapter, 'adapter_config.json')))
assert ac['peft_type'] == 'LORA' and not ac['fan_in_fan_out']
scale = ac['lora_alpha'] / ac['r']
lora = read_safetensors(os.path.join(adapter, 'adapter_model.safetensors'))
prefix = 'base_model.model.'
for name, a in lora.items():
    if not name.endswith('.lora_A.weight'):
        continue
    module = name[len(prefix):-len('.lora_A.weight')]
    b = lora[prefix + module + '.lora_B.weight']
    w[module + '.weight'] = w[module + '.weight'] + scale * (b @ a)
with torch.no_grad():
    logits = llama(c, w, ids)
print(json.dumps({'logits': logits.tolist()}))
