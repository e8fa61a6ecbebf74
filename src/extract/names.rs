//! Canonical names: within one article a short form takes the full name given elsewhere in it
//! ("Putin" is "Vladimir Putin"), and places take their gazetteer name ("U.S." is "United States").

use unicode_normalization::UnicodeNormalization;

use super::entities::Span;
use super::lexicon::{Gender, LEXICON};
use super::tokens::Tokens;
use super::EntityType;

/// The canonical name of every span, in the order given.
pub fn canonical_names(t: &Tokens, spans: &[Span]) -> Vec<String> {
    let lex = &*LEXICON;
    let persons: Vec<(usize, Vec<&str>)> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person)
        .map(|s| (s.start, (s.start..s.end).map(|i| t.str(i)).collect()))
        .collect();
    spans
        .iter()
        .map(|s| {
            let surface = t.span_str(s.start, s.end);
            match s.kind {
                EntityType::Place => lex
                    .places
                    .get(surface)
                    .map_or_else(|| surface.to_string(), |(c, _)| c.to_string()),
                EntityType::Org => surface.to_string(),
                EntityType::Person => {
                    let words: Vec<&str> = (s.start..s.end).map(|i| t.str(i)).collect();
                    full_name(&persons, s.start, &words).unwrap_or_else(|| surface.to_string())
                }
            }
        })
        .collect()
}

/// The longest person name in the article that ends with `words` (a surname, or a name
/// without its first name); of several, the nearest one before `at`, else the first after.
fn full_name(persons: &[(usize, Vec<&str>)], at: usize, words: &[&str]) -> Option<String> {
    let mut best: Option<(&Vec<&str>, usize)> = None;
    for (pos, name) in persons {
        if name.len() <= words.len() || !name.ends_with(words) {
            continue;
        }
        let better = match best {
            None => true,
            Some((b, bpos)) => {
                let before = *pos < at;
                let b_before = bpos < at;
                name.len() > b.len()
                    || (name.len() == b.len() && before && (!b_before || *pos > bpos))
            }
        };
        if better {
            best = Some((name, *pos));
        }
    }
    best.map(|(n, _)| n.join(" "))
}

/// Lower case, accents removed, punctuation to spaces: the form names are matched in.
pub fn fold(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sex a person's name implies, from the first name, where the lists tell it.
pub fn name_gender(name: &str) -> Option<Gender> {
    let first = name.split(' ').next()?;
    LEXICON.first_names.get(first).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::super::entities::EntityTagger;
    use super::super::perceptron::PerceptronTagger;
    use super::*;

    #[test]
    fn short_forms_take_the_full_name() {
        let text = "Putin spoke. Vladimir Putin and Andrea Kendall-Taylor met. \
                    Kendall-Taylor said President Putin was in the U.S. today.";
        let t = Tokens::new(text);
        let spans = PerceptronTagger::builtin().tag(&t);
        let names = canonical_names(&t, &spans);
        let pairs: Vec<(&str, &str)> = spans
            .iter()
            .zip(&names)
            .map(|(s, n)| (t.span_str(s.start, s.end), n.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("Putin", "Vladimir Putin"),
                ("Vladimir Putin", "Vladimir Putin"),
                ("Andrea Kendall-Taylor", "Andrea Kendall-Taylor"),
                ("Kendall-Taylor", "Andrea Kendall-Taylor"),
                ("Putin", "Vladimir Putin"),
                ("U.S.", "United States"),
            ]
        );
        assert_eq!(name_gender("Andrea Kendall-Taylor"), Some(Gender::Female));
    }
}
