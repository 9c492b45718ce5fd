//! The pipeline's word count against what a Rust user would write instead
//! (walkdir + rayon + hashbrown with a fast hasher, words borrowed as byte
//! slices until they are new, the same tokenizer rules) and against its own
//! sequential reference, in one run on a generated ~40 MB corpus in a
//! temporary directory (page cache warm: it was just written and read).
//!
//! Group `pipeline_words`: the three counts over the corpus (throughput in
//! bytes). Group `pipeline_hasher`: one thread counting the corpus, held in
//! memory, into a hashbrown map per hasher (foldhash, ahash, rustc-hash's
//! FxHash): the measurement behind the pipeline's choice of hasher.
//!
//! Then, with `--bench` (not under `cargo test --benches`) and a filter
//! that selects `pipeline_interleaved` (or none), the same variants run
//! again interleaved, in rotating order, for
//! `PIPELINE_BENCH_ROUNDS` rounds (default 15), and the per-round ratios are
//! printed (median, quartiles): on a shared machine, load that drifts
//! between criterion's back-to-back groups cancels out of them. Each
//! round also records the process's CPU time per variant: the CPU-time
//! ratio of the sequential reference to the pipeline is the parallel
//! efficiency (1.0: the workers do no more work in total than one thread
//! does alone), which still holds when a loaded machine gives the process
//! no second core and the wall-time speed-up cannot show.
//!
//! `cargo xtask bench -p fearless-apps` (or `cargo bench -p fearless-apps
//! --bench pipeline`); `PIPELINE_BENCH_MB` changes the corpus size.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fearless::locks::ConfigCell;
use fearless_apps::pipeline::{self, MAX_WORD_LEN, Settings, WordOptions};
use fearless_bench_support::stats::Summary;
use hashbrown::HashMap;
use rayon::prelude::*;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Word -> count, words owned as bytes.
type Counts<S> = HashMap<Box<[u8]>, u64, S>;

/// A word byte, as the pipeline's tokenizer defines it.
fn is_word_byte(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || *b == b'\''
}

/// Counts the words of `text` into `counts`, folding into `scratch`: the
/// natural hand-written loop (split on separators, fold a copy, look the
/// word up borrowed, own it only when new).
fn count_into<S: BuildHasher>(
    text: &[u8],
    options: &WordOptions,
    counts: &mut Counts<S>,
    scratch: &mut Vec<u8>,
) {
    for word in text.split(|b| !is_word_byte(b)) {
        if word.len() < options.min_len.max(1) || word.len() > MAX_WORD_LEN {
            continue;
        }
        let word = if options.lowercase {
            scratch.clear();
            scratch.extend_from_slice(word);
            scratch.make_ascii_lowercase();
            &scratch[..]
        } else {
            word
        };
        *counts.entry_ref(word).or_insert(0) += 1;
    }
}

/// What a Rust user would write: walkdir lists, rayon reads and counts
/// each file whole (a map per rayon fold), and the maps are reduced.
fn walkdir_rayon(dir: &Path, options: &WordOptions) -> Counts<foldhash::fast::RandomState> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let hasher = foldhash::fast::RandomState::default();
    files
        .par_iter()
        .fold(
            || (Counts::with_hasher(hasher.clone()), Vec::new()),
            |(mut counts, mut scratch), path| {
                if let Ok(text) = std::fs::read(path) {
                    count_into(&text, options, &mut counts, &mut scratch);
                }
                (counts, scratch)
            },
        )
        .map(|(counts, _)| counts)
        .reduce(
            || Counts::with_hasher(hasher.clone()),
            |a, b| {
                let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (word, n) in from {
                    *into.entry(word).or_insert(0) += n;
                }
                into
            },
        )
}

/// The sequential reference, listing the directory first as the pipeline
/// and walkdir variants do.
fn run_sequential_listed(
    dir: &Path,
    settings: &Settings,
    options: &WordOptions,
) -> pipeline::Report {
    let listed = fearless::scoped::files::FileProcessor::new()
        .recursive(true)
        .list_dir(dir, |_| true)
        .expect("lists");
    let paths: Vec<PathBuf> = listed.into_iter().map(|(p, _)| p).collect();
    pipeline::run_files_sequential(&paths, settings, options)
}

/// One thread counting the in-memory corpus with hasher `S`.
fn count_in_memory<S: BuildHasher + Default>(texts: &[Vec<u8>], options: &WordOptions) -> usize {
    let mut counts = Counts::<S>::default();
    let mut scratch = Vec::new();
    for text in texts {
        count_into(text, options, &mut counts, &mut scratch);
    }
    counts.len()
}

fn pipeline_benches(c: &mut Criterion) {
    let megabytes = std::env::var("PIPELINE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().expect("a temporary directory");
    pipeline::generate(dir.path(), megabytes, 42).expect("the corpus is written");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options = WordOptions::default();
    let cell = ConfigCell::new(options.clone());
    let settings = Settings::new(threads);

    // Warm the page cache, and check that the three counts agree before
    // timing them.
    let listed: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let texts: Vec<Vec<u8>> = listed
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file"))
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let parallel =
        pipeline::run_dir(dir.path(), &settings, &cell, None).expect("the pipeline runs");
    let sequential = pipeline::run_files_sequential(&listed, &settings, &options);
    let theirs = walkdir_rayon(dir.path(), &options);
    assert_eq!(parallel.counts, sequential.counts);
    assert_eq!(parallel.bytes, bytes);
    assert_eq!(theirs.len(), parallel.counts.len());
    for (word, n) in &theirs {
        let word = std::str::from_utf8(word).expect("ASCII words");
        assert_eq!(parallel.counts.get(word), Some(*n), "{word}");
    }

    let mut group = c.benchmark_group("pipeline_words");
    group
        .throughput(Throughput::Bytes(bytes))
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    let param = format!("{megabytes}MB");
    group.bench_with_input(
        BenchmarkId::new("fearless_pipeline", &param),
        &(),
        |b, ()| b.iter(|| pipeline::run_dir(dir.path(), &settings, &cell, None).expect("runs")),
    );
    group.bench_with_input(
        BenchmarkId::new("walkdir_rayon_hashbrown", &param),
        &(),
        |b, ()| b.iter(|| walkdir_rayon(dir.path(), &options)),
    );
    group.bench_with_input(
        BenchmarkId::new("fearless_sequential", &param),
        &(),
        |b, ()| b.iter(|| run_sequential_listed(dir.path(), &settings, &options)),
    );
    group.finish();

    let mut group = c.benchmark_group("pipeline_hasher");
    group
        .throughput(Throughput::Bytes(bytes))
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    group.bench_with_input(BenchmarkId::new("foldhash", &param), &(), |b, ()| {
        b.iter(|| count_in_memory::<foldhash::fast::RandomState>(&texts, &options))
    });
    group.bench_with_input(BenchmarkId::new("ahash", &param), &(), |b, ()| {
        b.iter(|| count_in_memory::<ahash::RandomState>(&texts, &options))
    });
    group.bench_with_input(BenchmarkId::new("rustc_hash", &param), &(), |b, ()| {
        b.iter(|| count_in_memory::<rustc_hash::FxBuildHasher>(&texts, &options))
    });
    group.finish();

    // The interleaved rounds run with `--bench` when the filter selects
    // `pipeline_interleaved` (no filter does): `cargo xtask bench --quick`
    // filters on `pipeline_words/` and skips them.
    let cli = fearless_bench_support::args::parse(std::env::args().skip(1), |_, _| Ok(false))
        .unwrap_or_default();
    if cli.bench
        && fearless_bench_support::args::selected("pipeline_interleaved", cli.filter.as_deref())
    {
        let rounds = std::env::var("PIPELINE_BENCH_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(15);
        let words: [(&str, &dyn Fn()); 3] = [
            ("pipeline", &|| {
                pipeline::run_dir(dir.path(), &settings, &cell, None).expect("runs");
            }),
            ("walkdir_rayon", &|| {
                walkdir_rayon(dir.path(), &options);
            }),
            ("sequential", &|| {
                run_sequential_listed(dir.path(), &settings, &options);
            }),
        ];
        let hashers: [(&str, &dyn Fn()); 3] = [
            ("foldhash", &|| {
                count_in_memory::<foldhash::fast::RandomState>(&texts, &options);
            }),
            ("ahash", &|| {
                count_in_memory::<ahash::RandomState>(&texts, &options);
            }),
            ("rustc_hash", &|| {
                count_in_memory::<rustc_hash::FxBuildHasher>(&texts, &options);
            }),
        ];
        println!(
            "\npipeline, interleaved: {rounds} rounds, {megabytes} MB, {threads} threads, \
             load average {}",
            fearless_bench_support::load_average()
        );
        let w = interleave(&words, rounds);
        report("throughput, pipeline / walkdir_rayon", &w, |r| {
            r.wall[1] / r.wall[0]
        });
        report("speed-up, pipeline over sequential (wall)", &w, |r| {
            r.wall[2] / r.wall[0]
        });
        report("efficiency, CPU time sequential / pipeline", &w, |r| {
            r.cpu[2] / r.cpu[0]
        });
        report("CPU time, walkdir_rayon / pipeline", &w, |r| {
            r.cpu[1] / r.cpu[0]
        });
        let h = interleave(&hashers, rounds);
        report("hasher time, ahash / foldhash", &h, |r| {
            r.wall[1] / r.wall[0]
        });
        report("hasher time, rustc_hash / foldhash", &h, |r| {
            r.wall[2] / r.wall[0]
        });
    }
}

/// One round's wall and CPU seconds per variant.
struct Round {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

/// Runs `variants` `rounds` times, interleaved, starting each round at the
/// next variant so that none always runs first.
fn interleave(variants: &[(&str, &dyn Fn())], rounds: usize) -> Vec<Round> {
    let n = variants.len();
    (0..rounds)
        .map(|round| {
            let mut r = Round {
                wall: vec![0.0; n],
                cpu: vec![0.0; n],
            };
            for k in 0..n {
                let i = (round + k) % n;
                let (wall, cpu) = (Instant::now(), process_cpu_seconds());
                (variants[i].1)();
                r.wall[i] = wall.elapsed().as_secs_f64();
                r.cpu[i] = process_cpu_seconds() - cpu;
            }
            r
        })
        .collect()
}

/// Prints the median and quartiles of a per-round ratio.
fn report(what: &str, rounds: &[Round], ratio: impl Fn(&Round) -> f64) {
    let mut v: Vec<f64> = rounds.iter().map(ratio).filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return;
    }
    v.sort_by(f64::total_cmp);
    let s = Summary::of(&v);
    println!(
        "  {what:<48} {:.2}x  (quartiles {:.2}-{:.2}, 95% CI {:.2}-{:.2})",
        s.median, s.q1, s.q3, s.ci.0, s.ci.1
    );
}

/// The CPU time (user + system) of this process so far, from
/// `/proc/self/stat` (in clock ticks of 10 ms; 0 where there is no such
/// file, which makes the CPU ratios non-finite and unprinted).
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

// `criterion_group!` generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, pipeline_benches);
}
criterion_main!(group::benches);
