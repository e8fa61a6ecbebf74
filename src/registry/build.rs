//! Building the registry from what the articles say: every name an article gives, with the
//! article's year, and the short forms it links to full names. The result depends only on
//! that multiset of articles and on the user's decisions, never on the order they came in, so
//! an index updated run by run has the registry a fresh index of the same files would have.

use std::collections::BTreeMap;

use super::decisions::{Decision, Decisions};
use super::key::{fold, middles_agree, org_key, person_words, LongOrg, OrgShortForm, ShortOrg};
use super::store::{EntityData, RegistryData, VariantData, NONE};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;

/// Share of a short form's uses a candidate must have, by time and evidence, to take it.
const DOMINANCE: f64 = 0.75;
/// Share of a short form's articles that must fall in years where some candidate is named.
const COVERAGE: f64 = 0.5;
/// How much more one article linking a short form to a full name weighs than one article
/// that only names the full name.
const LINK_WEIGHT: f64 = 3.0;
/// Share of a name's articles that one kind must have for the name to take that kind in the
/// articles that gave it another ("Citigroup" tagged as a person in a few of its articles).
const RETYPE_SHARE: f64 = 0.9;
/// Years apart within which two uses of a name can mean the same person.
const YEAR_WINDOW: i32 = 1;
/// The year of an undated article.
const UNDATED: i32 = i32::MIN;

/// Articles by year.
type Years = BTreeMap<i32, u32>;

/// Collects observations, then [`Builder::build`]s the registry.
#[derive(Default)]
pub struct Builder {
    ids: FxMap<FacetKind, FxMap<String, u32>>,
    variants: Vec<Variant>,
    /// Per article, the variant ids it names (distinct), in one flat list.
    article_vars: Vec<u32>,
    article_ends: Vec<u32>,
    links: FxMap<(u32, u32), BTreeMap<i32, u32>>,
}

struct Variant {
    kind: FacetKind,
    name: String,
    articles: u32,
    years: BTreeMap<i32, u32>,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    fn id(&mut self, kind: FacetKind, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(&kind).and_then(|m| m.get(name)) {
            return id;
        }
        let id = self.variants.len() as u32;
        self.variants.push(Variant {
            kind,
            name: name.to_string(),
            articles: 0,
            years: BTreeMap::new(),
        });
        self.ids
            .entry(kind)
            .or_default()
            .insert(name.to_string(), id);
        id
    }

    /// The number of a name of one kind, for [`Builder::add_ids`]: the same name, the same
    /// number.
    pub fn intern(&mut self, kind: FacetKind, name: &str) -> u32 {
        self.id(kind, name)
    }

    /// One article: its year, the names it gives (kind and article-level name), and the short
    /// forms it used for full names (kind, short, full).
    pub fn add_article<'a>(
        &mut self,
        year: Option<i32>,
        names: impl IntoIterator<Item = (FacetKind, &'a str)>,
        links: impl IntoIterator<Item = (FacetKind, &'a str, &'a str)>,
    ) {
        let names: Vec<u32> = names
            .into_iter()
            .filter(|(_, n)| !n.trim().is_empty())
            .map(|(k, n)| self.id(k, n))
            .collect();
        let links: Vec<(u32, u32)> = links
            .into_iter()
            .map(|(k, s, f)| (self.id(k, s), self.id(k, f)))
            .collect();
        self.add_ids(year, &names, &links);
    }

    /// One article by the numbers [`Builder::intern`] gave its names.
    pub fn add_ids(&mut self, year: Option<i32>, names: &[u32], links: &[(u32, u32)]) {
        let year = year.unwrap_or(UNDATED);
        let start = self.article_vars.len();
        for &id in names {
            if self.article_vars[start..].contains(&id) {
                continue;
            }
            self.article_vars.push(id);
            let v = &mut self.variants[id as usize];
            v.articles += 1;
            *v.years.entry(year).or_default() += 1;
        }
        self.article_ends.push(self.article_vars.len() as u32);
        for &(s, f) in links {
            if s != f {
                *self
                    .links
                    .entry((s, f))
                    .or_default()
                    .entry(year)
                    .or_default() += 1;
            }
        }
    }

    fn articles(&self) -> impl Iterator<Item = &[u32]> {
        let mut start = 0usize;
        self.article_ends.iter().map(move |&end| {
            let s = &self.article_vars[start..end as usize];
            start = end as usize;
            s
        })
    }

    /// Clusters the variants into entities and applies the user's decisions.
    pub fn build(self, decisions: &Decisions) -> RegistryData {
        let mut c = Clustering::new(&self);
        c.join_full_names();
        c.join_initials();
        c.join_person_short_forms(&self);
        c.join_org_short_forms(&self);
        c.retype();
        c.join_organisations_taken_for_people();
        let names = c.apply_decisions(decisions, &self);
        c.attach_speakers(&self);
        c.finish(&self, &names)
    }
}

/// A spelling group: every variant of one kind with the same key.
struct Form {
    kind: FacetKind,
    key: String,
    words: Vec<String>,
    variants: Vec<u32>,
    articles: u32,
    years: BTreeMap<i32, u32>,
}

/// Union-find over forms: the root of each set is its entity.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Joins `x`'s set into `into`'s.
    fn join(&mut self, x: u32, into: u32) {
        let (a, b) = (self.find(x), self.find(into));
        if a != b {
            self.parent[a as usize] = b;
        }
    }

    /// Takes `x` out of its set, alone; the others stay together under a new root.
    fn detach(&mut self, x: u32) {
        let n = self.parent.len() as u32;
        let root = self.find(x);
        let members: Vec<u32> = (0..n).filter(|&m| m != x && self.find(m) == root).collect();
        self.parent[x as usize] = x;
        if let Some(&new_root) = members.first() {
            for m in members {
                self.parent[m as usize] = new_root;
            }
        }
    }
}

struct Clustering {
    forms: Vec<Form>,
    uf: UnionFind,
    /// Variant id -> form id.
    form_of: Vec<u32>,
}

fn key_of(kind: FacetKind, name: &str) -> (String, Vec<String>) {
    match kind {
        FacetKind::Person | FacetKind::Author | FacetKind::Speaker => {
            let w = person_words(name);
            (w.join(" "), w)
        }
        FacetKind::Org => {
            let k = org_key(name);
            let w = k.split(' ').map(str::to_string).collect();
            (k, w)
        }
        FacetKind::Place => {
            // "The Oval" and "Oval", "the Netherlands" and "Netherlands" are one place.
            let folded = fold(name);
            let k = match folded.strip_prefix("the ") {
                Some(rest) => rest.to_string(),
                None => folded,
            };
            let w = k.split(' ').map(str::to_string).collect();
            (k, w)
        }
    }
}

impl Clustering {
    fn new(b: &Builder) -> Self {
        let mut by_key: BTreeMap<(FacetKind, String), (Vec<String>, Vec<u32>)> = BTreeMap::new();
        // A name only a link gives (no article is filed under it) is evidence, not a variant.
        for (id, v) in b
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.articles > 0)
        {
            let (key, words) = key_of(v.kind, &v.name);
            by_key
                .entry((v.kind, key))
                .or_insert_with(|| (words, Vec::new()))
                .1
                .push(id as u32);
        }
        let mut forms = Vec::with_capacity(by_key.len());
        let mut form_of = vec![NONE; b.variants.len()];
        for ((kind, key), (words, mut variants)) in by_key {
            variants.sort_by(|x, y| {
                b.variants[*x as usize]
                    .name
                    .cmp(&b.variants[*y as usize].name)
            });
            let mut years = BTreeMap::new();
            let mut articles = 0;
            for &v in &variants {
                let var = &b.variants[v as usize];
                articles += var.articles;
                for (y, n) in &var.years {
                    *years.entry(*y).or_default() += n;
                }
                form_of[v as usize] = forms.len() as u32;
            }
            forms.push(Form {
                kind,
                key,
                words,
                variants,
                articles,
                years,
            });
        }
        let uf = UnionFind::new(forms.len());
        Clustering { forms, uf, form_of }
    }

    fn forms_of(&self, kind: FacetKind) -> impl Iterator<Item = u32> + '_ {
        self.forms
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.kind == kind && !f.key.is_empty())
            .map(|(i, _)| i as u32)
    }

    /// Full names with the same first and last word whose middle names agree are one person;
    /// the name without a middle joins the one with a middle that dominates its years.
    fn join_full_names(&mut self) {
        for kind in [FacetKind::Person, FacetKind::Author] {
            let mut groups: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
            for f in self.forms_of(kind) {
                let w = &self.forms[f as usize].words;
                if w.len() >= 2 {
                    groups
                        .entry((w[0].clone(), w[w.len() - 1].clone()))
                        .or_default()
                        .push(f);
                }
            }
            for forms in groups.into_values() {
                let forms_ref = &self.forms;
                let middles = |f: u32| -> &[String] {
                    let w = &forms_ref[f as usize].words;
                    &w[1..w.len() - 1]
                };
                let mut with: Vec<u32> = forms
                    .iter()
                    .copied()
                    .filter(|&f| !middles(f).is_empty())
                    .collect();
                with.sort_by_key(|&f| (std::cmp::Reverse(forms_ref[f as usize].articles), f));
                // Each cluster of agreeing middle names, with the years of its forms.
                let mut reps: Vec<(u32, BTreeMap<i32, u32>)> = Vec::new();
                let mut joins = Vec::new();
                for f in with {
                    let years = &forms_ref[f as usize].years;
                    match reps
                        .iter_mut()
                        .find(|(r, _)| middles_agree(middles(*r), middles(f)))
                    {
                        Some((r, ys)) => {
                            add_years(ys, years);
                            joins.push((f, *r));
                        }
                        None => reps.push((f, years.clone())),
                    }
                }
                let bare = forms.iter().copied().find(|&f| middles(f).is_empty());
                if let Some(r) = bare.and_then(|b| dominant(&forms_ref[b as usize].years, &reps)) {
                    joins.push((bare.expect("bare"), r));
                }
                for (f, r) in joins {
                    self.uf.join(f, r);
                }
            }
        }
    }

    /// A name whose given names are initials ("S. Jayasuriya", "J.P. Morgan", as scoreboards and
    /// lists write them) is the person with that surname whose given names those initials begin,
    /// where one such person dominates the years it is used in.
    fn join_initials(&mut self) {
        for kind in [FacetKind::Person, FacetKind::Author] {
            let years_of = self.root_years();
            let mut by_last: FxMap<&str, Vec<u32>> = FxMap::default();
            let mut initialled = Vec::new();
            for f in self.forms_of(kind) {
                let w = &self.forms[f as usize].words;
                if w.len() < 2 || w[w.len() - 1].chars().count() < 2 {
                    continue;
                }
                let given = &w[..w.len() - 1];
                if given.iter().all(|g| g.chars().count() == 1) {
                    initialled.push(f);
                } else if w[0].chars().count() > 1 {
                    by_last.entry(&w[w.len() - 1]).or_default().push(f);
                }
            }
            let mut joins = Vec::new();
            for s in initialled {
                let w = &self.forms[s as usize].words;
                let (initials, last) = (&w[..w.len() - 1], &w[w.len() - 1]);
                let Some(cands) = by_last.get(last.as_str()) else {
                    continue;
                };
                // Each initial begins the given name in its place: "J.P." is no "John Smith".
                let fits = |c: u32| {
                    let cw = &self.forms[c as usize].words;
                    cw.len() > initials.len()
                        && (initials.len() == 1 || cw.len() == initials.len() + 1)
                        && initials
                            .iter()
                            .zip(cw)
                            .all(|(i, g)| g.starts_with(i.as_str()))
                };
                let mut roots: Vec<u32> = cands
                    .iter()
                    .filter(|&&c| fits(c))
                    .map(|&c| self.uf.find(c))
                    .collect();
                roots.sort_unstable();
                roots.dedup();
                let weighed: Vec<(u32, BTreeMap<i32, u32>)> = roots
                    .iter()
                    .map(|&r| (r, years_of.get(&r).cloned().unwrap_or_default()))
                    .collect();
                if let Some(r) = dominant(&self.forms[s as usize].years, &weighed) {
                    joins.push((s, r));
                }
            }
            for (s, r) in joins {
                self.uf.join(s, r);
            }
        }
    }

    /// The years of every set, by its root.
    fn root_years(&mut self) -> FxMap<u32, BTreeMap<i32, u32>> {
        let mut out: FxMap<u32, BTreeMap<i32, u32>> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            let r = self.uf.find(f);
            add_years(out.entry(r).or_default(), &self.forms[f as usize].years);
        }
        out
    }

    /// A one-word name ("Bernanke", "Saddam") is the full name it stands for where one
    /// candidate with that last (or first) word dominates the years it is used in, counting
    /// the articles that link the short form to a full name three times.
    fn join_person_short_forms(&mut self, b: &Builder) {
        let mut links_of: FxMap<u32, Vec<(u32, &Years)>> = FxMap::default();
        for (&(s, f), years) in &b.links {
            let (sf, ff) = (self.form_of[s as usize], self.form_of[f as usize]);
            if sf != NONE && ff != NONE {
                links_of.entry(sf).or_default().push((ff, years));
            }
        }
        for kind in [FacetKind::Person, FacetKind::Author] {
            let years_of = self.root_years();
            let mut by_last: FxMap<String, Vec<u32>> = FxMap::default();
            let mut by_first: FxMap<String, Vec<u32>> = FxMap::default();
            let fulls: Vec<u32> = self
                .forms_of(kind)
                .filter(|&f| self.forms[f as usize].words.len() >= 2)
                .collect();
            for &f in &fulls {
                let w = &self.forms[f as usize].words;
                let last = &w[w.len() - 1];
                by_last.entry(last.clone()).or_default().push(f);
                // "Ali al-Naimi" is "Naimi" too.
                if let Some(bare) = ["al-", "el-", "ul-", "bin-"]
                    .iter()
                    .find_map(|p| last.strip_prefix(p))
                    .filter(|b| !b.is_empty())
                {
                    by_last.entry(bare.to_string()).or_default().push(f);
                }
                by_first.entry(w[0].clone()).or_default().push(f);
            }
            let shorts: Vec<u32> = self
                .forms_of(kind)
                .filter(|&f| self.forms[f as usize].words.len() == 1)
                .collect();
            let mut joins = Vec::new();
            for s in shorts {
                let word = &self.forms[s as usize].words[0];
                // A first name alone ("Saddam") stands for one person only when it is no common
                // first name: "Francis" alone is not whoever the archive names Francis in full.
                let cands = by_last
                    .get(word)
                    .filter(|c| !c.is_empty())
                    .or_else(|| by_first.get(word).filter(|_| !is_common_first_name(word)));
                let Some(cands) = cands else { continue };
                // Candidates are whole people: the sets the full names are in.
                let mut roots: Vec<u32> = cands.iter().map(|&c| self.uf.find(c)).collect();
                roots.sort_unstable();
                roots.dedup();
                let mut weighed: Vec<(u32, BTreeMap<i32, u32>)> = roots
                    .iter()
                    .map(|&r| (r, years_of.get(&r).cloned().unwrap_or_default()))
                    .collect();
                for &(full, years) in links_of.get(&s).map(Vec::as_slice).unwrap_or_default() {
                    let r = self.uf.find(full);
                    if let Some((_, ys)) = weighed.iter_mut().find(|(c, _)| *c == r) {
                        for (y, n) in years {
                            *ys.entry(*y).or_default() += (*n as f64 * LINK_WEIGHT) as u32;
                        }
                    }
                }
                if let Some(r) = dominant(&self.forms[s as usize].years, &weighed) {
                    joins.push((s, r));
                }
            }
            for (s, r) in joins {
                self.uf.join(s, r);
            }
        }
    }

    /// An institution's short form (acronym, first or last words, a clipped first word) is the
    /// longer name it can stand for, when the archive names the two together and one such name
    /// dominates the short form's years.
    fn join_org_short_forms(&mut self, b: &Builder) {
        let orgs: Vec<u32> = self.forms_of(FacetKind::Org).collect();
        let longs: FxMap<u32, LongOrg> = orgs
            .iter()
            .map(|&f| (f, LongOrg::new(&self.forms[f as usize].key)))
            .collect();
        // Candidates come from an index of first words (sorted, for clipped words too), last
        // words and initials, not from comparing every pair.
        let mut by_first: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        let mut by_last: FxMap<&str, Vec<u32>> = FxMap::default();
        let mut by_initials: FxMap<&str, Vec<u32>> = FxMap::default();
        for (&f, long) in &longs {
            let w = long.words();
            if w.len() < 2 && long.words()[0].chars().count() < 4 {
                continue;
            }
            by_first.entry(w[0]).or_default().push(f);
            by_last.entry(w[w.len() - 1]).or_default().push(f);
            let (all, after_first) = long.initials();
            by_initials.entry(all).or_default().push(f);
            if let Some(i) = after_first.filter(|i| *i != all) {
                by_initials.entry(i).or_default().push(f);
            }
        }
        let mut pairs: Vec<(u32, u32, OrgShortForm)> = Vec::new();
        let mut cands: Vec<u32> = Vec::new();
        for &s in &orgs {
            let form = &self.forms[s as usize];
            let surface = &b.variants[most_used(b, &form.variants) as usize].name;
            let short = ShortOrg::new(surface, &form.key);
            let w = short.words();
            cands.clear();
            cands.extend(by_first.get(w[0]).into_iter().flatten());
            cands.extend(by_last.get(w[w.len() - 1]).into_iter().flatten());
            if let Some(letters) = short.acronym() {
                cands.extend(by_initials.get(letters).into_iter().flatten());
            }
            if w.len() == 1 && w[0].chars().count() >= 3 {
                let clipped = by_first
                    .range(w[0]..)
                    .take_while(|(k, _)| k.starts_with(w[0]))
                    .flat_map(|(_, v)| v);
                cands.extend(clipped);
            }
            cands.sort_unstable();
            cands.dedup();
            for &l in cands.iter().filter(|&&l| l != s) {
                if let Some(how) = short.stands_for(&longs[&l]) {
                    pairs.push((s, l, how));
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        let cooc = self.cooccurrence(b, &pairs);
        // An article that used the short form for the long one names the two together too (its
        // names hold the long one only), and says outright what the short form stands for:
        // it weighs as three that only name both ("Baltimore" for "Baltimore Orioles").
        let mut linked: FxMap<(u32, u32), u32> = FxMap::default();
        for (&(s, f), years) in &b.links {
            let (sf, ff) = (self.form_of[s as usize], self.form_of[f as usize]);
            if sf != NONE && ff != NONE && self.forms[sf as usize].kind == FacetKind::Org {
                *linked.entry((sf, ff)).or_default() += years.values().sum::<u32>();
            }
        }
        let mut by_short: BTreeMap<u32, Vec<(u32, OrgShortForm, u32)>> = BTreeMap::new();
        for (i, &(s, l, how)) in pairs.iter().enumerate() {
            let links = linked.get(&(s, l)).copied().unwrap_or(0);
            let n = cooc[i] + (links as f64 * LINK_WEIGHT) as u32;
            by_short.entry(s).or_default().push((l, how, n));
        }
        let mut joins = Vec::new();
        for (&s, cands) in &by_short {
            let short = &self.forms[s as usize];
            // A short form the archive rarely names beside its long form, and that is no
            // acronym of it, is not taken for it.
            let evidence: Vec<(u32, BTreeMap<i32, u32>)> = cands
                .iter()
                .filter(|(_, how, n)| {
                    *how == OrgShortForm::Acronym || *n >= 2.max(short.articles / 20)
                })
                .map(|&(l, _, n)| {
                    let mut years = self.forms[l as usize].years.clone();
                    for y in years.values_mut() {
                        *y += n;
                    }
                    (l, years)
                })
                .collect();
            if let Some(l) = dominant(&short.years, &evidence) {
                joins.push((s, l));
            }
        }
        for (s, l) in joins {
            self.uf.join(s, l);
        }
        for (s, l) in self.vouched_by_context(b, &by_short) {
            let long = [(l, self.forms[l as usize].years.clone())];
            if dominant(&self.forms[s as usize].years, &long).is_some() {
                self.uf.join(s, l);
            }
        }
    }

    /// The (short, long) pairs that the company they keep vouches for: a short form that can
    /// stand for one longer name only, never named beside it, whose articles name at least two
    /// of the organisations (as joined so far) that the long name's articles name, and a quarter
    /// of them ("Houston" in standings beside "St Louis" and "Baltimore", "Houston Astros" in a
    /// report naming them too, Baltimore as "Baltimore Orioles").
    fn vouched_by_context(
        &mut self,
        b: &Builder,
        by_short: &BTreeMap<u32, Vec<(u32, OrgShortForm, u32)>>,
    ) -> Vec<(u32, u32)> {
        let lone: Vec<(u32, u32)> = by_short
            .iter()
            .filter_map(|(&s, cands)| match cands.as_slice() {
                [(l, OrgShortForm::Head | OrgShortForm::Tail, 0)] => Some((s, *l)),
                _ => None,
            })
            .collect();
        if lone.is_empty() {
            return Vec::new();
        }
        let root: Vec<u32> = (0..self.forms.len() as u32)
            .map(|f| self.uf.find(f))
            .collect();
        let mut context: FxMap<u32, Vec<u32>> = FxMap::default();
        for &(s, l) in &lone {
            context.entry(s).or_default();
            context.entry(l).or_default();
        }
        let mut orgs_here: Vec<u32> = Vec::new();
        for vars in b.articles() {
            orgs_here.clear();
            orgs_here.extend(
                vars.iter()
                    .map(|&v| self.form_of[v as usize])
                    .filter(|&f| f != NONE && self.forms[f as usize].kind == FacetKind::Org),
            );
            orgs_here.sort_unstable();
            orgs_here.dedup();
            for &f in &orgs_here {
                if let Some(c) = context.get_mut(&f) {
                    c.extend(
                        orgs_here
                            .iter()
                            .filter(|&&g| g != f)
                            .map(|&g| root[g as usize]),
                    );
                }
            }
        }
        for c in context.values_mut() {
            c.sort_unstable();
            c.dedup();
        }
        lone.into_iter()
            .filter(|&(s, l)| {
                let (cs, cl) = (&context[&s], &context[&l]);
                let own = [root[s as usize], root[l as usize]];
                let of_long = cl.iter().filter(|g| !own.contains(g)).count();
                let shared = cl
                    .iter()
                    .filter(|g| !own.contains(g) && cs.binary_search(g).is_ok())
                    .count();
                shared >= 2 && 4 * shared >= of_long
            })
            .collect()
    }

    /// For each (short, long) pair, the number of articles naming both.
    fn cooccurrence(&self, b: &Builder, pairs: &[(u32, u32, OrgShortForm)]) -> Vec<u32> {
        let mut wanted: FxMap<u32, Vec<(u32, usize)>> = FxMap::default();
        for (i, &(s, l, _)) in pairs.iter().enumerate() {
            wanted.entry(s).or_default().push((l, i));
        }
        let mut counts = vec![0u32; pairs.len()];
        let mut forms_here: Vec<u32> = Vec::new();
        for vars in b.articles() {
            forms_here.clear();
            forms_here.extend(vars.iter().map(|&v| self.form_of[v as usize]));
            forms_here.sort_unstable();
            forms_here.dedup();
            for f in &forms_here {
                if let Some(ls) = wanted.get(f) {
                    for &(l, i) in ls {
                        if forms_here.binary_search(&l).is_ok() {
                            counts[i] += 1;
                        }
                    }
                }
            }
        }
        counts
    }

    /// A name the archive gives one kind in nearly all its articles takes that kind where it was
    /// given another, unless it is part of an entity of its own kind that another name heads.
    /// An entity the name heads goes with it, its short forms too ("Bear Stearns" tagged as a
    /// person in a few articles, and "Bear" in them, are the bank).
    fn retype(&mut self) {
        // Per entity, the form of most articles, the fuller name of two as common.
        let weight = |f: u32| {
            let form = &self.forms[f as usize];
            (form.articles, form.words.len())
        };
        let mut heads: FxMap<u32, u32> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            let head = heads.entry(self.uf.find(f)).or_insert(f);
            if weight(f) > weight(*head) {
                *head = f;
            }
        }
        let mut by_fold: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind.is_mention() && !f.key.is_empty() {
                by_fold
                    .entry(f.key.replace('-', " "))
                    .or_default()
                    .push(i as u32);
            }
        }
        for forms in by_fold.into_values() {
            if forms.len() < 2 {
                continue;
            }
            let total: u32 = forms.iter().map(|&f| self.forms[f as usize].articles).sum();
            let &major = forms
                .iter()
                .max_by_key(|&&f| (self.forms[f as usize].articles, std::cmp::Reverse(f)))
                .expect("two forms");
            if (self.forms[major as usize].articles as f64) < RETYPE_SHARE * total as f64 {
                continue;
            }
            for &f in &forms {
                if f != major && heads.get(&self.uf.find(f)) == Some(&f) {
                    self.uf.join(f, major);
                }
            }
        }
    }

    /// A person whose full name is an organisation's and who has no known first name is that
    /// organisation, when the archive names the organisation at least twice as often ("Rio Tinto"
    /// or "Exxon Mobil" as the subject of "said"): the person entity joins it, short forms and all.
    fn join_organisations_taken_for_people(&mut self) {
        let mut orgs: FxMap<&str, u32> = FxMap::default();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind == FacetKind::Org && f.words.len() >= 2 {
                orgs.entry(f.key.as_str()).or_insert(i as u32);
            }
        }
        let mut articles: FxMap<u32, u32> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            *articles.entry(self.uf.find(f)).or_default() += self.forms[f as usize].articles;
        }
        let mut joins = Vec::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind != FacetKind::Person || f.words.len() < 2 || is_common_first_name(&f.words[0])
            {
                continue;
            }
            let Some(&org) = orgs.get(f.key.as_str()) else {
                continue;
            };
            let (person, org_root) = (self.uf.find(i as u32), self.uf.find(org));
            if person != org_root && articles[&org_root] >= 2 * articles[&person] {
                joins.push((i as u32, org));
            }
        }
        for (person, org) in joins {
            self.uf.join(person, org);
        }
    }

    /// The user's decisions, in order: a merge joins every form spelled like its name to the
    /// form of the entity it names (of the same kind where there is one) and names the entity as
    /// the user wrote it; a split takes the forms spelled like its variant out of their entity.
    /// Returns the names the decisions give, by form, in the order they were given.
    fn apply_decisions(&mut self, d: &Decisions, b: &Builder) -> Vec<(u32, String)> {
        if d.decisions.is_empty() {
            return Vec::new();
        }
        let mut by_fold: FxMap<String, Vec<u32>> = FxMap::default();
        for (v, var) in b.variants.iter().enumerate() {
            let f = self.form_of[v];
            if var.kind == FacetKind::Speaker || f == NONE {
                continue;
            }
            let forms = by_fold.entry(fold(&var.name)).or_default();
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        let mut names = Vec::new();
        for dec in &d.decisions {
            match dec {
                Decision::Merge { into, name } => {
                    let Some(from) = by_fold.get(&fold(name)) else {
                        continue;
                    };
                    match by_fold.get(&fold(into)) {
                        Some(to) => {
                            for &f in from {
                                let kind = self.forms[f as usize].kind;
                                let &target = to
                                    .iter()
                                    .find(|&&t| self.forms[t as usize].kind == kind)
                                    .unwrap_or(&to[0]);
                                if target != f {
                                    self.uf.join(f, target);
                                }
                                names.push((target, into.clone()));
                            }
                        }
                        None => names.extend(from.iter().map(|&f| (f, into.clone()))),
                    }
                }
                Decision::Split { variant } => {
                    for &f in by_fold
                        .get(&fold(variant))
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                    {
                        self.uf.detach(f);
                        names.retain(|(g, _)| *g != f);
                    }
                }
            }
        }
        names
    }

    /// A speaker is the person (else the organisation) of the same name; a speaker no mention
    /// names stays an entity of its own.
    fn attach_speakers(&mut self, b: &Builder) {
        let mut by_key: FxMap<(FacetKind, &str), u32> = FxMap::default();
        for (i, f) in self.forms.iter().enumerate() {
            if matches!(f.kind, FacetKind::Person | FacetKind::Org) {
                by_key.insert((f.kind, f.key.as_str()), i as u32);
            }
        }
        let mut joins = Vec::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind != FacetKind::Speaker {
                continue;
            }
            let target = f.variants.iter().find_map(|&v| {
                let name = &b.variants[v as usize].name;
                let person = person_words(name).join(" ");
                let org = org_key(name);
                by_key
                    .get(&(FacetKind::Person, person.as_str()))
                    .or_else(|| by_key.get(&(FacetKind::Org, org.as_str())))
                    .copied()
            });
            if let Some(t) = target {
                joins.push((i as u32, t));
            }
        }
        for (s, t) in joins {
            self.uf.join(s, t);
        }
    }

    fn finish(mut self, b: &Builder, names: &[(u32, String)]) -> RegistryData {
        let n = self.forms.len() as u32;
        let mut members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for f in 0..n {
            let r = self.uf.find(f);
            members.entry(r).or_default().push(f);
        }
        let mut entities: Vec<(EntityData, Vec<u32>)> = members
            .into_values()
            .map(|forms| {
                let variants: Vec<u32> = forms
                    .iter()
                    .flat_map(|&f| self.forms[f as usize].variants.iter().copied())
                    .collect();
                let kind = entity_kind(b, &variants);
                let chosen = names.iter().rev().find(|(f, _)| forms.contains(f));
                let canonical = match chosen {
                    Some((_, name)) => name.clone(),
                    None => canonical(b, &self.forms, &forms, kind),
                };
                let (first, last) = year_span(b, &variants);
                (
                    EntityData {
                        kind,
                        canonical,
                        articles: 0,
                        first_year: first,
                        last_year: last,
                    },
                    variants,
                )
            })
            .collect();
        // Ordered by what they are, not by the order their variants were first seen in.
        entities.sort_by_cached_key(|(e, vars)| {
            let first = vars
                .iter()
                .map(|&v| {
                    (
                        b.variants[v as usize].kind,
                        b.variants[v as usize].name.clone(),
                    )
                })
                .min();
            (e.kind, e.canonical.clone(), first)
        });
        let mut entity_of = vec![NONE; b.variants.len()];
        for (e, (_, vars)) in entities.iter().enumerate() {
            for &v in vars {
                entity_of[v as usize] = e as u32;
            }
        }
        // Articles an entity is named in, once however many of its variants an article gives.
        let mut seen = vec![u32::MAX; entities.len()];
        for (a, vars) in b.articles().enumerate() {
            for &v in vars {
                let e = entity_of[v as usize] as usize;
                if seen[e] != a as u32 {
                    seen[e] = a as u32;
                    entities[e].0.articles += 1;
                }
            }
        }
        let variants = b
            .variants
            .iter()
            .enumerate()
            .filter(|(i, _)| entity_of[*i] != NONE)
            .map(|(i, v)| VariantData {
                kind: v.kind,
                name: v.name.clone(),
                entity: entity_of[i],
                articles: v.articles,
            })
            .collect();
        RegistryData {
            entities: entities.into_iter().map(|(e, _)| e).collect(),
            variants,
        }
    }
}

fn is_common_first_name(word: &str) -> bool {
    let mut chars = word.chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    crate::extract::lexicon::LEXICON
        .first_names
        .contains_key(title.as_str())
}

fn add_years(into: &mut BTreeMap<i32, u32>, years: &BTreeMap<i32, u32>) {
    for (y, n) in years {
        *into.entry(*y).or_default() += n;
    }
}

fn most_used(b: &Builder, variants: &[u32]) -> u32 {
    *variants
        .iter()
        .max_by(|&&x, &&y| {
            let (vx, vy) = (&b.variants[x as usize], &b.variants[y as usize]);
            vx.articles
                .cmp(&vy.articles)
                .then_with(|| vy.name.cmp(&vx.name))
        })
        .expect("a form has variants")
}

/// An entity is of the kind most of its articles give it (speakers and authors are people or
/// organisations where mentions name them too).
fn entity_kind(b: &Builder, variants: &[u32]) -> FacetKind {
    let mut by_kind: BTreeMap<FacetKind, u32> = BTreeMap::new();
    for &v in variants {
        let var = &b.variants[v as usize];
        let k = if var.kind.is_mention() {
            var.kind
        } else {
            continue;
        };
        *by_kind.entry(k).or_default() += var.articles;
    }
    if let Some((k, _)) = by_kind
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
    {
        return *k;
    }
    if variants
        .iter()
        .any(|&v| b.variants[v as usize].kind == FacetKind::Author)
    {
        FacetKind::Author
    } else {
        FacetKind::Speaker
    }
}

/// The name an entity goes by: of its fullest form (most words, for people), the spelling used
/// most, written in mixed case rather than capitals, with its accents.
fn canonical(b: &Builder, forms: &[Form], members: &[u32], kind: FacetKind) -> String {
    let of_kind: Vec<u32> = members
        .iter()
        .copied()
        .filter(|&f| forms[f as usize].kind == kind)
        .collect();
    let pool = if of_kind.is_empty() {
        members
    } else {
        &of_kind[..]
    };
    let best_form = pool
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let (fx, fy) = (&forms[x as usize], &forms[y as usize]);
            let full = |f: &Form| f.kind != FacetKind::Person || f.words.len() >= 2;
            (full(fx), fx.articles, std::cmp::Reverse(&fx.key)).cmp(&(
                full(fy),
                fy.articles,
                std::cmp::Reverse(&fy.key),
            ))
        })
        .expect("an entity has forms");
    let v = forms[best_form as usize]
        .variants
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let (vx, vy) = (&b.variants[x as usize], &b.variants[y as usize]);
            let rank = |s: &str| (!is_all_caps(s), !s.is_ascii());
            (rank(&vx.name), vx.articles, std::cmp::Reverse(&vx.name)).cmp(&(
                rank(&vy.name),
                vy.articles,
                std::cmp::Reverse(&vy.name),
            ))
        })
        .expect("a form has variants");
    b.variants[v as usize].name.clone()
}

fn is_all_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    let (mut n, mut caps) = (0, 0);
    for c in letters {
        n += 1;
        caps += usize::from(c.is_uppercase());
    }
    n >= 2 && caps == n
}

fn year_span(b: &Builder, variants: &[u32]) -> (Option<i32>, Option<i32>) {
    let years = variants
        .iter()
        .flat_map(|&v| b.variants[v as usize].years.keys().copied())
        .filter(|&y| y != UNDATED);
    let (mut lo, mut hi) = (None::<i32>, None::<i32>);
    for y in years {
        lo = Some(lo.map_or(y, |l| l.min(y)));
        hi = Some(hi.map_or(y, |h| h.max(y)));
    }
    (lo, hi)
}

/// The candidate a short form stands for: the one whose share of the short form's uses, year by
/// year (candidates weighted by their articles within [`YEAR_WINDOW`]), reaches [`DOMINANCE`],
/// where enough of those uses fall in years some candidate is named in.
fn dominant(short: &BTreeMap<i32, u32>, cands: &[(u32, BTreeMap<i32, u32>)]) -> Option<u32> {
    if cands.is_empty() {
        return None;
    }
    let presence = |years: &BTreeMap<i32, u32>, y: i32| -> f64 {
        let undated = years.get(&UNDATED).copied().unwrap_or(0) as f64;
        if y == UNDATED {
            return years.values().sum::<u32>() as f64;
        }
        undated
            + years
                .range(y - YEAR_WINDOW..=y + YEAR_WINDOW)
                .map(|(_, n)| *n as f64)
                .sum::<f64>()
    };
    let mut weight = vec![0f64; cands.len()];
    let (mut covered, mut total) = (0f64, 0f64);
    for (&y, &n) in short {
        total += n as f64;
        let p: Vec<f64> = cands.iter().map(|(_, ys)| presence(ys, y)).collect();
        let sum: f64 = p.iter().sum();
        if sum <= 0.0 {
            continue;
        }
        covered += n as f64;
        for (w, pc) in weight.iter_mut().zip(&p) {
            *w += n as f64 * pc / sum;
        }
    }
    if total == 0.0 || covered / total < COVERAGE {
        return None;
    }
    let (best, w) = weight
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    (w / covered >= DOMINANCE).then_some(cands[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registry;
    use FacetKind::*;

    type Article<'a> = (Option<i32>, Vec<(FacetKind, &'a str)>);

    fn registry(articles: &[Article], links: &[(FacetKind, &str, &str)]) -> Registry {
        let mut b = Builder::new();
        for (year, names) in articles {
            b.add_article(*year, names.iter().copied(), []);
        }
        if !links.is_empty() {
            b.add_article(None, [], links.iter().copied());
        }
        Registry::from_data(&b.build(&Decisions::default()))
    }

    /// `n` articles of one year naming `names`.
    fn many<'a>(n: usize, year: i32, names: &[(FacetKind, &'a str)]) -> Vec<Article<'a>> {
        (0..n).map(|_| (Some(year), names.to_vec())).collect()
    }

    #[test]
    fn variants_that_join_and_names_that_stay_apart() {
        // (articles, a, b, one entity)
        type Name<'a> = (FacetKind, &'a str);
        let cases: Vec<(Vec<Article>, Name, Name, bool)> = vec![
            (
                [
                    many(5, 2007, &[(Person, "Ben Bernanke")]),
                    many(1, 2007, &[(Person, "BERNANKE")]),
                ]
                .concat(),
                (Person, "BERNANKE"),
                (Person, "Ben Bernanke"),
                true,
            ),
            (
                [
                    many(5, 2007, &[(Person, "Ben Bernanke")]),
                    many(2, 2007, &[(Person, "Ben S. Bernanke")]),
                ]
                .concat(),
                (Person, "Ben S. Bernanke"),
                (Person, "Ben Bernanke"),
                true,
            ),
            (
                [
                    many(3, 2004, &[(Person, "George W. Bush")]),
                    many(1, 2004, &[(Person, "George W.Bush")]),
                ]
                .concat(),
                (Person, "George W.Bush"),
                (Person, "George W. Bush"),
                true,
            ),
            (
                [
                    many(3, 2016, &[(Person, "Recep Tayyip Erdoğan")]),
                    many(2, 2016, &[(Person, "Erdogan")]),
                ]
                .concat(),
                (Person, "Erdogan"),
                (Person, "Recep Tayyip Erdoğan"),
                true,
            ),
            (
                [
                    many(4, 2003, &[(Person, "Saddam Hussein")]),
                    many(2, 2003, &[(Person, "Saddam")]),
                ]
                .concat(),
                (Person, "Saddam"),
                (Person, "Saddam Hussein"),
                true,
            ),
            (
                [
                    many(3, 2010, &[(Person, "PETER KENNY")]),
                    many(3, 2010, &[(Person, "Peter Kenny")]),
                ]
                .concat(),
                (Person, "PETER KENNY"),
                (Person, "Peter Kenny"),
                true,
            ),
            (
                [
                    many(3, 2010, &[(Org, "United Nations")]),
                    many(2, 2010, &[(Org, "U.N.")]),
                ]
                .concat(),
                (Org, "U.N."),
                (Org, "United Nations"),
                true,
            ),
            (
                [
                    many(3, 2008, &[(Org, "U.S. Treasury"), (Org, "Treasury")]),
                    many(3, 2008, &[(Org, "Treasury")]),
                ]
                .concat(),
                (Org, "Treasury"),
                (Org, "U.S. Treasury"),
                true,
            ),
            (
                [
                    many(3, 2008, &[(Org, "Federal Reserve"), (Org, "Fed")]),
                    many(4, 2008, &[(Org, "Fed")]),
                ]
                .concat(),
                (Org, "Fed"),
                (Org, "Federal Reserve"),
                true,
            ),
            (
                [
                    many(3, 2008, &[(Org, "Microsoft Corp")]),
                    many(3, 2008, &[(Org, "MICROSOFT")]),
                ]
                .concat(),
                (Org, "MICROSOFT"),
                (Org, "Microsoft Corp"),
                true,
            ),
            (
                many(
                    2,
                    2008,
                    &[(Person, "Ben Bernanke"), (Speaker, "Ben Bernanke")],
                ),
                (Speaker, "Ben Bernanke"),
                (Person, "Ben Bernanke"),
                true,
            ),
            (
                [
                    many(20, 2008, &[(Org, "Citigroup")]),
                    many(1, 2008, &[(Person, "Citigroup")]),
                ]
                .concat(),
                (Person, "Citigroup"),
                (Org, "Citigroup"),
                true,
            ),
            // The same surname at the same time: two people, and the surname is neither.
            (
                [
                    many(4, 2009, &[(Person, "John Taylor")]),
                    many(4, 2009, &[(Person, "William Taylor")]),
                    many(2, 2009, &[(Person, "Taylor")]),
                ]
                .concat(),
                (Person, "Taylor"),
                (Person, "John Taylor"),
                false,
            ),
            // A person and a company of one word.
            (
                [
                    many(5, 2008, &[(Org, "Dell")]),
                    many(3, 2008, &[(Person, "Dell")]),
                ]
                .concat(),
                (Person, "Dell"),
                (Org, "Dell"),
                false,
            ),
            // Middle initials that differ are two people.
            (
                [
                    many(3, 1990, &[(Person, "George H. W. Bush")]),
                    many(3, 2006, &[(Person, "George W. Bush")]),
                ]
                .concat(),
                (Person, "George H. W. Bush"),
                (Person, "George W. Bush"),
                false,
            ),
            // A common first name alone is nobody in particular.
            (
                [
                    many(4, 2019, &[(Person, "Francis Smith")]),
                    many(3, 2019, &[(Person, "Francis")]),
                ]
                .concat(),
                (Person, "Francis"),
                (Person, "Francis Smith"),
                false,
            ),
            // A surname means the person of its years.
            (
                [
                    many(3, 1990, &[(Person, "George H. W. Bush")]),
                    many(3, 2006, &[(Person, "George W. Bush")]),
                    many(2, 2006, &[(Person, "Bush")]),
                ]
                .concat(),
                (Person, "Bush"),
                (Person, "George W. Bush"),
                true,
            ),
            (
                [
                    many(3, 1990, &[(Person, "George H. W. Bush")]),
                    many(3, 2006, &[(Person, "George W. Bush")]),
                    many(2, 1990, &[(Person, "Bush")]),
                ]
                .concat(),
                (Person, "Bush"),
                (Person, "George W. Bush"),
                false,
            ),
            // Initials for given names, as a scoreboard gives them: the one person they fit.
            (
                [
                    many(3, 1996, &[(Person, "Sanjay Perera")]),
                    many(1, 1996, &[(Person, "S. Perera")]),
                ]
                .concat(),
                (Person, "S. Perera"),
                (Person, "Sanjay Perera"),
                true,
            ),
            (
                [
                    many(3, 1996, &[(Person, "Sanjay Perera")]),
                    many(3, 1996, &[(Person, "Suresh Perera")]),
                    many(1, 1996, &[(Person, "S. Perera")]),
                ]
                .concat(),
                (Person, "S. Perera"),
                (Person, "Sanjay Perera"),
                false,
            ),
            (
                [
                    many(3, 1996, &[(Person, "Tom Perera")]),
                    many(1, 1996, &[(Person, "S. Perera")]),
                ]
                .concat(),
                (Person, "S. Perera"),
                (Person, "Tom Perera"),
                false,
            ),
            (
                [
                    many(3, 1996, &[(Person, "John Morgan")]),
                    many(1, 1996, &[(Person, "J.P. Morgan")]),
                ]
                .concat(),
                (Person, "J.P. Morgan"),
                (Person, "John Morgan"),
                false,
            ),
            (
                [
                    many(3, 1996, &[(Place, "The Hague")]),
                    many(1, 1996, &[(Place, "Hague")]),
                ]
                .concat(),
                (Place, "Hague"),
                (Place, "The Hague"),
                true,
            ),
            // A country's national team, as a sports report names it, is not the country,
            // though the two share their articles; a place in capitals is the place.
            (
                many(
                    3,
                    1996,
                    &[(Place, "France football team"), (Place, "France")],
                ),
                (Place, "France football team"),
                (Place, "France"),
                false,
            ),
            (
                [
                    many(3, 1996, &[(Place, "Wales")]),
                    many(1, 1996, &[(Place, "WALES")]),
                ]
                .concat(),
                (Place, "WALES"),
                (Place, "Wales"),
                true,
            ),
            // Short forms the archive never names beside the long one are not taken for it.
            (
                [
                    many(3, 2008, &[(Org, "Federal Reserve")]),
                    many(3, 2008, &[(Org, "Fed")]),
                ]
                .concat(),
                (Org, "Fed"),
                (Org, "Federal Reserve"),
                false,
            ),
            (
                many(3, 2008, &[(Org, "Treasury"), (Org, "Federal Reserve")]),
                (Org, "Treasury"),
                (Org, "Federal Reserve"),
                false,
            ),
        ];
        for (i, (articles, a, b, same)) in cases.iter().enumerate() {
            let reg = registry(articles, &[]);
            let (ea, eb) = (reg.entity_of(a.0, a.1), reg.entity_of(b.0, b.1));
            assert!(ea.is_some() && eb.is_some(), "case {i}: {a:?} {b:?}");
            assert_eq!(ea == eb, *same, "case {i}: {a:?} / {b:?}");
        }
    }

    #[test]
    fn companies_tagged_as_people_are_the_companies_and_people_stay_people() {
        let articles = [
            many(20, 2008, &[(Org, "Bear Stearns")]),
            many(2, 2008, &[(Person, "Bear Stearns"), (Person, "Bear")]),
        ]
        .concat();
        let links = [(Person, "Bear", "Bear Stearns")];
        let reg = registry(&articles, &links);
        let bank = reg.entity_of(Org, "Bear Stearns");
        assert!(bank.is_some());
        assert_eq!(reg.entity_of(Person, "Bear Stearns"), bank);
        assert_eq!(reg.entity_of(Person, "Bear"), bank);
        // A person whose entity another name heads stays a person.
        let articles = [
            many(20, 2008, &[(Place, "Jordan")]),
            many(3, 2008, &[(Person, "Michael Jordan"), (Person, "Jordan")]),
            many(2, 2008, &[(Person, "Jordan")]),
        ]
        .concat();
        let reg = registry(&articles, &[(Person, "Jordan", "Michael Jordan")]);
        assert_eq!(
            reg.entity_of(Person, "Jordan"),
            reg.entity_of(Person, "Michael Jordan")
        );
        assert_ne!(
            reg.entity_of(Person, "Jordan"),
            reg.entity_of(Place, "Jordan")
        );
        // Below the share of a retyping, but not a person's name: the company.
        let articles = [
            many(10, 2008, &[(Org, "Rio Tinto Ltd")]),
            many(2, 2008, &[(Place, "Rio Tinto")]),
            many(3, 2008, &[(Person, "Rio Tinto")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        assert_eq!(
            reg.entity_of(Person, "Rio Tinto"),
            reg.entity_of(Org, "Rio Tinto Ltd")
        );
        // A person with a first name stays a person, however often a company bears the name.
        let articles = [
            many(10, 2008, &[(Org, "Charles Schwab Corp")]),
            many(3, 2008, &[(Person, "Charles Schwab")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        assert_ne!(
            reg.entity_of(Person, "Charles Schwab"),
            reg.entity_of(Org, "Charles Schwab Corp")
        );
    }

    #[test]
    fn canonical_names_are_the_full_mixed_case_accented_form() {
        let articles = [
            many(2, 2016, &[(Person, "Recep Tayyip Erdogan")]),
            many(1, 2016, &[(Person, "Recep Tayyip Erdoğan")]),
            many(3, 2016, &[(Person, "ERDOGAN")]),
            many(2, 2016, &[(Person, "Erdogan")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        let e = reg.entity_of(Person, "ERDOGAN").unwrap();
        assert_eq!(reg.entity(e).canonical, "Recep Tayyip Erdoğan");
        assert_eq!(reg.entity(e).articles, 8);
        assert_eq!(reg.variants(e).count(), 4);
    }

    #[test]
    fn an_article_that_links_a_short_org_name_vouches_for_it() {
        // (articles, the links one more article of 1996 gives, short, long, one entity)
        type Case<'a> = (
            Vec<Article<'a>>,
            Vec<(FacetKind, &'a str, &'a str)>,
            &'a str,
            &'a str,
            bool,
        );
        let cases: Vec<Case> = vec![
            // Standings name the city alone; one report names the club and calls it by its city.
            (
                [
                    many(4, 1996, &[(Org, "Baltimore")]),
                    many(1, 1996, &[(Org, "Baltimore Orioles")]),
                ]
                .concat(),
                vec![(Org, "Baltimore", "Baltimore Orioles")],
                "Baltimore",
                "Baltimore Orioles",
                true,
            ),
            // Without the report's word for it, the two are named apart only.
            (
                [
                    many(4, 1996, &[(Org, "Baltimore")]),
                    many(1, 1996, &[(Org, "Baltimore Orioles")]),
                ]
                .concat(),
                vec![],
                "Baltimore",
                "Baltimore Orioles",
                false,
            ),
            // One link does not outweigh eighty articles that never name the long form (the
            // evidence must reach a twentieth of the short form's articles).
            (
                [
                    many(80, 1996, &[(Org, "Chicago")]),
                    many(1, 1996, &[(Org, "Chicago Board of Trade")]),
                ]
                .concat(),
                vec![(Org, "Chicago", "Chicago Board of Trade")],
                "Chicago",
                "Chicago Board of Trade",
                false,
            ),
            // No link, but the standings naming the city name the clubs the report names.
            (
                [
                    many(
                        3,
                        1996,
                        &[(Org, "Fairview"), (Org, "Lakeside"), (Org, "Port Alma")],
                    ),
                    many(
                        1,
                        1996,
                        &[
                            (Org, "Fairview Comets"),
                            (Org, "Lakeside"),
                            (Org, "Port Alma"),
                        ],
                    ),
                ]
                .concat(),
                vec![],
                "Fairview",
                "Fairview Comets",
                true,
            ),
            // The same names in articles that share no other organisation stay apart.
            (
                [
                    many(3, 1996, &[(Org, "Fairview"), (Org, "Lakeside")]),
                    many(1, 1996, &[(Org, "Fairview Comets"), (Org, "Port Alma")]),
                ]
                .concat(),
                vec![],
                "Fairview",
                "Fairview Comets",
                false,
            ),
        ];
        for (i, (articles, links, short, long, same)) in cases.iter().enumerate() {
            let mut b = Builder::new();
            for (year, names) in articles {
                b.add_article(*year, names.iter().copied(), []);
            }
            let names: Vec<(FacetKind, &str)> = links.iter().map(|&(k, _, f)| (k, f)).collect();
            b.add_article(Some(1996), names, links.iter().copied());
            let reg = Registry::from_data(&b.build(&Decisions::default()));
            let (es, el) = (reg.entity_of(Org, short), reg.entity_of(Org, long));
            assert!(es.is_some() && el.is_some(), "case {i}");
            assert_eq!(es == el, *same, "case {i}: {short} / {long}");
        }
    }

    #[test]
    fn links_from_articles_weigh_for_the_full_name_they_name() {
        // Two Lees of the same years, but articles that name one in full call him "Lee".
        let articles = [
            many(3, 2012, &[(Person, "Ann Lee")]),
            many(3, 2012, &[(Person, "Bo Lee")]),
            many(1, 2012, &[(Person, "Lee")]),
        ]
        .concat();
        let unlinked = registry(&articles, &[]);
        assert_ne!(
            unlinked.entity_of(Person, "Lee"),
            unlinked.entity_of(Person, "Ann Lee")
        );
        let links = vec![(Person, "Lee", "Ann Lee"); 6];
        let linked = registry(&articles, &links);
        // A name only links give is no entity.
        let only_linked = registry(&articles[..3], &[(Person, "Ann", "Ann Lee")]);
        assert!(only_linked.entity_of(Person, "Ann").is_none());
        assert!(only_linked.entities().all(|e| e.articles > 0));
        assert_eq!(
            linked.entity_of(Person, "Lee"),
            linked.entity_of(Person, "Ann Lee")
        );
    }

    #[test]
    fn decisions_merge_split_and_name() {
        let articles = [
            many(3, 2019, &[(Person, "Volodymyr Zelensky")]),
            many(2, 2019, &[(Person, "Volodymyr Zelenskyy")]),
            many(2, 2008, &[(Person, "Ben Bernanke")]),
            many(1, 2008, &[(Person, "BERNANKE")]),
        ]
        .concat();
        let mut b = Builder::new();
        for (y, names) in &articles {
            b.add_article(*y, names.iter().copied(), []);
        }
        let d = Decisions {
            decisions: vec![
                Decision::Merge {
                    into: "Volodymyr Zelenskyy".into(),
                    name: "Volodymyr Zelensky".into(),
                },
                Decision::Split {
                    variant: "Bernanke".into(),
                },
            ],
        };
        let reg = Registry::from_data(&b.build(&d));
        let z = reg.entity_of(Person, "Volodymyr Zelensky").unwrap();
        assert_eq!(Some(z), reg.entity_of(Person, "Volodymyr Zelenskyy"));
        assert_eq!(reg.entity(z).canonical, "Volodymyr Zelenskyy");
        assert_eq!(reg.entity(z).articles, 5);
        assert_ne!(
            reg.entity_of(Person, "BERNANKE"),
            reg.entity_of(Person, "Ben Bernanke")
        );
    }

    #[test]
    fn the_registry_does_not_depend_on_the_order_of_articles() {
        let mut articles = [
            many(
                3,
                2007,
                &[
                    (Person, "Ben Bernanke"),
                    (Org, "Federal Reserve"),
                    (Org, "Fed"),
                ],
            ),
            many(2, 2007, &[(Person, "BERNANKE"), (Org, "Fed")]),
            many(
                2,
                2008,
                &[
                    (Person, "Henry Paulson"),
                    (Org, "U.S. Treasury"),
                    (Org, "Treasury"),
                ],
            ),
            many(1, 2008, &[(Person, "Paulson"), (Speaker, "Henry Paulson")]),
        ]
        .concat();
        let forward = registry(&articles, &[]);
        articles.reverse();
        let backward = registry(&articles, &[]);
        assert_eq!(forward.as_bytes(), backward.as_bytes());
    }
}
