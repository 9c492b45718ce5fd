//! A reproducible sample corpus, so the pipeline runs on a fresh machine
//! with no data.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Words of the sample corpus; earlier words are drawn more often
/// (roughly Zipf), as in real text.
const VOCABULARY: &[&str] = &[
    "the",
    "and",
    "thread",
    "lock",
    "channel",
    "atomic",
    "borrow",
    "owner",
    "send",
    "sync",
    "scope",
    "join",
    "steal",
    "queue",
    "worker",
    "message",
    "mutex",
    "reader",
    "writer",
    "memory",
    "order",
    "fence",
    "acquire",
    "release",
    "relaxed",
    "model",
    "loom",
    "miri",
    "panic",
    "shutdown",
    "deadline",
    "select",
    "counter",
    "gauge",
    "histogram",
    "cache",
    "config",
    "pipeline",
    "server",
    "dashboard",
    "fearless",
    "concurrency",
    "parallel",
    "iterator",
    "split",
    "reduce",
    "collect",
    "sort",
    "merge",
    "latency",
    "throughput",
    "backpressure",
    "rendezvous",
    "unbounded",
    "bounded",
    "sharded",
    "epoch",
];

/// Why a corpus could not be written.
#[derive(Debug)]
pub enum GenerateError {
    /// The size was zero or above the limit (in megabytes).
    InvalidSize(u64),
    /// Writing failed.
    Io(io::Error),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidSize(mb) => write!(f, "corpus size must be 1 to {MAX_MB} MB, not {mb}"),
            Self::Io(e) => write!(f, "could not write the corpus: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<io::Error> for GenerateError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// The largest corpus [`generate`] writes.
pub const MAX_MB: u64 = 10_000;

/// Writes about `megabytes` MB of text under `dir`, in files of varied
/// sizes spread over subdirectories. The same `seed` and size always give
/// the same files. Returns the number of files written.
pub fn generate(dir: &Path, megabytes: u64, seed: u64) -> Result<usize, GenerateError> {
    if megabytes == 0 || megabytes > MAX_MB {
        return Err(GenerateError::InvalidSize(megabytes));
    }
    let target = megabytes * 1_000_000;
    let mut rng = XorShift(seed | 1);
    let (mut written, mut files) = (0u64, 0usize);
    while written < target {
        // Mostly small files, now and then a large one.
        let size = if rng.next() % 16 == 0 {
            256 * 1024 + rng.next() % (768 * 1024)
        } else {
            1024 + rng.next() % (32 * 1024)
        };
        let size = size.min(target - written);
        let sub = dir.join(format!("part-{:02}", files % 8));
        fs::create_dir_all(&sub)?;
        let mut out =
            io::BufWriter::new(fs::File::create(sub.join(format!("doc-{files:05}.txt")))?);
        let mut len = 0u64;
        while len < size {
            let word = VOCABULARY[zipf_index(&mut rng)];
            let sep = if rng.next() % 12 == 0 { ".\n" } else { " " };
            out.write_all(word.as_bytes())?;
            out.write_all(sep.as_bytes())?;
            len += (word.len() + sep.len()) as u64;
        }
        out.flush()?;
        written += len;
        files += 1;
    }
    Ok(files)
}

/// An index into the vocabulary, small indexes more likely.
fn zipf_index(rng: &mut XorShift) -> usize {
    let n = VOCABULARY.len() as u64;
    let a = rng.next() % n;
    let b = rng.next() % n;
    (a.min(b) * (rng.next() % n) / n.max(1)).min(n - 1) as usize
}

/// A small deterministic generator: the corpus must not depend on a
/// crate's version of a random algorithm.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}
