//! The pipeline's memory bound: a file much larger than the read buffers
//! (a sparse 64 MiB file with words in it, one of them 1 MiB long) is
//! counted with the peak RSS growing by far less than the file's size.
//!
//! Its own test binary, so that no other test's allocations run at the
//! same time and move the process's peak.
#![cfg(all(not(loom), target_os = "linux"))]

use fearless::locks::ConfigCell;
use fearless_apps::pipeline::{self, Settings, WordOptions};
use std::fs;
use std::os::unix::fs::FileExt;

/// A `/proc/self/status` field, in KiB (e.g. `VmHWM`, the peak RSS).
fn status_kib(field: &str) -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_file_far_larger_than_the_buffers_is_counted_in_bounded_memory() {
    const SIZE: u64 = 64 << 20;
    const BUFFER: usize = 64 << 10;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    let file = fs::File::create(&path).unwrap();
    // Sparse: zeros (separators) everywhere but where words are written.
    file.set_len(SIZE).unwrap();
    file.write_all_at(b"alpha beta ", 0).unwrap();
    // Straddles two reads of the buffer.
    file.write_all_at(b"gamma", 2 * BUFFER as u64 - 2).unwrap();
    // Longer than a word may be: carried up to the limit, then dropped.
    file.write_all_at(&vec![b'z'; 1 << 20], SIZE / 4).unwrap();
    // Ends the file, with no separator after it.
    file.write_all_at(b" omega", SIZE - 6).unwrap();
    drop(file);

    let settings = Settings {
        buffer_size: BUFFER,
        ..Settings::new(2)
    };
    let options = ConfigCell::new(WordOptions::default());
    // Warm up: the threads, the allocator's arenas and the page cache.
    let warm = pipeline::run_files(&[&path], &settings, &options, None).unwrap();
    // Reset the peak to the current RSS (Linux 4.0 and later); if that is
    // refused, the peak so far includes the warm-up run, so the check below
    // is only stricter.
    let _ = fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmHWM");
    let report = pipeline::run_files(&[&path], &settings, &options, None).unwrap();
    let growth_kib = status_kib("VmHWM").saturating_sub(before);

    assert_eq!(report.bytes, SIZE);
    assert_eq!(report.files_ok, 1);
    assert!(report.counts == warm.counts);
    for word in ["alpha", "beta", "gamma", "omega"] {
        assert_eq!(report.counts.get(word), Some(1), "{word}");
    }
    assert_eq!(report.counts.len(), 4, "the 1 MiB word is not counted");
    // Reading the file whole would add 64 MiB; streaming adds a buffer and
    // a carried word per worker, the word tables and the threads' stacks.
    assert!(
        growth_kib < 16 * 1024,
        "peak RSS grew by {growth_kib} KiB counting a {} MiB file",
        SIZE >> 20
    );
}
