//! The words the harness's queries search for, shared by the in-process benchmark and the load
//! test so both time the same table.

/// Words that Reuters wire copy holds, for `--corpus` runs.
pub const REAL_WORDS: [&str; 6] = [
    "bank",
    "profit",
    "\"interest rates\"",
    "oil OR gas",
    "market -stocks",
    "title:shares",
];
/// Words of the corpus generated from `sample-corpus/`.
pub const SYNTHETIC_WORDS: [&str; 6] = [
    "ceasefire",
    "summit",
    "\"air raid\"",
    "protest OR rally",
    "election -trump",
    "title:fire",
];
