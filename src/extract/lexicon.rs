//! Word lists the rules share, and the gazetteers under `models/`, each loaded once per process.

use std::hash::Hasher;

use super::features::{FxHasher, FxMap, FxSet};
use std::sync::LazyLock;

/// Words that put a person's role before the name ("President", "Sen."); stripped from the name.
pub const TITLES: &[&str] = &[
    "President",
    "Vice",
    "Prime",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Sen",
    "Senator",
    "Rep",
    "Representative",
    "Gov",
    "Governor",
    "Gen",
    "General",
    "Secretary",
    "Chancellor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Judge",
    "Justice",
    "Mayor",
    "Chief",
    "Ambassador",
    "Professor",
    "Prof",
    "Sir",
    "Lord",
    "Lady",
    "Dame",
    "Rev",
    "Reverend",
    "Sheikh",
    "Emir",
    "Speaker",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Director",
    "Commissioner",
    "Lt",
    "Col",
    "Colonel",
    "Capt",
    "Captain",
    "Sgt",
    "Sergeant",
    "Admiral",
    "Adm",
    "Detective",
    "Officer",
    "Coach",
    "Deputy",
    "Leader",
    "Premier",
    "Attorney",
    "Founder",
    "CEO",
    "Chief Executive",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Commander",
    "Councillor",
    "Councilman",
    "Councilwoman",
    "Congressman",
    "Congresswoman",
    "Assemblyman",
    "Assemblywoman",
    "Lawmaker",
    "Candidate",
    "Nominee",
    "Host",
    "Anchor",
    "Dean",
    "Bishop",
    "Cardinal",
    "Archbishop",
    "Rabbi",
    "Imam",
    "Father",
    "Sister",
    "Brother",
    "Saint",
    "Chancellor",
    "Marshal",
    "Superintendent",
    "Inspector",
    "Constable",
    "Magistrate",
    "Treasurer",
    "Auditor",
    "Comptroller",
    "Mme",
    "Mx",
    "Former",
    "Hon",
    "Maj",
    "Major",
    "Private",
    "Corporal",
    "Cpl",
    "Pvt",
];

/// Titles that give a person's sex, for pronoun resolution.
pub fn title_gender(w: &str) -> Option<Gender> {
    match w {
        "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Congressman" | "Spokesman" | "Chairman"
        | "Father" | "Brother" | "Councilman" | "Assemblyman" => Some(Gender::Male),
        "Mrs" | "Ms" | "Miss" | "Lady" | "Dame" | "Queen" | "Princess" | "Congresswoman"
        | "Spokeswoman" | "Chairwoman" | "Sister" | "Councilwoman" | "Assemblywoman" | "Mme" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// Capitalised words that are adjectives of nationality, religion or ideology, not entities.
pub const DEMONYMS: &[&str] = &[
    "American",
    "Americans",
    "British",
    "Briton",
    "Britons",
    "English",
    "Scottish",
    "Welsh",
    "Irish",
    "French",
    "German",
    "Germans",
    "Italian",
    "Spanish",
    "Portuguese",
    "Dutch",
    "Belgian",
    "Swiss",
    "Austrian",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Icelandic",
    "Polish",
    "Czech",
    "Slovak",
    "Hungarian",
    "Romanian",
    "Bulgarian",
    "Greek",
    "Turkish",
    "Russian",
    "Russians",
    "Ukrainian",
    "Ukrainians",
    "Belarusian",
    "Georgian",
    "Armenian",
    "Azerbaijani",
    "Serbian",
    "Croatian",
    "Bosnian",
    "Albanian",
    "Lithuanian",
    "Latvian",
    "Estonian",
    "European",
    "Europeans",
    "Chinese",
    "Japanese",
    "Korean",
    "Taiwanese",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malaysian",
    "Filipino",
    "Indian",
    "Indians",
    "Pakistani",
    "Afghan",
    "Bangladeshi",
    "Iranian",
    "Iraqi",
    "Syrian",
    "Lebanese",
    "Israeli",
    "Israelis",
    "Palestinian",
    "Palestinians",
    "Jordanian",
    "Egyptian",
    "Saudi",
    "Yemeni",
    "Qatari",
    "Emirati",
    "Kuwaiti",
    "Libyan",
    "Tunisian",
    "Algerian",
    "Moroccan",
    "Sudanese",
    "Ethiopian",
    "Somali",
    "Kenyan",
    "Nigerian",
    "Ghanaian",
    "African",
    "Africans",
    "Canadian",
    "Canadians",
    "Mexican",
    "Mexicans",
    "Brazilian",
    "Argentine",
    "Argentinian",
    "Chilean",
    "Colombian",
    "Venezuelan",
    "Peruvian",
    "Cuban",
    "Haitian",
    "Australian",
    "Australians",
    "Asian",
    "Arab",
    "Arabs",
    "Arabic",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Soviet",
    "Nazi",
    "Nazis",
    "Communist",
    "Islamic",
    "Muslim",
    "Muslims",
    "Christian",
    "Christians",
    "Catholic",
    "Jewish",
    "Jews",
    "Hindu",
    "Buddhist",
    "Sunni",
    "Shia",
    "Shiite",
    "Kurdish",
    "Kurds",
    "Democrat",
    "Democrats",
    "Democratic",
    "Republican",
    "Republicans",
    "Conservative",
    "Conservatives",
    "Liberal",
    "Liberals",
    "Labour",
    "Tory",
    "Tories",
    "Latino",
    "Hispanic",
    "Zimbabwean",
    "Polish",
    "Scandinavian",
    "Caribbean",
    "Mediterranean",
    "Balkan",
    "Baltic",
    "Nordic",
    "Slavic",
    "Persian",
    "Ottoman",
    "Roman",
    "Pacific",
    "Atlantic",
    "Arctic",
    "Antarctic",
    "Orthodox",
    "Protestant",
    "Evangelical",
    "Hongkonger",
    "Hongkongers",
    "Puerto",
    "Martian",
    "Egyptians",
];

/// Legal endings of company names: they end an organisation's name, and "of ..." after them is
/// not part of it ("Dow Chemical Co of the United States").
pub const LEGAL_ENDINGS: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "Ltd",
    "LLC",
    "PLC",
    "AG",
    "SA",
    "GmbH",
];

/// Other words that end an organisation's name ("Fox News", "National Security Council").
pub const ORG_TAIL: &[&str] = &[
    "Group",
    "Company",
    "Council",
    "Committee",
    "Commission",
    "Party",
    "Ministry",
    "Department",
    "University",
    "College",
    "Institute",
    "Agency",
    "Bank",
    "Association",
    "Court",
    "Parliament",
    "Congress",
    "Senate",
    "Assembly",
    "Army",
    "Navy",
    "Police",
    "News",
    "Times",
    "Post",
    "Journal",
    "Service",
    "Services",
    "Foundation",
    "Union",
    "Organization",
    "Organisation",
    "Federation",
    "League",
    "Club",
    "Network",
    "Office",
    "Board",
    "Bureau",
    "Authority",
    "Fund",
    "Trust",
    "Society",
    "Academy",
    "Alliance",
    "Coalition",
    "Movement",
    "Front",
    "Church",
    "Museum",
    "School",
    "Hospital",
    "Airlines",
    "Airways",
    "Air",
    "Motors",
    "Technologies",
    "Systems",
    "Industries",
    "Holdings",
    "Partners",
    "Media",
    "Press",
    "Herald",
    "Tribune",
    "Telegraph",
    "Guardian",
    "Gazette",
    "Reuters",
    "Radio",
    "TV",
    "Television",
    "Broadcasting",
    "Records",
    "Studios",
    "Pictures",
    "Entertainment",
    "Team",
    "Centre",
    "Center",
    "Caucus",
    "Cabinet",
    "Administration",
    "Force",
    "Forces",
    "Guard",
    "Corps",
    "Brigade",
    "Regiment",
    "Tribunal",
    "Exchange",
    "Laboratory",
    "Laboratories",
    "Labs",
    "Project",
    "Initiative",
    "Program",
    "Programme",
    "Directorate",
    "Secretariat",
    "Commonwealth",
    "Chamber",
    "Unit",
    "House",
    "Kremlin",
    "Pentagon",
];

/// Words that end a place's name ("Elmendorf Air Force Base", "Red Square").
pub const PLACE_TAIL: &[&str] = &[
    "Base",
    "Airport",
    "River",
    "Mountains",
    "Mountain",
    "Mount",
    "Island",
    "Islands",
    "Street",
    "Square",
    "Province",
    "County",
    "Region",
    "Bay",
    "Sea",
    "Ocean",
    "Lake",
    "Valley",
    "City",
    "Park",
    "Bridge",
    "Peninsula",
    "Desert",
    "Strait",
    "Canal",
    "Avenue",
    "Road",
    "Coast",
    "Gulf",
    "Hills",
    "Harbor",
    "Harbour",
    "Station",
    "Stadium",
    "Arena",
    "Airfield",
    "District",
    "Township",
    "Village",
    "Town",
    "Territory",
    "Territories",
    "Oblast",
    "Prefecture",
    "State",
    "Highway",
];

/// Capitalised words that begin sentences or headings but name nothing.
pub const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "But",
    "And",
    "Or",
    "So",
    "If",
    "When",
    "While",
    "As",
    "At",
    "In",
    "On",
    "Of",
    "For",
    "To",
    "From",
    "By",
    "With",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Also",
    "Yet",
    "Still",
    "Now",
    "Then",
    "Today",
    "Yesterday",
    "Tomorrow",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Which",
    "Whether",
    "Some",
    "Many",
    "Most",
    "All",
    "Any",
    "No",
    "Not",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "First",
    "Last",
    "Next",
    "Another",
    "Other",
    "Such",
    "Each",
    "Every",
    "Both",
    "Several",
    "Few",
    "More",
    "Less",
    "Much",
    "Even",
    "Only",
    "Just",
    "Like",
    "Unlike",
    "According",
    "Asked",
    "Speaking",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Read",
    "Photo",
    "Image",
    "Video",
    "Click",
    "Advertisement",
    "Yes",
    "Oh",
    "Well",
    "Please",
    "Thank",
    "Thanks",
    "Let",
    "Among",
    "Amid",
    "Despite",
    "Without",
    "Within",
    "Under",
    "Over",
    "Above",
    "Below",
    "Between",
    "Into",
    "Through",
    "Against",
    "About",
    "Around",
    "Across",
    "Along",
    "Behind",
    "Beyond",
    "Near",
    "Instead",
    "Perhaps",
    "Maybe",
    "Indeed",
    "Otherwise",
    "Thus",
    "Therefore",
    "Later",
    "Earlier",
    "Once",
    "Twice",
    "Again",
    "Mostly",
    "Nearly",
    "Almost",
    "Already",
    "Always",
    "Never",
    "Often",
    "Sometimes",
    "Soon",
    "Everyone",
    "Everybody",
    "Nobody",
    "Someone",
    "Somebody",
    "Anyone",
    "Nothing",
    "Something",
    "Everything",
    "Anything",
    "Hi",
    "Hello",
    "OK",
    "Okay",
    "Do",
    "Does",
    "Did",
    "Is",
    "Are",
    "Was",
    "Were",
    "Be",
    "Been",
    "Has",
    "Have",
    "Had",
    "Will",
    "Would",
    "Can",
    "Could",
    "Should",
    "Must",
    "Might",
    "Shall",
    "Don't",
    "Doesn't",
    "Didn't",
    "It’s",
    "It's",
    "That’s",
    "That's",
    "There’s",
    "There's",
    "We’re",
    "We're",
    "I’m",
    "I'm",
    "You’re",
    "You're",
    "They’re",
    "They're",
    "He’s",
    "He's",
    "She’s",
    "She's",
    "Let’s",
    "Let's",
    "Government",
    "Officials",
    "Police",
    "Authorities",
    "Sources",
    "Reporters",
    "Experts",
    "Critics",
    "Supporters",
    "Residents",
    "Witnesses",
    "Analysts",
    "Researchers",
    "Scientists",
    "Protesters",
    "Rescuers",
    "Voters",
    "Lawmakers",
    "Leaders",
    "People",
    "Children",
    "Women",
    "Men",
    "Family",
    "Breaking",
    "Update",
    "Updated",
    "Exclusive",
    "Opinion",
    "Analysis",
    "Editorial",
    "Comment",
    "Note",
    "Source",
    "Sources",
    "Reporting",
    "Additional",
    "Copyright",
    "Internet",
];

/// Pronouns that can be a speaker, with the sex they imply.
pub fn pronoun_gender(w: &str) -> Option<Option<Gender>> {
    match w.to_ascii_lowercase().as_str() {
        "he" | "him" => Some(Some(Gender::Male)),
        "she" | "her" => Some(Some(Gender::Female)),
        "they" | "i" | "we" | "it" => Some(None),
        _ => None,
    }
}

/// Nouns for the roles people hold, used for "the Russian leader said" and "an aide said".
pub const ROLE_NOUNS: &[&str] = &[
    "leader",
    "president",
    "minister",
    "premier",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "aide",
    "aides",
    "adviser",
    "advisor",
    "senator",
    "governor",
    "mayor",
    "secretary",
    "ambassador",
    "diplomat",
    "general",
    "commander",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "candidate",
    "nominee",
    "lawmaker",
    "congressman",
    "congresswoman",
    "representative",
    "judge",
    "lawyer",
    "attorney",
    "prosecutor",
    "analyst",
    "expert",
    "source",
    "sources",
    "witness",
    "resident",
    "researcher",
    "scientist",
    "professor",
    "author",
    "founder",
    "executive",
    "ceo",
    "manager",
    "officer",
    "police",
    "king",
    "queen",
    "prince",
    "pope",
    "host",
    "reporter",
    "journalist",
    "activist",
    "economist",
    "strategist",
    "campaign",
    "woman",
    "man",
    "former",
    "businessman",
    "billionaire",
    "star",
    "actor",
    "actress",
    "singer",
    "player",
    "coach",
    "doctor",
    "nurse",
    "teacher",
    "student",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "friend",
    "neighbor",
    "neighbour",
    "victim",
    "survivor",
    "owner",
    "worker",
    "employee",
    "member",
    "speaker",
    "statement",
    "report",
    "newspaper",
    "magazine",
    "network",
    "agency",
    "ministry",
    "government",
    "administration",
    "department",
    "company",
    "group",
    "organization",
    "organisation",
    "committee",
    "council",
    "court",
    "study",
    "letter",
    "ad",
    "narrator",
    "article",
    "post",
    "tweet",
    "website",
    "site",
    "paper",
    "editorial",
    "poll",
    "survey",
    "complaint",
    "lawsuit",
    "filing",
    "memo",
    "book",
    "interview",
    "video",
];

/// What a gazetteer place is: countries and regions are places wherever they stand; a city's
/// name may also be its team's or firm's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
}

/// Kinds of [`Lexicon::furniture`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// A time zone ("1800 UTC").
    Zone,
    /// A unit of measure ("300 MW").
    Unit,
    /// A disease or product code ("COVID-19").
    Code,
}

/// Grammatical sex, as far as first names, titles and pronouns tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// The gazetteers and word sets, built once from the files compiled into the binary.
pub struct Lexicon {
    /// Surface form -> canonical place name and kind.
    pub places: FxMap<&'static str, (&'static str, PlaceKind)>,
    /// First words of the place names, to skip the look-ups for most words.
    pub place_first_words: FxSet<&'static str>,
    /// First name -> sex, `None` where both are common.
    pub first_names: FxMap<&'static str, Option<Gender>>,
    pub titles: FxSet<&'static str>,
    pub demonyms: FxSet<&'static str>,
    pub org_tail: FxSet<&'static str>,
    pub place_tail: FxSet<&'static str>,
    pub not_names: FxSet<&'static str>,
    pub roles: FxSet<&'static str>,
    /// Organisation names, keyed by [`word_key`] of their words joined by single spaces as the
    /// tokeniser splits them; `true` for a weak one (a one-word name that is also an ordinary
    /// word or a place).
    pub orgs: FxMap<u64, bool>,
    /// [`word_key`]s of the first words of the organisation names.
    pub org_first_words: FxSet<u64>,
    /// Longest organisation name, in words.
    pub org_max_words: usize,
    /// Time zones, units and codes ("UTC", "km", "COVID-19"): written like names, naming nothing.
    pub furniture: FxMap<&'static str, Furniture>,
    /// What the word lists above and the clusters say about each word form, keyed by
    /// [`word_key`]: the tagger asks once a word, and no string is compared.
    pub words: FxMap<u64, WordInfo>,
}

/// What the lexicon knows about one word form, as the tagger asks for it.
#[derive(Clone, Copy, Default)]
pub struct WordInfo {
    /// Bits of [`flag`]: the word lists the form is on.
    pub flags: u8,
    /// Brown cluster path, packed by [`cluster_path`]; 0 for none.
    pub cluster: u32,
}

/// The key of a word form in [`Lexicon::words`]: its 64-bit hash (two of the 200,000 forms
/// colliding is a chance of about one in 10^9).
#[inline]
pub fn word_key(w: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(w.as_bytes());
    h.finish()
}

impl Lexicon {
    /// Whether `name` (words joined by single spaces, as the tokeniser splits them) is an
    /// organisation of the gazetteer: `Some(true)` for a weak one.
    #[inline]
    pub fn org(&self, name: &str) -> Option<bool> {
        self.orgs.get(&word_key(name)).copied()
    }

    /// What the lexicon knows about `w` as written.
    #[inline]
    pub fn word(&self, w: &str) -> WordInfo {
        self.words.get(&word_key(w)).copied().unwrap_or_default()
    }
}

/// Packs a cluster path of '0'/'1' characters, root first: the bits with the root's branch
/// lowest, and the length above bit 24.
fn cluster_path(bits: &str) -> Option<u32> {
    if bits.is_empty() || bits.len() > 24 {
        return None;
    }
    bits.bytes()
        .enumerate()
        .try_fold((bits.len() as u32) << 24, |acc, (i, b)| match b {
            b'0' => Some(acc),
            b'1' => Some(acc | 1 << i),
            _ => None,
        })
}

/// Bits of [`WordInfo::flags`].
pub mod flag {
    pub const FIRST_NAME: u8 = 1;
    pub const TITLE: u8 = 2;
    pub const DEMONYM: u8 = 4;
    pub const ORG_TAIL: u8 = 8;
    pub const NOT_NAME: u8 = 16;
    pub const FURNITURE: u8 = 32;
}

static PLACES: &str = include_str!("../../models/places.tsv");
static FIRST_NAMES: &str = include_str!("../../models/first_names.tsv");
static CLUSTERS: &str = include_str!("../../models/clusters.tsv");
static ORGS: &str = include_str!("../../models/orgs.tsv");
static FURNITURE: &str = include_str!("../../models/furniture.tsv");

/// The word lists' flags, as the tagger's features read them.
const FLAG_LISTS: [(&[&str], u8); 5] = [
    (TITLES, flag::TITLE),
    (DEMONYMS, flag::DEMONYM),
    (LEGAL_ENDINGS, flag::ORG_TAIL),
    (ORG_TAIL, flag::ORG_TAIL),
    (NOT_NAMES, flag::NOT_NAME),
];

/// A hash of every word list the tagger's features read: a model trained with other lists
/// means other things by its weights.
pub fn data_fingerprint() -> u64 {
    let mut h = FxHasher::default();
    for text in [PLACES, FIRST_NAMES, CLUSTERS, ORGS, FURNITURE] {
        h.write(text.as_bytes());
        h.write_u8(0);
    }
    for (list, bit) in FLAG_LISTS {
        h.write_u8(bit);
        for w in list {
            h.write(w.as_bytes());
            h.write_u8(0);
        }
    }
    h.finish()
}

/// The key of a name in [`Lexicon::orgs`]: its words as the tokeniser splits them, joined by
/// single spaces. Most names have nothing to split but their spaces.
fn name_key(name: &str) -> (u64, u64, usize) {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
    let words: Vec<&str> = if plain {
        name.split(' ').collect()
    } else {
        let t = super::tokens::Tokens::new(name);
        (0..t.len()).map(|i| t.str(i)).collect()
    };
    (word_key(&words.join(" ")), word_key(words[0]), words.len())
}

/// The rows of a word list under `models/` with two or more columns: the first column, and the
/// rest; comment lines (`#`) left out.
pub(crate) fn tsv(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
}

/// The words of a one-column word list under `models/`; comments and blank lines left out.
pub(crate) fn word_list(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The process-wide lexicon.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    /// Builds the lexicon from the files compiled in; [`LEXICON`] does it once per process.
    pub fn build() -> Lexicon {
        let places: FxMap<_, _> = tsv(PLACES)
            .filter_map(|(name, rest)| {
                let (canon, kind) = rest.split_once('\t')?;
                let kind = match kind {
                    "country" => PlaceKind::Country,
                    "region" => PlaceKind::Region,
                    _ => PlaceKind::City,
                };
                Some((name, (canon, kind)))
            })
            .collect();
        let place_first_words = places.keys().filter_map(|k| k.split(' ').next()).collect();
        let first_names: FxMap<&str, Option<Gender>> = tsv(FIRST_NAMES)
            .map(|(n, g)| {
                let g = match g {
                    "m" => Some(Gender::Male),
                    "f" => Some(Gender::Female),
                    _ => None,
                };
                (n, g)
            })
            .collect();
        let set = |l: &[&'static str]| l.iter().copied().collect::<FxSet<_>>();
        let mut words: FxMap<u64, WordInfo> = tsv(CLUSTERS)
            .filter_map(|(w, bits)| {
                let cluster = cluster_path(bits)?;
                Some((word_key(w), WordInfo { flags: 0, cluster }))
            })
            .collect();
        let furniture: FxMap<&str, Furniture> = tsv(FURNITURE)
            .map(|(w, k)| {
                let k = match k {
                    "zone" => Furniture::Zone,
                    "unit" => Furniture::Unit,
                    _ => Furniture::Code,
                };
                (w, k)
            })
            .collect();
        let mut add = |w: &str, bit: u8| words.entry(word_key(w)).or_default().flags |= bit;
        for (list, bit) in FLAG_LISTS {
            for w in list {
                add(w, bit);
            }
        }
        for name in first_names.keys() {
            add(name, flag::FIRST_NAME);
        }
        for w in furniture.keys() {
            add(w, flag::FURNITURE);
        }
        let mut orgs = FxMap::default();
        let mut org_first_words = FxSet::default();
        let mut org_max_words = 0;
        for (name, strength) in tsv(ORGS) {
            let (key, first, len) = name_key(name);
            orgs.insert(key, strength == "weak");
            org_first_words.insert(first);
            org_max_words = org_max_words.max(len);
        }
        Lexicon {
            words,
            places,
            place_first_words,
            first_names,
            titles: set(TITLES),
            demonyms: set(DEMONYMS),
            org_tail: LEGAL_ENDINGS.iter().chain(ORG_TAIL).copied().collect(),
            place_tail: set(PLACE_TAIL),
            not_names: set(NOT_NAMES),
            roles: set(ROLE_NOUNS),
            orgs,
            org_first_words,
            org_max_words,
            furniture,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The organisation gazetteer loads with its strengths, keyed as the tokeniser splits the
    /// names, and keeps its sources' licences.
    #[test]
    fn organisation_gazetteer_loads() {
        let lex = &*LEXICON;
        for (name, want) in [
            ("Google", Some(false)),
            ("Manchester United", Some(false)),
            ("University of Oxford", Some(false)),
            // One word that is also an ordinary word or a place: weak.
            ("Apple", Some(true)),
            ("Liverpool", Some(true)),
            // Split as the tokeniser splits "AT&T".
            ("AT & T", Some(false)),
            ("AT&T", None),
            ("Lower Case Nothing", None),
        ] {
            assert_eq!(lex.org(name), want, "{name:?}");
        }
        assert!(lex.orgs.len() > 20_000, "{} names", lex.orgs.len());
        assert!(lex.org_first_words.contains(&word_key("Manchester")));
        assert!(ORGS.contains("# Licence of the universities list:"));
        assert!(ORGS.contains("Copyright (c) 2023 Max Dallabetta"));
    }

    #[test]
    fn furniture_loads_with_its_kinds() {
        let lex = &*LEXICON;
        for (w, want) in [
            ("UTC", Furniture::Zone),
            ("GMT", Furniture::Zone),
            ("MW", Furniture::Unit),
            ("COVID-19", Furniture::Code),
        ] {
            assert_eq!(lex.furniture.get(w), Some(&want), "{w}");
            assert!(lex.word(w).flags & flag::FURNITURE != 0, "{w}");
        }
        assert_eq!(lex.furniture.get("London"), None);
    }
}
