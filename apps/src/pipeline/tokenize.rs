//! Splitting text into words.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How text is cut into words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordOptions {
    /// Words shorter than this (in bytes) are not counted.
    pub min_len: usize,
    /// Fold ASCII letters to lower case before counting.
    pub lowercase: bool,
}

impl Default for WordOptions {
    fn default() -> Self {
        Self {
            min_len: 3,
            lowercase: true,
        }
    }
}

/// Counts the words of `text`: maximal runs of ASCII letters, digits and
/// apostrophes; anything else (including invalid UTF-8) separates words.
///
/// ```
/// use fearless_apps::pipeline::{count_words, WordOptions};
///
/// let counts = count_words(b"The cat, the HAT; a cat.", &WordOptions::default());
/// assert_eq!(counts["the"], 2);
/// assert_eq!(counts["cat"], 2);
/// assert!(!counts.contains_key("a"));
/// ```
pub fn count_words(text: &[u8], options: &WordOptions) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for word in text.split(|b| !(b.is_ascii_alphanumeric() || *b == b'\'')) {
        if word.len() < options.min_len.max(1) {
            continue;
        }
        // Only ASCII bytes are in a word, so this is valid UTF-8.
        let mut w = String::from_utf8_lossy(word).into_owned();
        if options.lowercase {
            w.make_ascii_lowercase();
        }
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}
