#!/usr/bin/env python3
"""The compact tables of docs/results/beauty.md: HR@10 under the three protocols + top-10 list metrics, one run a row.

Usage: python3 ablation_summary.py RUNS_DIR [LABEL=RUN ...]
  Without LABEL=RUN arguments: the ablation table (runs of beauty-main.grid and beauty-studies.grid).
  With them: those runs, in that order (e.g. the session-4 preset comparison).
"""
import json, os
import sys
R=sys.argv[1] if len(sys.argv) > 1 else "work/beauty/runs"
rows=[('LLM-ESR (full model)','sasrec-llmesr-s42'),('w/o Co-view','abl-no-co-view'),('w/o Se-view','abl-no-se-view'),
('w/o SD (α = 0)','abl-no-sd'),('w/o Share','abl-no-share'),('w/o CA','abl-no-ca'),('one-layer adapter','abl-one-layer-adapter'),
('random id init','abl-random-id-init'),('plain SASRec','sasrec-plain-s42')]
if len(sys.argv) > 2:
    rows=[tuple(a.split('=',1)) for a in sys.argv[2:]]
print('| variant (seed 42) | sampled100 overall | tail item | tail user | head user | pop100 overall | full overall | full tail item | AvgPop@10 | Coverage@10 |')
print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for name,r in rows:
    d=os.path.join(R,r)
    if not os.path.exists(d+'/test-full.json'):
        print(f'| {name} | not run yet | | | | | | | | |'); continue
    s=json.load(open(d+'/test-sampled100.json'))['groups']; f=json.load(open(d+'/test-full.json')); p=json.load(open(d+'/test-pop100.json'))['groups']
    l=f['lists']['overall']; f=f['groups']
    print(f"| {name} | {s['overall']['HR@10']:.4f} | {s['tail_item']['HR@10']:.4f} | {s['tail_user']['HR@10']:.4f} | {s['head_user']['HR@10']:.4f} | {p['overall']['HR@10']:.4f} | {f['overall']['HR@10']:.4f} | {f['tail_item']['HR@10']:.4f} | {l['AvgPop@10']:.1f} | {l['Coverage@10']:.3f} |")
