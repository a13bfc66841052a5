"""PyTorch's own 512x512 float32 product speed on 2 threads, and which BLAS library it loaded.

Debian's python3-torch calls whichever libblas.so.3 the alternatives system points at: the
reference BLAS (libblas3, ~7 GFLOP/s here) or OpenBLAS (~320). The gpt bench prints both so a
ratio against PyTorch says what PyTorch was running on.
"""
import json, sys, time
import torch

torch.manual_seed(0)
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
n = 512
a, b = torch.randn(n, n), torch.randn(n, n)
for _ in range(3):
    a @ b
count, start = 0, time.perf_counter()
while time.perf_counter() - start < 2.0:
    a @ b
    count += 1
seconds = time.perf_counter() - start
with open('/proc/self/maps') as maps:
    libs = sorted({line.split()[-1] for line in maps if 'blas' in line.lower() and '.so' in line})
print(json.dumps({'gflops': 2 * n**3 * count / seconds / 1e9, 'blas': libs}))
