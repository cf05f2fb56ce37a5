#!/usr/bin/env python3
"""Compact tables of the Beauty studies: HR@10 under the three protocols + top-10 list metrics, one run a row.

Usage: python3 scripts/run-summary.py RUNS_DIR[:RUNS_DIR...] [LABEL=RUN ...]
  RUNS_DIR: where the runs are (a colon-separated list is searched in order), e.g. work/beauty/runs, or the
  committed studies/beauty-ablations/runs:studies/beauty-plain-vs-llmesr/runs.
  Without LABEL=RUN arguments: the ablation table of studies/beauty-ablations/README.md.
  With them: those runs, in that order (e.g. the preset table of studies/beauty-loss-normalisation/README.md).
"""
import json, os
import sys
DIRS=(sys.argv[1] if len(sys.argv) > 1 else "work/beauty/runs").split(':')
def run_dir(r):
    for base in DIRS:
        if os.path.exists(os.path.join(base, r, 'test-full.json')):
            return os.path.join(base, r)
    return os.path.join(DIRS[0], r)
rows=[('LLM-ESR (full model)','sasrec-llmesr-s42'),('w/o Co-view','abl-no-co-view'),('w/o Se-view','abl-no-se-view'),
('w/o SD (α = 0)','abl-no-sd'),('w/o Share','abl-no-share'),('w/o CA','abl-no-ca'),('one-layer adapter','abl-one-layer-adapter'),
('random id init','abl-random-id-init'),('plain SASRec','sasrec-plain-s42')]
if len(sys.argv) > 2:
    rows=[tuple(a.split('=',1)) for a in sys.argv[2:]]
print('| variant (seed 42) | sampled100 overall | tail item | tail user | head user | pop100 overall | full overall | full tail item | AvgPop@10 | Coverage@10 |')
print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for name,r in rows:
    d=run_dir(r)
    if not os.path.exists(d+'/test-full.json'):
        print(f'| {name} | not run | | | | | | | | |'); continue
    s=json.load(open(d+'/test-sampled100.json'))['groups']; f=json.load(open(d+'/test-full.json')); p=json.load(open(d+'/test-pop100.json'))['groups']
    l=f['lists']['overall']; f=f['groups']
    print(f"| {name} | {s['overall']['HR@10']:.4f} | {s['tail_item']['HR@10']:.4f} | {s['tail_user']['HR@10']:.4f} | {s['head_user']['HR@10']:.4f} | {p['overall']['HR@10']:.4f} | {f['overall']['HR@10']:.4f} | {f['tail_item']['HR@10']:.4f} | {l['AvgPop@10']:.1f} | {l['Coverage@10']:.3f} |")
