//! `pipeline`: parallel data processing over a directory.
//!
//! Every file under a directory is streamed by fearless-scoped's file
//! processing through a fixed-size buffer per worker (never a whole file in
//! memory, see [`Settings`]), cut into words, and counted into the
//! worker's own hash table (a word already seen allocates nothing); the
//! workers' tables are then merged shard by shard in parallel and the top
//! words reported with the throughput. The options live in a
//! fearless-locks `ConfigCell`, read once per file, so another thread could
//! change them mid-run without a lock on the read path.
//!
//! [`run_files`] (the parallel count over given paths, on a given number of
//! workers) and [`run_files_sequential`] (the same count on the calling
//! thread) are the two halves a model or a test compares.
//!
//! Models: `tests/pipeline_model.rs` (shuttle: 4 workers over 20 files
//! against the sequential run).

mod corpus;
mod counts;
mod tokenize;

pub use corpus::{GenerateError, generate};
pub use counts::WordCounts;
pub use tokenize::{MAX_WORD_LEN, WordOptions, count_words};

use counts::WordHasher;
use fearless::locks::ConfigCell;
use fearless::scoped::files::{
    DEFAULT_BUFFER_SIZE, FileChunks, FileError, FileProcessor, Progress,
};
use fearless::scoped::{ConfigError, Parallel};
use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokenize::Tally;

/// What a run found.
#[derive(Debug)]
pub struct Report {
    /// Word counts over every file that was read.
    pub counts: WordCounts,
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
        self.counts.top(n)
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

/// How a run reads: workers, read buffer, size cap.
///
/// Memory: each worker holds one read buffer of `buffer_size` bytes, one
/// word carried across a buffer boundary (at most [`MAX_WORD_LEN`] bytes)
/// and its word table (which grows with the distinct words, not with the
/// file sizes); no file is ever held whole. So a run adds about
/// `threads x (buffer_size + MAX_WORD_LEN)` bytes plus the tables,
/// whatever the size of its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Worker threads (0 is an error).
    pub threads: usize,
    /// Each worker's read buffer, in bytes (default 64 KiB).
    pub buffer_size: usize,
    /// Files larger than this many bytes are reported and not counted
    /// (default: no cap).
    pub max_file_size: Option<u64>,
}

impl Settings {
    /// `threads` workers, the default buffer and no size cap.
    pub fn new(threads: usize) -> Self {
        Self {
            threads,
            buffer_size: DEFAULT_BUFFER_SIZE,
            max_file_size: None,
        }
    }
}

/// Counts the words of every file under `dir` (recursively) on `threads`
/// workers, with the options in `options`; `progress` is called as files
/// finish. Unreadable files are reported in [`Report::failed`], never a
/// crash. [`run_dir`] with [`Settings::new`]`(threads)`.
pub fn run(
    dir: &Path,
    threads: usize,
    options: &ConfigCell<WordOptions>,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, PipelineError> {
    run_dir(dir, &Settings::new(threads), options, progress)
}

/// Counts the words of every file under `dir` (recursively) as `settings`
/// say. Symlinks to directories are not followed; subdirectories that
/// cannot be listed, unreadable files, non-regular files (FIFOs, devices,
/// sockets), files on pseudo-filesystems such as `/proc` and files above
/// the size cap are reported in [`Report::failed`] with the reason.
pub fn run_dir(
    dir: &Path,
    settings: &Settings,
    options: &ConfigCell<WordOptions>,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, PipelineError> {
    let start = Instant::now();
    let listed = FileProcessor::new()
        .recursive(true)
        .list_dir(dir, |_| true)
        .map_err(PipelineError::Dir)?;
    let mut unlisted = Vec::new();
    let mut files = Vec::with_capacity(listed.len());
    for (path, error) in listed {
        match error {
            Some(e) => unlisted.push((path, e.to_string())),
            None => files.push(path),
        }
    }
    let mut report = run_files(&files, settings, options, progress)?;
    report.failed.extend(unlisted);
    report.failed.sort_by(|a, b| a.0.cmp(&b.0));
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Counts the words of `paths` on `settings.threads` workers: the parallel
/// count itself. Each worker streams its files through its own buffer into
/// its own word table; the tables are then merged shard by shard in
/// parallel. The counts equal [`run_files_sequential`]'s.
pub fn run_files<P: AsRef<Path> + Sync>(
    paths: &[P],
    settings: &Settings,
    options: &ConfigCell<WordOptions>,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, PipelineError> {
    let start = Instant::now();
    let parallel = Parallel::builder()
        .threads(settings.threads)
        .build()
        .map_err(PipelineError::Config)?;
    let mut processor = processor(settings, parallel);
    if let Some(p) = progress {
        processor = processor.progress(p);
    }
    // One hasher for every worker's table, so that they merge by hash.
    let family = WordCounts::with_hasher(WordHasher::default());
    let streamed = processor.stream_files(
        paths,
        || Tally::new(family.sibling()),
        |tally, _, chunks| Ok::<_, Infallible>(count_file(tally, &options.load(), chunks)),
    );
    let tables = streamed
        .states
        .into_iter()
        .map(Tally::into_counts)
        .collect();
    let counts = WordCounts::merge_all(tables, &parallel);
    Ok(summarize(paths, streamed.results, counts, start))
}

/// The same count on the calling thread, with the same reading rules and
/// no worker thread: the reference the parallel run must equal, and the
/// baseline of its speed-up. Files that cannot be read are reported as in
/// the parallel run.
pub fn run_files_sequential<P: AsRef<Path> + Sync>(
    paths: &[P],
    settings: &Settings,
    options: &WordOptions,
) -> Report {
    let start = Instant::now();
    // One thread: the run never leaves the calling thread.
    let one = Parallel::builder()
        .threads(1)
        .build()
        .expect("one thread is a valid configuration");
    let streamed = processor(settings, one).stream_files(
        paths,
        || Tally::new(WordCounts::new()),
        |tally, _, chunks| Ok::<_, Infallible>(count_file(tally, options, chunks)),
    );
    let counts = streamed
        .states
        .into_iter()
        .next()
        .map_or_else(WordCounts::new, Tally::into_counts);
    summarize(paths, streamed.results, counts, start)
}

/// The sequential reference over a directory: every file under `dir`,
/// listed as [`run_dir`] lists them, counted by [`run_files_sequential`]
/// with the default buffer.
pub fn run_sequential(dir: &Path, options: &WordOptions) -> io::Result<WordCounts> {
    let listed = FileProcessor::new()
        .recursive(true)
        .list_dir(dir, |_| true)?;
    let files: Vec<PathBuf> = listed
        .into_iter()
        .filter(|(_, e)| e.is_none())
        .map(|(p, _)| p)
        .collect();
    Ok(run_files_sequential(&files, &Settings::new(1), options).counts)
}

/// The file processor of a run.
fn processor<'a>(settings: &Settings, parallel: Parallel<'a>) -> FileProcessor<'a> {
    FileProcessor::new()
        .parallel(parallel)
        .buffer_size(settings.buffer_size)
        .max_file_size(settings.max_file_size)
}

/// Feeds one file's pieces to the tokenizer; returns the bytes read.
fn count_file(tally: &mut Tally, options: &WordOptions, chunks: &mut FileChunks<'_>) -> u64 {
    let mut words = tally.file(options);
    while let Some(piece) = chunks.next_chunk() {
        words.feed(piece);
    }
    words.finish();
    chunks.bytes_read()
}

/// The report of a run from its per-file results (the bytes each read).
fn summarize<P: AsRef<Path>>(
    paths: &[P],
    results: Vec<Result<u64, FileError<Infallible>>>,
    counts: WordCounts,
    start: Instant,
) -> Report {
    let mut report = Report {
        counts,
        files_ok: 0,
        failed: Vec::new(),
        bytes: 0,
        elapsed: Duration::ZERO,
    };
    for (path, result) in paths.iter().zip(results) {
        match result {
            Ok(bytes) => {
                report.files_ok += 1;
                report.bytes += bytes;
            }
            Err(FileError::Read(e)) => report
                .failed
                .push((path.as_ref().to_path_buf(), e.to_string())),
            Err(other) => report
                .failed
                .push((path.as_ref().to_path_buf(), other.to_string())),
        }
    }
    report.elapsed = start.elapsed();
    report
}
