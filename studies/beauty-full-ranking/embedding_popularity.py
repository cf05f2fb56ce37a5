#!/usr/bin/env python3
"""Is the frozen LLM item table itself popularity-biased? (studies/beauty-full-ranking, point 5)

Usage: python3 studies/beauty-full-ranking/embedding_popularity.py DATASET_DIR      (needs numpy; reads embeddings/items.f32 + item_popularity.tsv)

Prints the Spearman correlation of item popularity (users per item) with (a) the cosine to the table's centroid and
(b) the item's 10-NN in-degree (hubness), and both quantities for tail (< 19 users) and head items.
"""
import json
import sys

import numpy as np

ds = sys.argv[1]
meta = json.load(open(f"{ds}/embeddings/items.json"))
E = np.fromfile(f"{ds}/embeddings/items.f32", dtype="<f4").reshape(meta["rows"], meta["dim"])[1:]
pop = np.loadtxt(f"{ds}/item_popularity.tsv", skiprows=1, usecols=1)


def ranks(x):
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r


def spearman(a, b):
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


centroid = E.mean(0)
to_centroid = E @ (centroid / np.linalg.norm(centroid))
S = E @ E.T
np.fill_diagonal(S, -np.inf)
knn = np.argpartition(-S, 10, axis=1)[:, :10]
in_degree = np.bincount(knn.ravel(), minlength=len(E))
print(f"items {len(E)}, mean pairwise cosine ~ {float(centroid @ centroid):.3f}")
print(f"Spearman(popularity, cosine to centroid) = {spearman(pop, to_centroid):+.3f}")
print(f"Spearman(popularity, 10-NN in-degree)    = {spearman(pop, in_degree):+.3f}")
for name, mask in [("tail items (< 19 users)", pop < 19), ("head items (>= 19 users)", pop >= 19)]:
    print(f"{name}: n {mask.sum()}, cosine to centroid {to_centroid[mask].mean():.3f}, "
          f"10-NN in-degree {in_degree[mask].mean():.2f}")
