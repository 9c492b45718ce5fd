//! Word counts: hash tables split into shards by word hash, so that the
//! workers' tables merge shard by shard in parallel.

use fearless::scoped::Parallel;
use hashbrown::HashTable;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

/// The hasher of the word tables: foldhash's fast variant, seeded per
/// table family (so crafted input cannot aim at its collisions).
///
/// Measured with the bench's `pipeline_hasher` variants (one thread
/// counting the 40 MB generated corpus, held in memory, into a hashbrown
/// map per hasher; `cargo bench -p fearless-apps --bench pipeline`, whose
/// interleaved rounds give the ratios), 2026-12-02, 2 shared cores: over
/// 40 interleaved rounds (load average 5-7), ahash took 1.02x foldhash's
/// time and rustc-hash (FxHash) 0.95x (95% CI 0.94-0.99); two 15-round
/// runs under heavier load put rustc-hash at 1.01x and 0.94x, within
/// noise. foldhash is kept over that ~5%: FxHash has no seed, so a file
/// crafted to collide its words would make every lookup walk one long
/// probe sequence (quadratic time), and this counter reads whatever files
/// it is pointed at.
pub(crate) type WordHasher = foldhash::fast::RandomState;

/// Shards per table: enough that the merge keeps every core busy (a
/// shard is one merge task), few enough that an idle shard costs nothing.
const SHARDS: usize = 16;

/// Which shard a hash goes to: bits 48..52, clear of the bits hashbrown
/// uses inside a table (the low bits pick the bucket, the top 7 are the
/// tag), so a shard's entries keep all their tag bits distinct.
fn shard_of(hash: u64) -> usize {
    (hash >> 48) as usize & (SHARDS - 1)
}

/// A counted word, with its hash kept so that growing or merging a table
/// never hashes the word again.
struct Entry {
    hash: u64,
    count: u64,
    word: Box<str>,
}

/// How many times each word was seen.
///
/// Equality compares the words and counts only (not how they are stored).
///
/// ```
/// use fearless_apps::pipeline::{count_words, WordOptions};
///
/// let counts = count_words(b"Fearless, fearless FEARLESS; threads", &WordOptions::default());
/// assert_eq!(counts.get("fearless"), Some(3));
/// assert_eq!(counts["threads"], 1);
/// assert_eq!(counts.len(), 2);
/// assert_eq!(counts.top(1), [("fearless", 3)]);
/// ```
pub struct WordCounts {
    hasher: WordHasher,
    shards: Box<[HashTable<Entry>]>,
}

impl WordCounts {
    /// No words.
    pub fn new() -> Self {
        Self::with_hasher(WordHasher::default())
    }

    /// No words; hashes with `hasher` (tables that will be merged share
    /// one, so that their stored hashes agree).
    pub(crate) fn with_hasher(hasher: WordHasher) -> Self {
        Self {
            hasher,
            shards: (0..SHARDS).map(|_| HashTable::new()).collect(),
        }
    }

    /// A table that will merge with this one.
    pub(crate) fn sibling(&self) -> Self {
        Self::with_hasher(self.hasher.clone())
    }

    /// Counts one more `word` (bytes of a word, already case-folded).
    /// A word already counted is found by its bytes and allocates nothing;
    /// only a new word is copied into the table.
    #[inline]
    pub(crate) fn add(&mut self, word: &[u8]) {
        let hash = self.hasher.hash_one(word);
        let table = &mut self.shards[shard_of(hash)];
        match table.find_mut(hash, |e| e.hash == hash && e.word.as_bytes() == word) {
            Some(entry) => entry.count += 1,
            None => {
                // Words are made of ASCII bytes only (see the tokenizer),
                // so this never replaces anything.
                let word = String::from_utf8_lossy(word).into();
                table.insert_unique(
                    hash,
                    Entry {
                        hash,
                        count: 1,
                        word,
                    },
                    |e| e.hash,
                );
            }
        }
    }

    /// How many times `word` was counted, if at all.
    pub fn get(&self, word: &str) -> Option<u64> {
        let word = word.as_bytes();
        let hash = self.hasher.hash_one(word);
        self.shards[shard_of(hash)]
            .find(hash, |e| e.hash == hash && e.word.as_bytes() == word)
            .map(|e| e.count)
    }

    /// Whether `word` was counted.
    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// How many distinct words were counted.
    pub fn len(&self) -> usize {
        self.shards.iter().map(HashTable::len).sum()
    }

    /// Whether no word was counted.
    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(HashTable::is_empty)
    }

    /// Every word with its count, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.shards
            .iter()
            .flat_map(|t| t.iter().map(|e| (&*e.word, e.count)))
    }

    /// The `n` most frequent words, most frequent first (ties by word).
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.iter().collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// The counts as a std `HashMap`.
    pub fn to_hash_map(&self) -> HashMap<String, u64> {
        self.iter().map(|(w, n)| (w.to_owned(), n)).collect()
    }

    /// Adds up `tables` (which must come from one [`sibling`](Self::sibling)
    /// family), shard by shard, on `parallel`'s threads: each shard of the
    /// result is the union of that shard of every table, built by one task
    /// that folds the smaller tables into the largest. No table is merged
    /// on one thread at the end.
    pub(crate) fn merge_all(mut tables: Vec<WordCounts>, parallel: &Parallel<'_>) -> Self {
        let Some(first) = tables.pop() else {
            return Self::new();
        };
        if tables.is_empty() {
            return first;
        }
        let hasher = first.hasher.clone();
        tables.push(first);
        // Shard-major: columns[s] holds shard s of every table.
        let mut columns: Vec<Vec<HashTable<Entry>>> = (0..SHARDS)
            .map(|_| Vec::with_capacity(tables.len()))
            .collect();
        for table in tables {
            for (column, shard) in columns.iter_mut().zip(table.shards.into_vec()) {
                column.push(shard);
            }
        }
        parallel.for_each_mut(&mut columns, |column| merge_column(column));
        Self {
            hasher,
            shards: columns.into_iter().map(|mut c| c.swap_remove(0)).collect(),
        }
    }
}

/// Folds every table of `column` into the largest, left at index 0.
fn merge_column(column: &mut [HashTable<Entry>]) {
    let largest = (0..column.len())
        .max_by_key(|&i| column[i].len())
        .unwrap_or(0);
    column.swap(0, largest);
    let Some((into, rest)) = column.split_first_mut() else {
        return;
    };
    for table in rest {
        for entry in table.drain() {
            let found = into.find_mut(entry.hash, |e| e.hash == entry.hash && e.word == entry.word);
            match found {
                Some(e) => e.count += entry.count,
                None => {
                    into.insert_unique(entry.hash, entry, |e| e.hash);
                }
            }
        }
    }
}

impl Default for WordCounts {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for WordCounts {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(w, n)| other.get(w) == Some(n))
    }
}

impl Eq for WordCounts {}

impl fmt::Debug for WordCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut all: Vec<(&str, u64)> = self.iter().collect();
        all.sort_unstable();
        f.debug_map().entries(all).finish()
    }
}

impl std::ops::Index<&str> for WordCounts {
    type Output = u64;

    /// The count of `word`.
    ///
    /// # Panics
    /// If `word` was not counted (as `HashMap`'s indexing does).
    fn index(&self, word: &str) -> &u64 {
        let bytes = word.as_bytes();
        let hash = self.hasher.hash_one(bytes);
        match self.shards[shard_of(hash)]
            .find(hash, |e| e.hash == hash && e.word.as_bytes() == bytes)
        {
            Some(e) => &e.count,
            None => panic!("the word {word:?} was not counted"),
        }
    }
}
