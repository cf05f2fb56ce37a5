#!/usr/bin/env python3
"""Rebuilds the bundled demo subset of Amazon Beauty (2014, 5-core) byte for byte.

Usage: python3 make_subset.py /path/to/amazon-beauty/atomic [OUTDIR]

1. Keep every interaction of the users whose SHA-256(user id, UTF-8), first 8 bytes read as an unsigned
   big-endian integer, is divisible by 8 (about 1 user in 8; independent of file order).
2. Iterative 3-core on what is left: repeatedly drop interactions whose user or item has fewer than 3
   interactions, until nothing changes.
3. Write the surviving interaction rows and the item rows of the surviving items unchanged, in their
   original file order, with the original headers.
Standard library only; deterministic.
"""
import collections
import hashlib
import os
import sys

MODULUS = 8
CORE = 3


def selected(user):
    return int.from_bytes(hashlib.sha256(user.encode("utf-8")).digest()[:8], "big") % MODULUS == 0


def main(src, out):
    with open(os.path.join(src, "Amazon_Beauty.inter"), encoding="utf-8", newline="") as f:
        header, *rows = f.read().split("\n")
    rows = [r for r in rows if r]
    parsed = [r.split("\t") for r in rows]
    keep = [selected(p[0]) for p in parsed]
    while True:
        users = collections.Counter(p[0] for p, k in zip(parsed, keep) if k)
        items = collections.Counter(p[1] for p, k in zip(parsed, keep) if k)
        changed = False
        for i, p in enumerate(parsed):
            if keep[i] and (users[p[0]] < CORE or items[p[1]] < CORE):
                keep[i] = False
                changed = True
        if not changed:
            break
    kept_items = {p[1] for p, k in zip(parsed, keep) if k}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "beauty-demo.inter"), "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for r, k in zip(rows, keep):
            if k:
                f.write(r + "\n")
    with open(os.path.join(src, "Amazon_Beauty.item"), encoding="utf-8", newline="") as f:
        item_header, *item_rows = f.read().split("\n")
    with open(os.path.join(out, "beauty-demo.item"), "w", encoding="utf-8", newline="") as f:
        f.write(item_header + "\n")
        for r in item_rows:
            if r and r.split("\t", 1)[0] in kept_items:
                f.write(r + "\n")
    print(f"{len(users)} users, {len(kept_items)} items, {sum(keep)} interactions")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__)))
