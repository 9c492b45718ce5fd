//! Parallel word counting over a directory, built on fearless.
//!
//! ```text
//! cargo run --release --example pipeline -- --generate /tmp/corpus --size 200
//! cargo run --release --example pipeline -- /tmp/corpus --top 10
//! ```

use clap::Parser;
use fearless::locks::ConfigCell;
use fearless::scoped::files::Progress;
use fearless_apps::pipeline::{self, Settings, WordOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Parser)]
#[command(about = "Count the words of every file under a directory, in parallel")]
struct Args {
    /// The directory to read (recursively).
    dir: Option<PathBuf>,
    /// Write a reproducible sample corpus into this directory instead.
    #[arg(long, value_name = "DIR")]
    generate: Option<PathBuf>,
    /// Size of the generated corpus, in megabytes.
    #[arg(long, default_value_t = 100)]
    size: u64,
    /// Seed of the generated corpus.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// How many of the most frequent words to print.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Worker threads, 1 to 1024 (default: the available parallelism).
    #[arg(long)]
    threads: Option<usize>,
    /// Shortest word counted, in bytes.
    #[arg(long, default_value_t = 3)]
    min_len: usize,
    /// Count words case-sensitively.
    #[arg(long)]
    case_sensitive: bool,
    /// Skip (and report) files larger than this many bytes.
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
}

/// The most worker threads a run may ask for.
const MAX_THREADS: usize = 1024;

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(dir) = &args.generate {
        return match pipeline::generate(dir, args.size, args.seed) {
            Ok(files) => {
                println!(
                    "wrote {files} files ({} MB) under {}",
                    args.size,
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("pipeline: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let Some(dir) = &args.dir else {
        eprintln!("pipeline: name a directory to read, or --generate DIR");
        return ExitCode::FAILURE;
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // The same bound as the server's and the dashboard's: a count the system
    // could not start is an error message, not a panic mid-run.
    if !(1..=MAX_THREADS).contains(&threads) {
        eprintln!("pipeline: --threads is {threads}, not between 1 and {MAX_THREADS}");
        return ExitCode::FAILURE;
    }
    // The options a run reads; a ConfigCell so that a long-running service
    // could change them while workers read them, without a lock.
    let options = ConfigCell::new(WordOptions {
        min_len: args.min_len,
        lowercase: !args.case_sensitive,
    });

    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let most_done = AtomicU64::new(0);
    let on_progress = |p: Progress| {
        bar.set_length(p.files_total as u64);
        // Calls may arrive out of order: keep the largest count seen.
        let done = most_done
            .fetch_max(p.files_done as u64, Ordering::Relaxed)
            .max(p.files_done as u64);
        bar.set_position(done);
        bar.set_message(format!("{:.1} MB", p.bytes_done as f64 / 1e6));
    };
    let settings = Settings {
        max_file_size: args.max_file_size,
        ..Settings::new(threads)
    };
    let report = match pipeline::run_dir(dir, &settings, &options, Some(&on_progress)) {
        Ok(r) => r,
        Err(e) => {
            bar.abandon();
            eprintln!("pipeline: {e}");
            return ExitCode::FAILURE;
        }
    };
    bar.finish_and_clear();

    for (path, why) in &report.failed {
        eprintln!("skipped {}: {why}", path.display());
    }
    match print_report(&report, threads, args.top) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pipeline: cannot write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the summary and the top words to stdout, returning write errors
/// instead of panicking as `println!` does on a closed pipe.
fn print_report(report: &pipeline::Report, threads: usize, top: usize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} files, {:.1} MB in {:.2}s on {threads} threads: {:.1} MB/s ({} unreadable)",
        report.files_ok,
        report.bytes as f64 / 1e6,
        report.elapsed.as_secs_f64(),
        report.megabytes_per_second(),
        report.failed.len()
    )?;
    writeln!(out, "top {top} words:")?;
    for (word, count) in report.top(top) {
        writeln!(out, "{count:>12}  {word}")?;
    }
    out.flush()
}
