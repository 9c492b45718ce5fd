//! Parallel file processing over a generated directory of many small and a
//! few large files: `fearless_scoped::files::process_dir` vs a sequential
//! loop vs rayon over the same sorted listing.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

const SMALL: usize = 200;
const SMALL_BYTES: usize = 2 * 1024;
const LARGE: usize = 3;
const LARGE_BYTES: usize = 1024 * 1024;

/// Writes the directory once per bench run (in a temporary directory that
/// is removed afterwards).
fn generate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..SMALL {
        let body: Vec<u8> = (0..SMALL_BYTES).map(|k| (i * 31 + k) as u8).collect();
        fs::write(dir.path().join(format!("small{i:04}.dat")), body).unwrap();
    }
    for i in 0..LARGE {
        let body: Vec<u8> = (0..LARGE_BYTES).map(|k| (i * 17 + k * 7) as u8).collect();
        fs::write(dir.path().join(format!("large{i}.dat")), body).unwrap();
    }
    dir
}

/// The per-file work: a cheap checksum of the contents.
fn checksum(_: &Path, bytes: &[u8]) -> Result<u64, ()> {
    Ok(bytes
        .iter()
        .fold(0u64, |h, &b| h.rotate_left(5) ^ u64::from(b)))
}

fn files(c: &mut Criterion) {
    let dir = generate();
    let mut paths: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let all = |_: &Path| true;

    // What the competitors do by hand: list the directory, sort by path.
    let sorted_listing = |dir: &Path| {
        let mut listed: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        listed.sort();
        listed
    };
    let mut g = c.benchmark_group("files");
    g.throughput(Throughput::Elements((SMALL + LARGE) as u64));
    g.bench_function("sequential", |b| {
        b.iter(|| {
            sorted_listing(dir.path())
                .iter()
                .map(|p| checksum(p, &fs::read(p).unwrap()).unwrap())
                .fold(0, u64::wrapping_add)
        })
    });
    g.bench_function("fearless", |b| {
        b.iter(|| {
            let results = fearless_scoped::files::process_dir(dir.path(), all, checksum).unwrap();
            results
                .iter()
                .map(|(_, r)| *r.as_ref().unwrap())
                .fold(0, u64::wrapping_add)
        })
    });
    g.bench_function("rayon", |b| {
        b.iter(|| {
            sorted_listing(dir.path())
                .par_iter()
                .map(|p| checksum(p, &fs::read(p).unwrap()).unwrap())
                .collect::<Vec<_>>()
                .into_iter()
                .fold(0, u64::wrapping_add)
        })
    });
    g.finish();
    black_box(&paths);
}

// `criterion_group!` generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, files);
}
criterion_main!(group::benches);
