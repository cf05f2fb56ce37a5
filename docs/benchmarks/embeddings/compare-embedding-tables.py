"""Agreement of two MiniLM embedding tables (fp32 vs int8) of the same dataset:
per-row cosine of item and user vectors, and overlap of the top-10 similar users."""
import json, sys
import numpy as np
a, b = sys.argv[1], sys.argv[2]
def table(d, name):
    m = json.load(open(f"{d}/embeddings/{name}.json"))
    return np.fromfile(f"{d}/embeddings/{m['table']}", dtype="<f4").reshape(m["rows"], m["dim"])
for name in ("items", "users"):
    x, y = table(a, name), table(b, name)
    nx, ny = np.linalg.norm(x, axis=1), np.linalg.norm(y, axis=1)
    ok = (nx > 0) & (ny > 0)
    cos = (x[ok] * y[ok]).sum(1) / (nx[ok] * ny[ok])
    print(f"{name}: rows {ok.sum()}, cosine fp32 vs int8: mean {cos.mean():.4f}, p5 {np.percentile(cos,5):.4f}, min {cos.min():.4f}")
def sim(d):
    m = json.load(open(f"{d}/embeddings/similar_users.json"))
    k = m["k"]
    return np.fromfile(f"{d}/embeddings/similar_users.i32", dtype="<i4").reshape(-1, k)
s1, s2 = sim(a)[:, :10], sim(b)[:, :10]
ov = np.array([len(set(p) & set(q)) for p, q in zip(s1, s2)]) / 10
print(f"top-10 similar users: mean overlap {ov.mean():.3f}, users with identical top-10 sets {np.mean(ov == 1):.3f}")
