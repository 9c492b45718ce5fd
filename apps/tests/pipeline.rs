//! The pipeline against a sequential run, and with unreadable files.
#![cfg(not(loom))]

use fearless::locks::ConfigCell;
use fearless_apps::pipeline::{self, WordOptions};

#[test]
fn parallel_counts_equal_a_sequential_run() {
    let dir = tempfile::tempdir().unwrap();
    let files = pipeline::generate(dir.path(), 2, 7).unwrap();
    assert!(files > 10);
    let options = WordOptions::default();
    let expected = pipeline::run_sequential(dir.path(), &options).unwrap();
    for threads in [1, 2, 4] {
        let report =
            pipeline::run(dir.path(), threads, &ConfigCell::new(options.clone()), None).unwrap();
        assert_eq!(report.counts, expected, "threads = {threads}");
        assert_eq!(report.files_ok, files);
        assert!(report.failed.is_empty());
        assert!(report.bytes >= 2_000_000);
    }
}

#[test]
fn generated_corpus_is_reproducible() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pipeline::generate(a.path(), 1, 99).unwrap();
    pipeline::generate(b.path(), 1, 99).unwrap();
    let options = WordOptions::default();
    assert_eq!(
        pipeline::run_sequential(a.path(), &options).unwrap(),
        pipeline::run_sequential(b.path(), &options).unwrap()
    );
    assert!(
        pipeline::generate(a.path(), 0, 1).is_err(),
        "a zero size is an error"
    );
}

#[test]
fn unreadable_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "alpha beta alpha").unwrap();
    // A dangling symlink cannot be read, even by root.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("broken.txt")).unwrap();
    let report = pipeline::run(
        dir.path(),
        2,
        &ConfigCell::new(WordOptions::default()),
        None,
    )
    .unwrap();
    assert_eq!(report.files_ok, 1);
    assert_eq!(report.counts["alpha"], 2);
    #[cfg(unix)]
    assert_eq!(report.failed.len(), 1, "{:?}", report.failed);
    assert_eq!(report.top(1), vec![("alpha", 2)]);
}

#[test]
fn zero_threads_and_a_missing_directory_are_errors() {
    let options = ConfigCell::new(WordOptions::default());
    let dir = tempfile::tempdir().unwrap();
    assert!(pipeline::run(dir.path(), 0, &options, None).is_err());
    assert!(pipeline::run(&dir.path().join("nope"), 2, &options, None).is_err());
}
