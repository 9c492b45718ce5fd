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
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut folded = String::new();
    for word in text.split(|b| !(b.is_ascii_alphanumeric() || *b == b'\'')) {
        if word.len() < options.min_len.max(1) {
            continue;
        }
        // A word holds only ASCII bytes, so it is valid UTF-8.
        let Ok(word) = std::str::from_utf8(word) else {
            continue;
        };
        let word = if options.lowercase {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
            folded.as_str()
        } else {
            word
        };
        // Look up before inserting: a word already counted costs no
        // allocation.
        match counts.get_mut(word) {
            Some(n) => *n += 1,
            None => {
                counts.insert(word.to_owned(), 1);
            }
        }
    }
    counts
}
