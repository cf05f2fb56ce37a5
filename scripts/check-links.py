#!/usr/bin/env python3
# Usage: python3 scripts/check-links.py [REPO_ROOT]      (exit status 1 when a link is broken)
"""Checks every relative link and image in the tracked *.md files of a git checkout: the target file or folder
must exist, and a #fragment must match a heading of the target Markdown file (GitHub's slug rules)."""
import os, re, subprocess, sys, unicodedata
root = sys.argv[1] if len(sys.argv) > 1 else '.'
files = subprocess.run(['git', '-C', root, 'ls-files', '*.md'], capture_output=True, text=True, check=True).stdout.split()
link = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
def slug(h):
    h = h.strip().lower()
    h = re.sub(r'[^\w\- ]', '', h, flags=re.UNICODE)
    return h.replace(' ', '-')
def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding='utf-8'):
        if line.lstrip().startswith('```'): fence = not fence; continue
        m = re.match(r'#{1,6}\s+(.*?)\s*#*\s*$', line)
        if m and not fence:
            base = slug(re.sub(r'[`*_]', '', re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', m.group(1))))
            n, a = 1, base
            while a in out: a = f'{base}-{n}'; n += 1
            out.add(a)
    return out
broken, checked = [], 0
for f in files:
    text = open(os.path.join(root, f), encoding='utf-8').read()
    text = re.sub(r'```.*?```', '', text, flags=re.S)          # links inside code blocks are not links
    text = re.sub(r'`[^`\n]*`', '', text)
    for target in link.findall(text):
        if re.match(r'^[a-z][a-z0-9+.-]*:', target) or target.startswith('mailto:'): continue
        checked += 1
        path, _, frag = target.partition('#')
        dest = os.path.normpath(os.path.join(root, os.path.dirname(f), path)) if path else os.path.join(root, f)
        if not os.path.exists(dest):
            broken.append(f'{f}: {target} (no such file)'); continue
        if frag and dest.endswith('.md') and frag not in anchors(dest):
            broken.append(f'{f}: {target} (no heading #{frag})')
print(f'{len(files)} Markdown files, {checked} relative links, {len(broken)} broken')
for b in broken: print('  ' + b)
sys.exit(1 if broken else 0)
