//! The pipeline against its sequential reference and an independent naive
//! count, with small read buffers, edge-case contents, special files and
//! the size cap.
#![cfg(not(loom))]

use fearless::locks::ConfigCell;
use fearless_apps::pipeline::{self, MAX_WORD_LEN, Report, Settings, WordOptions};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The tokenizer's rules, written the obvious way over whole files: runs
/// of ASCII letters, digits and apostrophes, `min_len..=MAX_WORD_LEN`
/// bytes long, folded if asked. Independent of the pipeline's code.
fn naive_count(paths: &[PathBuf], options: &WordOptions) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for path in paths {
        let Ok(text) = fs::read(path) else { continue };
        for word in text.split(|b| !(b.is_ascii_alphanumeric() || *b == b'\'')) {
            if word.len() < options.min_len.max(1) || word.len() > MAX_WORD_LEN {
                continue;
            }
            let mut word = String::from_utf8(word.to_vec()).unwrap();
            if options.lowercase {
                word.make_ascii_lowercase();
            }
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

/// Asserts that two counts are equal, naming the first differences
/// (words cut short: some are 64 KiB long).
#[track_caller]
fn assert_same(got: &HashMap<String, u64>, want: &HashMap<String, u64>, context: &str) {
    let short = |w: &str| format!("{}..({} bytes)", &w[..w.len().min(16)], w.len());
    let mut diffs: Vec<String> = want
        .iter()
        .filter(|(w, n)| got.get(*w) != Some(n))
        .map(|(w, n)| format!("{}: got {:?}, want {n}", short(w), got.get(w)))
        .chain(
            got.iter()
                .filter(|(w, _)| !want.contains_key(*w))
                .map(|(w, n)| format!("{}: got {n}, want none", short(w))),
        )
        .collect();
    diffs.truncate(8);
    assert!(diffs.is_empty(), "{context}: {diffs:?}");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn settings(threads: usize, buffer_size: usize) -> Settings {
    Settings {
        buffer_size,
        ..Settings::new(threads)
    }
}

fn parallel(paths: &[PathBuf], settings: &Settings, options: &WordOptions) -> Report {
    pipeline::run_files(paths, settings, &ConfigCell::new(options.clone()), None).unwrap()
}

#[test]
fn parallel_counts_equal_a_sequential_run() {
    let dir = tempfile::tempdir().unwrap();
    let files = pipeline::generate(dir.path(), 2, 7).unwrap();
    assert!(files > 10);
    let options = WordOptions::default();
    let expected = pipeline::run_sequential(dir.path(), &options).unwrap();
    assert_eq!(
        expected.to_hash_map(),
        naive_count(&files_under(dir.path()), &options)
    );
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
fn small_buffers_and_every_option_count_the_same() {
    let dir = tempfile::tempdir().unwrap();
    pipeline::generate(dir.path(), 1, 3).unwrap();
    // The smallest files of the corpus, about 10 KB: a 2-byte buffer
    // makes a read per two bytes.
    let mut paths = files_under(dir.path());
    paths.sort_by_key(|p| fs::metadata(p).unwrap().len());
    paths.truncate(6);
    for options in [
        WordOptions::default(),
        WordOptions {
            min_len: 1,
            lowercase: false,
        },
        WordOptions {
            min_len: 6,
            lowercase: true,
        },
    ] {
        let expected = naive_count(&paths, &options);
        for buffer in [2, 7, 4096] {
            let reference = pipeline::run_files_sequential(&paths, &settings(1, buffer), &options);
            let context = format!("{options:?} {buffer}");
            assert_same(&reference.counts.to_hash_map(), &expected, &context);
            let report = parallel(&paths, &settings(4, buffer), &options);
            assert_same(&report.counts.to_hash_map(), &expected, &context);
            assert_eq!(report.bytes, reference.bytes);
        }
    }
}

#[test]
fn edge_cases_count_as_the_reference_does() {
    let dir = tempfile::tempdir().unwrap();
    let huge: String = "Fearless".repeat(1250); // 10_000 bytes
    let longest = "w".repeat(MAX_WORD_LEN);
    let too_long = "x".repeat(MAX_WORD_LEN + 1);
    let contents: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("crlf.txt", b"alpha beta\r\nBeta\r\nalpha\r\n".to_vec()),
        (
            "invalid-utf8.bin",
            b"caf\xc3\xa9 gar\xffcon \xfe\xfeword\x80word don't".to_vec(),
        ),
        (
            "huge-word.txt",
            format!("one {huge} two {huge}").into_bytes(),
        ),
        ("no-trailing-separator.txt", b"last words".to_vec()),
        (
            "longest.txt",
            format!("{longest} {too_long} end").into_bytes(),
        ),
        ("only-separators.txt", b" \n\t.,;\r\n\xff ".to_vec()),
        ("nul-bytes.txt", b"\0\0zero\0bytes\0".to_vec()),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &contents {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let options = WordOptions::default();
    let expected = naive_count(&paths, &options);
    assert_eq!(expected[&huge.to_ascii_lowercase()], 2);
    assert_eq!(expected[&longest], 1);
    assert!(!expected.contains_key(&too_long));
    assert_eq!(expected["alpha"], 2);
    assert_eq!(expected["beta"], 2);
    assert_eq!(expected["don't"], 1);
    assert_eq!(expected["word"], 2);
    for buffer in [1, 2, 5, 16, 4096, 1 << 20] {
        let reference = pipeline::run_files_sequential(&paths, &settings(1, buffer), &options);
        assert_same(
            &reference.counts.to_hash_map(),
            &expected,
            &format!("buffer {buffer}"),
        );
        assert_eq!(reference.files_ok, contents.len());
        for threads in [2, 3] {
            let report = parallel(&paths, &settings(threads, buffer), &options);
            assert!(report.counts == reference.counts, "buffer {buffer}");
            assert_eq!(report.files_ok, contents.len());
            let total: usize = contents.iter().map(|(_, b)| b.len()).sum();
            assert_eq!(report.bytes, total as u64);
        }
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
    fs::write(dir.path().join("good.txt"), "alpha beta alpha").unwrap();
    // A dangling symlink and a symlink loop cannot be read, even by root.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(dir.path().join("gone.txt"), dir.path().join("broken.txt")).unwrap();
        symlink(dir.path().join("loop-b"), dir.path().join("loop-a")).unwrap();
        symlink(dir.path().join("loop-a"), dir.path().join("loop-b")).unwrap();
    }
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
    {
        let failed: Vec<_> = report
            .failed
            .iter()
            .map(|(p, _)| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(
            failed,
            ["broken.txt", "loop-a", "loop-b"],
            "{:?}",
            report.failed
        );
    }
    assert_eq!(report.top(1), vec![("alpha", 2)]);
}

/// Files that are not regular files on a real filesystem are refused
/// without being read, with the reason: a device that never ends, the
/// endless `/proc/self/pagemap` (which claims size 0), `/proc/self/status`,
/// and a FIFO, which would block the open.
#[cfg(target_os = "linux")]
#[test]
fn special_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "alpha beta").unwrap();
    let mut paths = vec![
        good,
        PathBuf::from("/dev/zero"),
        PathBuf::from("/proc/self/pagemap"),
        PathBuf::from("/proc/self/status"),
    ];
    let fifo = dir.path().join("fifo");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made_fifo {
        paths.push(fifo);
    }
    for report in [
        parallel(&paths, &Settings::new(2), &WordOptions::default()),
        pipeline::run_files_sequential(&paths, &Settings::new(1), &WordOptions::default()),
    ] {
        assert_eq!(report.files_ok, 1);
        assert_eq!(report.counts.len(), 2);
        assert_eq!(report.failed.len(), paths.len() - 1, "{:?}", report.failed);
        let why: HashMap<_, _> = report.failed.iter().cloned().collect();
        assert!(why[Path::new("/dev/zero")].contains("character device"));
        assert!(why[Path::new("/proc/self/pagemap")].contains("pseudo-filesystem proc"));
        assert!(why[Path::new("/proc/self/status")].contains("pseudo-filesystem proc"));
        if made_fifo {
            assert!(why[&dir.path().join("fifo")].contains("FIFO"));
        }
    }
}

#[test]
fn files_above_the_size_cap_are_reported_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.txt");
    let exact = dir.path().join("exact.txt");
    let large = dir.path().join("large.txt");
    fs::write(&small, "tiny words").unwrap();
    fs::write(&exact, "x".repeat(9) + " tenth").unwrap(); // 15 bytes
    fs::write(&large, "sixteen bytes!!!").unwrap();
    let paths = [small, exact, large.clone()];
    let capped = Settings {
        max_file_size: Some(15),
        ..settings(2, 4)
    };
    for report in [
        parallel(&paths, &capped, &WordOptions::default()),
        pipeline::run_files_sequential(&paths, &capped, &WordOptions::default()),
    ] {
        assert_eq!(report.files_ok, 2);
        assert_eq!(report.failed.len(), 1);
        assert_eq!(report.failed[0].0, large);
        assert!(
            report.failed[0].1.contains("cap of 15 bytes"),
            "{:?}",
            report.failed
        );
        assert_eq!(report.counts.get("sixteen"), None);
        assert_eq!(report.counts["tenth"], 1);
        assert_eq!(report.bytes, 10 + 15);
    }
}

#[test]
fn zero_threads_and_a_missing_directory_are_errors() {
    let options = ConfigCell::new(WordOptions::default());
    let dir = tempfile::tempdir().unwrap();
    assert!(pipeline::run(dir.path(), 0, &options, None).is_err());
    assert!(pipeline::run(&dir.path().join("nope"), 2, &options, None).is_err());
}
