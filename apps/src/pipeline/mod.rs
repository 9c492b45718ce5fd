//! `pipeline`: parallel data processing over a directory.
//!
//! Every file under a directory is read by fearless-scoped's file
//! processing (one file per worker in memory at a time, results in path
//! order), tokenized into words, and counted; the per-file counts are then
//! merged and the top words reported with the throughput. The options live
//! in a fearless-locks `ConfigCell`, read once per file, so another thread
//! could change them mid-run without a lock on the read path.

mod corpus;
mod tokenize;

pub use corpus::{GenerateError, generate};
pub use tokenize::{WordOptions, count_words};

use fearless::locks::ConfigCell;
use fearless::scoped::files::{FileError, FileProcessor, Progress};
use fearless::scoped::{ConfigError, Parallel};
use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a run found.
#[derive(Debug)]
pub struct Report {
    /// Word counts over every file that was read.
    pub counts: HashMap<String, u64>,
    /// Files read and counted.
    pub files_ok: usize,
    /// Files that could not be read, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Bytes read.
    pub bytes: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Report {
    /// The `n` most frequent words, most frequent first (ties by word).
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.counts.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// Megabytes (10^6 bytes) read per second.
    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Why a run could not start.
#[derive(Debug)]
pub enum PipelineError {
    /// The thread count is invalid (zero).
    Config(ConfigError),
    /// The directory itself could not be listed.
    Dir(io::Error),
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(e) => write!(f, "invalid configuration: {e}"),
            Self::Dir(e) => write!(f, "could not list the directory: {e}"),
        }
    }
}

impl std::error::Error for PipelineError {}

/// Counts the words of every file under `dir` (recursively) on `threads`
/// workers, with the options in `options`; `progress` is called as files
/// finish. Unreadable files are reported in [`Report::failed`], never a
/// crash.
pub fn run(
    dir: &Path,
    threads: usize,
    options: &ConfigCell<WordOptions>,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, PipelineError> {
    let start = Instant::now();
    let parallel = Parallel::builder()
        .threads(threads)
        .build()
        .map_err(PipelineError::Config)?;
    let mut processor = FileProcessor::new().parallel(parallel).recursive(true);
    if let Some(p) = progress {
        processor = processor.progress(p);
    }
    let results = processor
        .process_dir(
            dir,
            |_| true,
            |_, bytes| {
                let opts = options.load();
                Ok::<_, Infallible>((count_words(bytes, &opts), bytes.len() as u64))
            },
        )
        .map_err(PipelineError::Dir)?;
    let mut report = Report {
        counts: HashMap::new(),
        files_ok: 0,
        failed: Vec::new(),
        bytes: 0,
        elapsed: Duration::ZERO,
    };
    for (path, result) in results {
        match result {
            Ok((counts, bytes)) => {
                report.files_ok += 1;
                report.bytes += bytes;
                merge(&mut report.counts, counts);
            }
            Err(FileError::Read(e)) => report.failed.push((path, e.to_string())),
            Err(other) => report.failed.push((path, format!("{other:?}"))),
        }
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The same count on the calling thread, file by file: the reference the
/// parallel run must equal.
pub fn run_sequential(dir: &Path, options: &WordOptions) -> io::Result<HashMap<String, u64>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut total = HashMap::new();
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            merge(&mut total, count_words(&bytes, options));
        }
    }
    Ok(total)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let _ = collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn merge(into: &mut HashMap<String, u64>, from: HashMap<String, u64>) {
    for (word, n) in from {
        *into.entry(word).or_insert(0) += n;
    }
}
