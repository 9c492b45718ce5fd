//! The pipeline whole, at the size of a small real run: 4 workers
//! streaming 20 small files through 8-byte buffers (so words cross buffer
//! boundaries) into their own word tables, which are then merged shard by
//! shard in parallel. The application code is the example's, unchanged:
//! `run_files` against `run_files_sequential`. Too large for loom (which
//! has no scoped threads anyway), so a shuttle model (`cargo xtask shuttle
//! -p fearless-apps pipeline_model`), and a plain test on real threads
//! without a checker.
//!
//! The files are real: written once before the model starts and only read
//! inside it, so every execution sees the same bytes and a printed
//! schedule replays exactly.
#![cfg(any(shuttle, not(loom)))]

use fearless::locks::ConfigCell;
use fearless::scoped::files::Progress;
use fearless::sync::{Mutex, thread};
use fearless_apps::pipeline::{self, Settings, WordOptions};
use std::fs;
use std::path::PathBuf;

/// Executions in which more than one thread counted files. A plain
/// atomic, outside the checker: it is not a model's state, only a tally
/// that survives from one execution to the next.
static SPREAD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

const FILES: usize = 20;
const WORKERS: usize = 4;

/// Words shared between files (so the workers' tables overlap and the
/// merge adds counts), with mixed case (folded by the default options) and
/// lengths around the buffer size.
const WORDS: [&str; 7] = [
    "fearless",
    "Model",
    "thread",
    "interleaving",
    "a",
    "SHUTTLE",
    "boundary's",
];

/// 20 files, each a different mix of the shared words and one word of its
/// own; file 0 is empty.
fn write_files(dir: &std::path::Path) -> Vec<PathBuf> {
    (0..FILES)
        .map(|i| {
            let mut text = String::new();
            for j in 0..i % 6 {
                text.push_str(WORDS[(i + j) % WORDS.len()]);
                text.push_str(if j % 2 == 0 { " " } else { ",\n" });
            }
            if i > 0 {
                text.push_str(&format!("file{i}"));
            }
            let path = dir.join(format!("f{i:02}.txt"));
            fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

#[test]
fn four_workers_over_twenty_files_count_like_the_sequential_run() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_files(dir.path());
    fearless::model(move || {
        // Keeps the directory alive for as long as the model runs.
        let _dir = &dir;
        let settings = Settings {
            buffer_size: 8,
            ..Settings::new(WORKERS)
        };
        let options = WordOptions::default();
        let reference = pipeline::run_files_sequential(&paths, &settings, &options);
        let cell = ConfigCell::new(options);
        // The threads that finished a file.
        let counters = Mutex::new(Vec::new());
        let note = |_: Progress| {
            let me = thread::current().id();
            let mut counters = counters.lock().unwrap();
            if !counters.contains(&me) {
                counters.push(me);
            }
        };
        let report = pipeline::run_files(&paths, &settings, &cell, Some(&note)).unwrap();
        let counters = counters.into_inner().unwrap().len();
        assert!(
            counters <= WORKERS,
            "{counters} threads for {WORKERS} workers"
        );
        if counters >= 2 {
            SPREAD.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        assert!(reference.failed.is_empty(), "{:?}", reference.failed);
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.files_ok, FILES, "every file counted once");
        assert_eq!(report.bytes, reference.bytes, "every byte read once");
        assert_eq!(
            report.counts.to_hash_map(),
            reference.counts.to_hash_map(),
            "the parallel counts equal the sequential reference"
        );
        assert_eq!(reference.counts.get("fearless"), Some(6));
    });
    if cfg!(loom) {
        // Under the checkers the inline probe always hands 16 files over
        // (its threshold is 1 ns); the caller, one of the 4 workers, may
        // still claim them all before a helper runs, but not in every
        // execution.
        assert!(
            SPREAD.load(std::sync::atomic::Ordering::Relaxed) > 0,
            "no execution counted files on more than one thread"
        );
    }
}
