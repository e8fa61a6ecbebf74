//! English stemming that remembers the words it stemmed. News repeats its words, and the quote
//! documents repeat their articles' words: looking a word up costs a fraction of stemming it
//! again, and a stem found is copied into the token's own buffer, where tantivy's stemmer
//! allocates a string for most tokens. The stems are Snowball's English ones, the same as
//! tantivy's `Stemmer` gives.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// How many words one analyzer remembers: the common words of a language, a few megabytes.
const REMEMBERED: usize = 1 << 17;

/// A token filter giving each token its English stem.
#[derive(Clone, Copy, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner,
            stems: Stems::default(),
        }
    }
}

pub struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

/// A copy starts with nothing remembered: copies are made for each indexing thread and each
/// query, and a table copied would cost more than it saves.
impl<T: Clone> Clone for CachedStemmerFilter<T> {
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stems: Stems::default(),
        }
    }
}

struct Stems {
    stemmer: frostem::Stemmer,
    /// Hashed with foldhash: SipHash was most of a look-up's cost on words this short.
    known: foldhash::HashMap<Box<str>, Box<str>>,
}

impl Default for Stems {
    fn default() -> Self {
        Stems {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            known: foldhash::HashMap::default(),
        }
    }
}

impl Stems {
    /// Replaces `word` by its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.known.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = self.stemmer.stem(word).into();
        if self.known.len() < REMEMBERED {
            self.known.insert(word.as_str().into(), stem.clone());
        }
        word.clear();
        word.push_str(&stem);
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The stems are tantivy's, the first time a word comes and every time after, in the
    /// analyzer and in its copies.
    #[test]
    fn stems_are_tantivys_whether_remembered_or_not() {
        let text = "The ministers said talks were continuing; the minister said talking \
                    continued, and relational generalizations hopefully sky skies dying";
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let want = tokens(&mut plain, text);
        assert!(want.contains(&"minist".to_string()), "{want:?}");
        assert_eq!(tokens(&mut cached, text), want);
        assert_eq!(tokens(&mut cached, text), want);
        assert_eq!(tokens(&mut cached.clone(), text), want);
    }
}
