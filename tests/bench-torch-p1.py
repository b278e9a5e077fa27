# SPDX-License-Identifier: GPL-3.0-or-later
# bench-torch-p1.py - the P1 benchmark in PyTorch (Debian python3-torch), one
# thread, for comparison with tests/bench-train.c.  Not part of the test suite.
import gzip, time, numpy as np, torch
torch.set_num_threads(1)
x = np.frombuffer(gzip.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').read()[16:], dtype=np.uint8).reshape(-1, 784)
y = np.frombuffer(gzip.open('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz').read()[8:], dtype=np.uint8)
X = torch.from_numpy(x.astype(np.float32) / 255.0); Y = torch.from_numpy(y.astype(np.int64))
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(m.parameters(), lr=1e-3); lossf = torch.nn.CrossEntropyLoss()
for ep in range(3):
    perm = torch.randperm(60000); t = time.perf_counter()
    for i in range(0, 60000, 64):
        idx = perm[i:i+64]; opt.zero_grad(); l = lossf(m(X[idx]), Y[idx]); l.backward(); opt.step()
    print("torch epoch %.3f s" % (time.perf_counter() - t))
