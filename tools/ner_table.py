#!/usr/bin/env python3
"""Print the entity tagger's table: micro F1 (and each kind's) on the five dev sets and their macro average.

    cargo build --release && python3 tools/ner_table.py [--model FILE] [--shared ../shared]

Runs `target/release/newsdex extract --json` (with `--model FILE` if given) on each gold set's articles and
scores the output with ../shared/eval/score.py, so the figures are score.py's own. Nothing is copied into
the project: the articles go to a temporary file.
"""
import argparse, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--model")
ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "newsdex"))
a = ap.parse_args()

ner = os.path.join(a.shared, "data", "ner")
SETS = [
    ("CoNLL-2003 valid", os.path.join(ner, "conll2003-valid.gold.jsonl")),
    ("WikiGold dev", os.path.join(ner, "extra", "wikigold", "dev.gold.jsonl")),
    ("GUM non-news dev", os.path.join(ner, "extra", "gum-nonnews", "dev.gold.jsonl")),
    ("UNER EWT dev", os.path.join(ner, "extra", "uner-ewt", "dev.gold.jsonl")),
    ("CrossNER dev", os.path.join(ner, "extra", "crossner", "dev.gold.jsonl")),
]
score = os.path.join(a.shared, "eval", "score.py")

print(f"| dev set | micro F1 | person | place | org |\n|---|---|---|---|---|")
total = 0.0
with tempfile.TemporaryDirectory() as tmp:
    for name, gold in SETS:
        arts = os.path.join(tmp, "articles.jsonl")
        with open(gold, encoding="utf-8") as f, open(arts, "w", encoding="utf-8") as out:
            for line in f:
                g = json.loads(line)
                out.write(json.dumps({"id": g["id"], "title": g.get("title", ""), "body": g["body"]}) + "\n")
        cmd = [a.bin, "extract", "--json", arts] + (["--model", a.model] if a.model else [])
        pred = os.path.join(tmp, "pred.jsonl")
        with open(pred, "w", encoding="utf-8") as out:
            subprocess.run(cmd, stdout=out, check=True)
        r = subprocess.run([sys.executable, score, gold, "--pred", pred, "--json"], capture_output=True,
                           text=True, check=True)
        e = json.loads(r.stdout)["entities"]
        f1 = lambda k: e[k][2] if isinstance(e[k], list) else e[k]["f1"]
        total += f1("micro")
        print(f"| {name} | {f1('micro'):.3f} | {f1('person'):.3f} | {f1('place'):.3f} | {f1('org'):.3f} |")
print(f"| macro | {total / len(SETS):.3f} | | | |")
