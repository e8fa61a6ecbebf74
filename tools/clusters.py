#!/usr/bin/env python3
"""Rebuild models/clusters.tsv, the word clusters of the entity tagger (run once; the output is committed).

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/pkgs
    python3 tools/clusters.py /tmp/pkgs

models/clusters.tsv  word<TAB>Brown cluster path (bits, root first): the English `lexeme_cluster` table of
                     spacy-lookups-data 1.0.5 (MIT, Explosion AI), learned from unlabeled web text. Only words
                     the table gives a cluster are kept (190,000 of its 1,000,000). spaCy stores each path as an
                     integer read from the reversed bit string, so the lowest bit is the root's branch.
"""
import gzip, io, json, os, sys, zipfile

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), "..", "models", "clusters.tsv")
whl = next(f for f in sorted(os.listdir(src)) if f.startswith("spacy_lookups_data-1.0.5") and f.endswith(".whl"))
raw = zipfile.ZipFile(os.path.join(src, whl)).read("spacy_lookups_data/data/en_lexeme_cluster.json.gz")
table = json.load(io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(raw)), encoding="utf-8"))
licence = zipfile.ZipFile(os.path.join(src, whl)).read("spacy_lookups_data-1.0.5.dist-info/LICENSE").decode()
with open(out, "w", encoding="utf-8") as f:
    f.write("# Brown cluster paths from spacy-lookups-data 1.0.5 (en_lexeme_cluster), rebuilt by tools/clusters.py.\n")
    for line in licence.strip().splitlines():
        f.write(f"# {line}".rstrip() + "\n")
    for word, path in sorted(table.items()):
        if path > 0 and word and not any(c in word for c in "\t\n\r "):
            f.write(f"{word}\t{bin(path)[2:][::-1]}\n")
