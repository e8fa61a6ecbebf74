#!/usr/bin/env python3
"""Rebuild models/orgs.tsv, the organisation gazetteer of the entity tagger (run once; the output is committed).

    python3 tools/orgs.py ../shared/data/ner/extra/gazetteers

models/orgs.tsv  name<TAB>strong|weak: organisation names from permissively licensed lists (see the file's
                 header for each list and its licence). The tagger uses them as features, never as overrides. A
                 name of one word is weak when it is also an ordinary word or a place: the lists mark such names
                 AMBIGUOUS, and a one-word name not in capitals whose lower-case form has a word cluster (models/clusters.tsv) or
                 that is a place (models/places.tsv) is weak too. ParlGov's abbreviations are left out (one or two
                 letters, mostly ordinary words).
"""
import os, sys

src = sys.argv[1]
models = os.path.join(os.path.dirname(__file__), "..", "models")

# (folder, file, licence line); files marked AMBIGUOUS hold one-word names that are ordinary words.
LISTS = [
    ("sp500-companies", "names.txt", "S&P 500 companies, datasets/s-and-p-500-companies (ODC PDDL 1.0)"),
    ("sp500-companies", "names_short.txt", None),
    ("universities", "names.txt", "universities, Hipo/university-domains-list (MIT)"),
    ("political-parties-parlgov", "names_english.txt", "political parties, ParlGov (CC0 1.0)"),
    ("political-parties-parlgov", "names_native.txt", None),
    ("political-parties-parlgov", "names_english_single_token_AMBIGUOUS.txt", None),
    ("political-parties-parlgov", "names_native_single_token_AMBIGUOUS.txt", None),
    ("football-clubs-openfootball", "names_canonical.txt", "football clubs, openfootball/clubs (CC0 1.0)"),
    ("football-clubs-openfootball", "aliases_multiword.txt", None),
    ("football-clubs-openfootball", "aliases_single_token_AMBIGUOUS.txt", None),
    ("news-publishers-fundus", "names.txt", "news publishers, flairNLP/fundus (MIT)"),
    ("helper-compiled", "companies-and-brands-global.txt",
     "brands, media, international and sports bodies, US teams and parties: compiled for newsdex from general knowledge"),
    ("helper-compiled", "companies-and-brands-global_AMBIGUOUS.txt", None),
    ("helper-compiled", "international-organisations.txt", None),
    ("helper-compiled", "news-media-outlets-major.txt", None),
    ("helper-compiled", "news-media-outlets-major_AMBIGUOUS.txt", None),
    ("helper-compiled", "sports-bodies-and-leagues.txt", None),
    ("helper-compiled", "us-major-league-teams.txt", None),
    ("helper-compiled", "us-uk-political-parties.txt", None),
]
# The MIT licences ask for their notice in copies.
MIT = [("universities", "LICENSE-upstream.txt"), ("news-publishers-fundus", "LICENSE-upstream.txt")]


def words(path, col=0):
    with open(path, encoding="utf-8") as f:
        return {l.split("\t")[col] for l in f if not l.startswith("#") and "\t" in l}


lower_words = {w for w in words(os.path.join(models, "clusters.tsv")) if w.islower()}
places = words(os.path.join(models, "places.tsv"))

names = {}
for folder, file, _ in LISTS:
    ambiguous = "AMBIGUOUS" in file
    with open(os.path.join(src, folder, file), encoding="utf-8") as f:
        for line in f:
            n = " ".join(line.split())
            if len(n) < 2 or n.startswith("$") or not any(c.isupper() for c in n):
                continue
            one_word = " " not in n
            common = not n.isupper() and n.lower() in lower_words
            weak = one_word and (ambiguous or common or n in places)
            # A name strong in one list stays strong.
            names[n] = names.get(n, True) and weak

with open(os.path.join(models, "orgs.tsv"), "w", encoding="utf-8") as out:
    out.write("# Organisation names, rebuilt by tools/orgs.py. name<TAB>strong|weak. Sources:\n")
    for _, _, licence in LISTS:
        if licence:
            out.write(f"# - {licence}\n")
    for folder, file in MIT:
        out.write(f"# Licence of the {folder} list:\n")
        with open(os.path.join(src, folder, file), encoding="utf-8") as f:
            for line in f.read().strip().splitlines():
                out.write(f"#   {line}".rstrip() + "\n")
    for n in sorted(names):
        out.write(f"{n}\t{'weak' if names[n] else 'strong'}\n")
