//! Splitting text into words, a piece at a time.

use super::counts::WordCounts;
use serde::{Deserialize, Serialize};

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

/// The longest word counted, in bytes: a longer run of word bytes is data
/// (an encoded blob, a run of digits), not a word, and is not counted. It
/// bounds the word a worker carries from one read buffer to the next, so a
/// worker's memory does not grow with a file that is one endless "word".
pub const MAX_WORD_LEN: usize = 64 * 1024;

/// Counts the words of `text`: maximal runs of ASCII letters, digits and
/// apostrophes; anything else (including invalid UTF-8) separates words.
/// Words shorter than `options.min_len` or longer than [`MAX_WORD_LEN`]
/// are not counted.
///
/// ```
/// use fearless_apps::pipeline::{count_words, WordOptions};
///
/// let counts = count_words(b"The cat, the HAT; a cat.", &WordOptions::default());
/// assert_eq!(counts["the"], 2);
/// assert_eq!(counts["cat"], 2);
/// assert!(!counts.contains_key("a"));
/// ```
pub fn count_words(text: &[u8], options: &WordOptions) -> WordCounts {
    let mut tally = Tally::new(WordCounts::new());
    let mut words = tally.file(options);
    words.feed(text);
    words.finish();
    tally.into_counts()
}

/// Byte classes: 0 for a separator, else the byte as counted (folded to
/// lower case in [`FOLD`]). No word byte is 0, so 0 can mark separators.
const fn class_table(fold: bool) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || byte == b'\'' {
            table[b] = if fold {
                byte.to_ascii_lowercase()
            } else {
                byte
            };
        }
        b += 1;
    }
    table
}

static FOLD: [u8; 256] = class_table(true);
static KEEP: [u8; 256] = class_table(false);

/// One worker's counting state, kept across the files it reads: its word
/// table, the word being carried over a read boundary, and a scratch
/// buffer to fold a word into (each at most [`MAX_WORD_LEN`] bytes).
pub(crate) struct Tally {
    counts: WordCounts,
    carried: Vec<u8>,
    folded: Vec<u8>,
}

impl Tally {
    /// A tally counting into `counts`.
    pub(crate) fn new(counts: WordCounts) -> Self {
        Self {
            counts,
            carried: Vec::new(),
            folded: Vec::new(),
        }
    }

    /// Starts a file cut by `options`.
    pub(crate) fn file(&mut self, options: &WordOptions) -> FileWords<'_> {
        self.carried.clear();
        FileWords {
            table: if options.lowercase { &FOLD } else { &KEEP },
            min_len: options.min_len.max(1),
            in_word: false,
            too_long: false,
            tally: self,
        }
    }

    /// The words counted.
    pub(crate) fn into_counts(self) -> WordCounts {
        self.counts
    }
}

/// The words of one file, fed a piece at a time. A word cut by the end of
/// a piece is carried (folded) into the next; [`finish`](Self::finish)
/// counts the last one.
pub(crate) struct FileWords<'t> {
    tally: &'t mut Tally,
    table: &'static [u8; 256],
    min_len: usize,
    /// A word reached the end of the last piece: `tally.carried` holds it.
    in_word: bool,
    /// The carried word passed [`MAX_WORD_LEN`]: drop it.
    too_long: bool,
}

impl FileWords<'_> {
    /// Counts the words of the next piece of the file.
    pub(crate) fn feed(&mut self, piece: &[u8]) {
        let table = self.table;
        let is_word = |b: u8| table[b as usize] != 0;
        let mut i = 0;
        if self.in_word {
            while i < piece.len() && is_word(piece[i]) {
                i += 1;
            }
            self.carry(&piece[..i]);
            if i == piece.len() {
                return;
            }
            self.count_carried();
        }
        loop {
            while i < piece.len() && !is_word(piece[i]) {
                i += 1;
            }
            if i == piece.len() {
                return;
            }
            let start = i;
            // Whether folding changes a byte, noted during the scan.
            let mut changed = 0;
            while i < piece.len() {
                let (byte, class) = (piece[i], table[piece[i] as usize]);
                if class == 0 {
                    break;
                }
                changed |= byte ^ class;
                i += 1;
            }
            if i == piece.len() {
                self.in_word = true;
                self.carry(&piece[start..]);
                return;
            }
            self.count(&piece[start..i], changed != 0);
        }
    }

    /// Counts the word cut by the end of the file, if any.
    pub(crate) fn finish(mut self) {
        if self.in_word {
            self.count_carried();
        }
    }

    /// Counts a word held whole in the piece; `fold` if folding changes
    /// it (else it is looked up in place).
    #[inline]
    fn count(&mut self, word: &[u8], fold: bool) {
        if word.len() < self.min_len || word.len() > MAX_WORD_LEN {
            return;
        }
        let table = self.table;
        if !fold {
            self.tally.counts.add(word);
        } else {
            let folded = &mut self.tally.folded;
            folded.clear();
            folded.extend(word.iter().map(|&b| table[b as usize]));
            self.tally.counts.add(folded);
        }
    }

    /// Appends the next part of a word that goes on past a piece.
    fn carry(&mut self, part: &[u8]) {
        if self.too_long {
            return;
        }
        if self.tally.carried.len() + part.len() > MAX_WORD_LEN {
            self.too_long = true;
            self.tally.carried.clear();
            return;
        }
        let table = self.table;
        self.tally
            .carried
            .extend(part.iter().map(|&b| table[b as usize]));
    }

    /// Counts the carried word, now complete, and empties the carry.
    fn count_carried(&mut self) {
        let word = &self.tally.carried;
        if !self.too_long && word.len() >= self.min_len {
            self.tally.counts.add(word);
        }
        self.tally.carried.clear();
        self.in_word = false;
        self.too_long = false;
    }
}
