//! File processing over a generated directory with unreadable and missing
//! entries.
//!
//! The tests run as root in CI, where `chmod 000` does not make a file
//! unreadable; "unreadable" is simulated with entries that cannot be read
//! as files whoever you are: a directory where a file is expected and a
//! dangling symlink. (A FIFO would also do, and is refused without being
//! opened, but creating one needs `mkfifo`, so it is not used here.)
#![cfg(not(loom))]

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fearless_scoped::files::{self, FileError, FileProcessor, Progress};
use fearless_scoped::{ItemPanic, Parallel};

/// `count` files named `f0000..` with contents `"<i>\n"` repeated `i % 7`
/// times, plus a subdirectory `sub/` with two files.
fn generate(count: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (0..count)
        .map(|i| {
            let p = dir.path().join(format!("f{i:04}.txt"));
            fs::write(&p, format!("{i}\n").repeat(i % 7)).unwrap();
            p
        })
        .collect();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/s1.txt"), "x\n").unwrap();
    fs::write(dir.path().join("sub/s2.txt"), "y\ny\n").unwrap();
    (dir, paths)
}

fn lines(_: &Path, bytes: &[u8]) -> Result<usize, String> {
    Ok(bytes.iter().filter(|&&b| b == b'\n').count())
}

fn configs() -> Vec<Parallel<'static>> {
    let mut out = vec![Parallel::new()];
    for threads in [1, 2, 4] {
        out.push(
            Parallel::builder()
                .threads(threads)
                .inline_threshold(Duration::ZERO)
                .build()
                .unwrap(),
        );
    }
    out
}

#[test]
#[cfg_attr(miri, ignore)]
fn bad_entries_are_error_entries_and_the_rest_is_processed_in_order() {
    let (dir, good) = generate(60);
    let missing = dir.path().join("missing.txt");
    let a_directory = dir.path().join("sub");
    let mut paths = good.clone();
    paths.insert(10, missing);
    paths.insert(30, a_directory);
    for par in configs() {
        let results = FileProcessor::new()
            .parallel(par)
            .process_files(&paths, lines);
        assert_eq!(results.len(), paths.len());
        for (i, r) in results.iter().enumerate() {
            match i {
                10 => assert!(
                    matches!(r, Err(FileError::Read(e)) if e.kind() == std::io::ErrorKind::NotFound)
                ),
                30 => assert!(matches!(r, Err(FileError::Read(_)))),
                _ => {
                    let n: usize = paths[i]
                        .file_stem()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .trim_start_matches('f')
                        .parse()
                        .unwrap();
                    assert_eq!(r.as_ref().unwrap(), &(n % 7), "{par:?} file {i}");
                }
            }
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
#[cfg(unix)]
fn process_dir_lists_sorted_and_reports_a_dangling_symlink() {
    let (dir, good) = generate(25);
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling.txt"))
        .unwrap();
    let txt = |p: &Path| p.extension().is_some_and(|e| e == "txt");

    let flat = files::process_dir(dir.path(), txt, lines).unwrap();
    let names: Vec<PathBuf> = flat.iter().map(|(p, _)| p.clone()).collect();
    let mut expected: Vec<PathBuf> = good.clone();
    expected.push(dir.path().join("dangling.txt"));
    expected.sort();
    assert_eq!(names, expected);
    for (path, result) in &flat {
        if path.ends_with("dangling.txt") {
            assert!(matches!(result, Err(FileError::Read(_))));
        } else {
            assert!(result.is_ok());
        }
    }

    let deep = FileProcessor::new()
        .recursive(true)
        .process_dir(dir.path(), txt, lines)
        .unwrap();
    assert_eq!(deep.len(), flat.len() + 2);
    let sub: Vec<_> = deep
        .iter()
        .filter(|(p, _)| p.starts_with(dir.path().join("sub")))
        .map(|(_, r)| *r.as_ref().unwrap())
        .collect();
    assert_eq!(sub, [1, 2]);
    let mut sorted = deep.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    sorted.sort();
    assert_eq!(
        sorted,
        deep.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
    );

    assert!(files::process_dir(dir.path().join("absent"), txt, lines).is_err());
}

#[test]
#[cfg_attr(miri, ignore)]
fn progress_counts_every_file_and_byte() {
    let (dir, good) = generate(80);
    let mut paths = good.clone();
    paths.push(dir.path().join("missing"));
    let total_bytes: u64 = good.iter().map(|p| fs::metadata(p).unwrap().len()).sum();
    let seen = Mutex::new(Vec::new());
    let report = |p: Progress| seen.lock().unwrap().push(p);
    for par in configs() {
        seen.lock().unwrap().clear();
        let results = FileProcessor::new()
            .parallel(par)
            .progress(&report)
            .process_files(&paths, lines);
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), paths.len());
        // Every count from 1 to n is reported exactly once.
        let counts: HashSet<usize> = seen.iter().map(|p| p.files_done).collect();
        assert_eq!(counts, (1..=paths.len()).collect());
        assert!(seen.iter().all(|p| p.files_total == paths.len()));
        assert_eq!(seen.iter().map(|p| p.bytes_done).max(), Some(total_bytes));
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn stop_on_error_skips_the_files_not_started() {
    let (_dir, good) = generate(200);
    let started = AtomicUsize::new(0);
    for par in configs() {
        started.store(0, Ordering::Relaxed);
        let results = FileProcessor::new()
            .parallel(par)
            .stop_on_error(true)
            .process_files(&good, |path, bytes| {
                started.fetch_add(1, Ordering::Relaxed);
                if path.ends_with("f0050.txt") {
                    Err(String::from("refused"))
                } else {
                    lines(path, bytes)
                }
            });
        assert_eq!(results.len(), good.len());
        assert!(matches!(&results[50], Err(FileError::Process(e)) if e == "refused"));
        let skipped = results
            .iter()
            .filter(|r| matches!(r, Err(FileError::Skipped)))
            .count();
        // Every file is either processed or skipped, never both.
        assert_eq!(started.load(Ordering::Relaxed) + skipped, good.len());
        // Without stop_on_error nothing is skipped.
        let all = FileProcessor::new()
            .parallel(par)
            .process_files(&good, |p, b| {
                if p.ends_with("f0050.txt") {
                    Err(String::new())
                } else {
                    lines(p, b)
                }
            });
        assert_eq!(all.iter().filter(|r| r.is_err()).count(), 1);
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_panicking_file_is_reported_by_index() {
    let (_dir, good) = generate(40);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for par in configs() {
        let payload = std::panic::catch_unwind(|| {
            FileProcessor::new()
                .parallel(par)
                .process_files(&good, |p, b| {
                    assert!(!p.ends_with("f0017.txt"), "cannot handle 17");
                    lines(p, b)
                })
        })
        .unwrap_err();
        assert_eq!(payload.downcast::<ItemPanic>().unwrap().index, 17);
    }
    std::panic::set_hook(hook);
}
