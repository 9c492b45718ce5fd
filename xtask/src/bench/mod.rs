//! `cargo xtask bench`: runs the criterion benches, then reads criterion's
//! own result files and reports, per group and parameter, which variant is
//! fastest and by how much, as Markdown and as an HTML page with charts
//! under `target/fearless-report/`, both headed by the verdict table that
//! the terminal shows (see `verdict`). While the benches run, one progress
//! bar replaces their output, which goes to
//! `target/fearless-report/bench.log` (`--verbose` streams it).
//!
//! The bench targets of all selected crates are built in one cargo
//! invocation (one feature resolution, so shared dependencies build once),
//! then each executable runs as `cargo bench` would run it. Only results
//! written during this run are reported: each crate's results are read
//! right after its benches finish, keeping the files modified since they
//! started, so stale results of earlier runs never mix in.

mod config;
mod criterion_files;
mod html;
mod report;
mod runner;
mod verdict;

use crate::crates::{self, Krate};
use crate::markers;
use crate::step::{self, cargo, workspace_root};
use config::Config;
use criterion_files::Measurement;
use report::{Report, RunInfo};
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use verdict::Verdict;

/// Criterion options for `--quick`: short warm-up and measurement, the
/// fewest samples criterion accepts, a tenth of its default bootstrap
/// resamples (plenty for 10 samples; the analysis drops from ~0.6 s to
/// ~0.1 s per benchmark). With `xtask/bench.toml`'s quick selection the
/// workspace runs in about three minutes on 2 cores.
const QUICK: &[&str] = &[
    "--warm-up-time",
    "0.5",
    "--measurement-time",
    "1",
    "--sample-size",
    "10",
    "--nresamples",
    "10000",
];

/// Arguments of `cargo xtask bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Short measurement times, and only the workloads that decide each
    /// goal (`xtask/bench.toml`): about three minutes on 2 cores.
    #[arg(long)]
    pub quick: bool,
    /// Only this crate (package name or directory name); repeatable.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
    /// Run every crate's benches this many times, interleaved, and report
    /// the median of the rounds with their range as the spread.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub rounds: u32,
    /// Kill a bench executable that runs longer than this many seconds (a
    /// hung bench must not hang the run). Default: 600 with `--quick`,
    /// 3600 otherwise.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// Stream the benches' own output instead of a progress bar, and
    /// print every group's table before the verdict.
    #[arg(short, long)]
    pub verbose: bool,
    /// Also rewrite each measured crate's generated region of
    /// docs/benchmarks.md (`<!-- figures:bench-PACKAGE -->`) with this
    /// run's tables; the crates not measured keep theirs.
    #[arg(long)]
    pub write_docs: bool,
    /// Only benchmarks whose id matches this criterion filter (a regex).
    pub filter: Option<String>,
}

/// Runs the benches of the selected crates and writes the report. Fails if
/// a bench run fails, or if no criterion result was written and no bench
/// printed anything.
pub fn run(args: &Args) -> bool {
    let config = match Config::load(&workspace_root().join("xtask/bench.toml")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("xtask: {e}");
            return false;
        }
    };
    let krates = match crates::select(&args.packages) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    let (benched, without): (Vec<Krate>, Vec<Krate>) = krates
        .into_iter()
        .partition(|k| k.dir.join("benches").is_dir());
    if !args.packages.is_empty() && !without.is_empty() {
        let names: Vec<_> = without.iter().map(|k| k.package.as_str()).collect();
        eprintln!("no benches/ directory in {}", names.join(", "));
        return false;
    }
    if benched.is_empty() {
        println!("no crate has a benches/ directory yet: nothing to measure");
        return true;
    }

    let target = target_dir();
    let criterion_home = target.join("criterion");
    // No criterion plots: we draw our own (and criterion is built without
    // its plotting backend, so it does not look for gnuplot either).
    let mut criterion_args: Vec<String> = vec!["--noplot".to_string()];
    if args.quick {
        criterion_args.extend(QUICK.iter().map(|s| s.to_string()));
    }
    let info = RunInfo {
        command: std::iter::once("cargo xtask".to_string())
            .chain(std::env::args().skip(1))
            .collect::<Vec<_>>()
            .join(" "),
        started: utc_text(SystemTime::now()),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        load: fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
        commit: git_commit(),
        criterion_args: criterion_args.clone(),
        rounds: args.rounds as usize,
    };

    // One build for every selected crate: a separate `cargo bench -p` per
    // crate would resolve features per crate and rebuild shared
    // dependencies once for each.
    let build_clock = Instant::now();
    let exes = match build(&benched) {
        Ok(exes) => exes,
        Err(e) => {
            eprintln!("xtask: {e}");
            return false;
        }
    };
    let build_time = build_clock.elapsed();
    let plan = plan(&benched, exes, &config, args);

    let report_dir = target.join("fearless-report");
    let log = report_dir.join("bench.log");
    let total: u64 = plan.iter().map(|p| p.units).sum::<u64>() * u64::from(args.rounds);
    let out = match fs::create_dir_all(&report_dir)
        .and_then(|()| runner::Output::new(total, &log, args.verbose))
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("xtask: cannot write {}: {e}", log.display());
            return false;
        }
    };
    println!(
        "running {total} benchmarks; criterion's output goes to {}{}",
        log.display(),
        if args.verbose {
            ""
        } else {
            " (--verbose streams it)"
        }
    );

    let default_limit = if args.quick { 600 } else { 3600 };
    let limit = Duration::from_secs(args.timeout.unwrap_or(default_limit));
    let mut ok = true;
    let mut rounds: Vec<Vec<Vec<Measurement>>> = vec![Vec::new(); benched.len()];
    let mut took = vec![Duration::ZERO; benched.len()];
    // Whether any bench printed something: a `harness = false` bench that
    // prints its own table (e.g. an interleaved A/B comparison) writes no
    // criterion results, and a filter may select only such benches.
    let mut printed = false;
    for round in 1..=args.rounds {
        for (i, k) in benched.iter().enumerate() {
            let start = SystemTime::now();
            let clock = Instant::now();
            for p in plan.iter().filter(|p| p.exe.krate == i) {
                let what = if args.rounds > 1 {
                    format!(
                        "round {round}/{}: {} {}",
                        args.rounds, k.package, p.exe.name
                    )
                } else {
                    format!("{} {}", k.package, p.exe.name)
                };
                out.status(&what);
                // What `cargo bench` would do: run the harness from the
                // package's directory with `--bench` and our options.
                let mut cmd = Command::new(&p.exe.path);
                cmd.current_dir(&k.dir)
                    .env("CRITERION_HOME", &criterion_home)
                    .env("CARGO_MANIFEST_DIR", &k.dir)
                    .env("CARGO_PKG_NAME", &k.package)
                    .arg("--bench")
                    .args(&criterion_args)
                    .args(&p.filter);
                match out.run(&mut cmd, limit) {
                    Ok(r) if r.success => {
                        printed |= r.printed;
                        if !p.exe.criterion {
                            out.advance();
                        }
                    }
                    Ok(r) if r.timed_out => {
                        out.say(&format!(
                            "xtask: bench `{}` of {} ran past {}s and was killed (see {})",
                            p.exe.name,
                            k.package,
                            limit.as_secs(),
                            log.display()
                        ));
                        ok = false;
                    }
                    Ok(_) => {
                        out.say(&format!(
                            "xtask: bench `{}` of {} failed (see {})",
                            p.exe.name,
                            k.package,
                            log.display()
                        ));
                        ok = false;
                    }
                    Err(e) => {
                        out.say(&format!("xtask: cannot run {}: {e}", p.exe.path.display()));
                        ok = false;
                    }
                }
            }
            let (found, warnings) = criterion_files::read_since(&criterion_home, start);
            for w in warnings {
                out.say(&format!("warning: skipped an unreadable result: {w}"));
            }
            rounds[i].push(found);
            took[i] += clock.elapsed();
        }
    }
    out.finish();

    let rounds_seen: Vec<usize> = rounds
        .iter()
        .map(|r| r.iter().map(Vec::len).sum())
        .collect();
    let crates: Vec<_> = benched
        .iter()
        .zip(rounds)
        .map(|(k, rs)| report::build_crate_from_rounds(&k.package, rs))
        .filter(|k| !k.groups.is_empty())
        .collect();
    if crates.is_empty() && printed {
        println!(
            "\nxtask: no criterion results in this run, so no report; \
             the benches' own output is in {}",
            log.display()
        );
        return ok;
    }
    if crates.is_empty() {
        eprintln!(
            "xtask: no benchmark results were written under {} in this run",
            criterion_home.display()
        );
        return false;
    }
    let report = Report { info, crates };
    let verdicts = verdict::verdicts(&report, &config);
    if args.verbose {
        print!("{}", report::render_text(&report));
    }
    // Which crate's benches take the time, so `--quick` stays quick.
    println!("\nbuild: {:.0}s", build_time.as_secs_f64());
    for ((k, rs), took) in benched.iter().zip(&rounds_seen).zip(&took) {
        println!(
            "{}: {rs} measurement(s) in {:.0}s",
            k.package,
            took.as_secs_f64()
        );
    }
    let written = write_report(&report, &verdicts, &report_dir);
    let documented = !args.write_docs || write_docs(&report, &verdicts);
    print!("{}", verdict::render_text(&verdicts));
    ok & written & documented
}

/// Rewrites the generated region of every measured crate in
/// docs/benchmarks.md; writes nothing if any region is missing.
fn write_docs(report: &Report, verdicts: &[Verdict]) -> bool {
    let path = workspace_root().join("docs/benchmarks.md");
    let result = fs::read_to_string(&path)
        .map_err(|e| format!("cannot read it: {e}"))
        .and_then(|text| docs_with(text, report, verdicts))
        .and_then(|text| fs::write(&path, text).map_err(|e| format!("cannot write it: {e}")));
    match result {
        Ok(()) => {
            let names: Vec<&str> = report.crates.iter().map(|k| k.package.as_str()).collect();
            println!("docs: {} ({})", path.display(), names.join(", "));
            true
        }
        Err(e) => {
            eprintln!("xtask: docs/benchmarks.md: {e}");
            false
        }
    }
}

/// `text` (docs/benchmarks.md) with each measured crate's region replaced.
fn docs_with(mut text: String, report: &Report, verdicts: &[Verdict]) -> Result<String, String> {
    for k in &report.crates {
        let region = format!("bench-{}", k.package);
        let body = report::render_crate_doc(&report.info, verdicts, k);
        text = markers::replace(&text, &region, &body).map_err(|e| {
            format!(
                "{e}: put `{}` and `{}` lines in the {} section",
                markers::open(&region),
                markers::close(&region),
                k.package
            )
        })?;
    }
    Ok(text)
}

/// One executable to run, with what to pass it.
struct Planned {
    exe: BenchExe,
    /// The criterion filter, if any.
    filter: Option<String>,
    /// Progress units: the benchmarks criterion lists, or 1.
    units: u64,
}

/// Which executables run, with which filter: the user's filter wins; with
/// `--quick`, `xtask/bench.toml` may narrow a crate to the benches and
/// filter that decide its goals. Criterion benches are asked (`--list`)
/// how many benchmarks the filter selects, so the bar knows its length.
fn plan(krates: &[Krate], exes: Vec<BenchExe>, config: &Config, args: &Args) -> Vec<Planned> {
    exes.into_iter()
        .filter_map(|exe| {
            let quick = if args.quick {
                config.quick(&krates[exe.krate].package)
            } else {
                None
            };
            if let Some(benches) = quick.and_then(|q| q.benches.as_ref())
                && args.filter.is_none()
                && !benches.contains(&exe.name)
            {
                return None;
            }
            let filter = args
                .filter
                .clone()
                .or_else(|| quick.and_then(|q| q.filter.clone()));
            let units = if exe.criterion {
                Command::new(&exe.path)
                    .current_dir(&krates[exe.krate].dir)
                    .args(["--bench", "--list"])
                    .args(&filter)
                    .stderr(Stdio::null())
                    .output()
                    .map_or(1, |o| {
                        runner::count_listed(&String::from_utf8_lossy(&o.stdout))
                    })
            } else {
                1
            };
            // A criterion bench the filter empties has nothing to run.
            (units > 0).then_some(Planned { exe, filter, units })
        })
        .collect()
}

/// A criterion bench executable of one of the selected crates.
struct BenchExe {
    /// Index of its crate in the selection.
    krate: usize,
    /// The bench target's name.
    name: String,
    /// The executable.
    path: PathBuf,
    /// Whether it is a criterion harness (which understands `--list`),
    /// not an interleaved bench printing its own table.
    criterion: bool,
}

/// Builds the bench targets of `krates` in one cargo invocation and returns
/// their executables, in crate order, then by name. `--bench '*'` selects
/// only the criterion targets: the library's libtest harness would reject
/// criterion's options.
fn build(krates: &[Krate]) -> Result<Vec<BenchExe>, String> {
    let mut cmd = cargo();
    cmd.args([
        "bench",
        "--no-run",
        "--message-format=json-render-diagnostics",
        "--bench",
        "*",
    ]);
    for k in krates {
        cmd.args(["-p", &k.package]);
    }
    println!("$ {}", step::describe(&cmd));
    let out = cmd
        .current_dir(workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !out.status.success() {
        return Err("building the benches failed".into());
    }
    let mut exes = bench_executables(&String::from_utf8_lossy(&out.stdout), krates);
    exes.sort_by(|a, b| (a.krate, &a.name).cmp(&(b.krate, &b.name)));
    Ok(exes)
}

/// The bench executables named in cargo's JSON messages, each matched to
/// the crate whose directory holds its source.
fn bench_executables(json_lines: &str, krates: &[Krate]) -> Vec<BenchExe> {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter(|m| {
            m["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "bench"))
        })
        .filter_map(|m| {
            let path = PathBuf::from(m["executable"].as_str()?);
            let src = PathBuf::from(m["target"]["src_path"].as_str()?);
            let krate = krates.iter().position(|k| src.starts_with(&k.dir))?;
            let name = m["target"]["name"].as_str()?.to_string();
            let criterion = fs::read_to_string(&src).is_ok_and(|s| s.contains("criterion_main!"));
            Some(BenchExe {
                krate,
                name,
                path,
                criterion,
            })
        })
        .collect()
}

fn write_report(report: &Report, verdicts: &[Verdict], dir: &std::path::Path) -> bool {
    let md = dir.join("report.md");
    let page = dir.join("index.html");
    let written = fs::create_dir_all(dir)
        .and_then(|()| fs::write(&md, report::render_markdown(report, verdicts)))
        .and_then(|()| fs::write(&page, html::render(report, verdicts)));
    match written {
        Ok(()) => {
            println!("\nreport: {}", md.display());
            println!("charts: {}", page.display());
            true
        }
        Err(e) => {
            eprintln!(
                "xtask: could not write the report to {}: {e}",
                dir.display()
            );
            false
        }
    }
}

/// Where cargo (and so criterion) writes: `CARGO_TARGET_DIR`, else the
/// workspace's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The checked-out commit, marked `-dirty` when the tree has changes.
fn git_commit() -> Option<String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(workspace_root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = git(&["rev-parse", "--short", "HEAD"])?;
    let dirty = git(&["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{head}-dirty") } else { head })
}

/// `2026-11-28 00:31 UTC`, without a date crate.
pub fn utc_text(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn finds_bench_executables_in_cargo_messages() {
        let krates = vec![
            Krate {
                package: "fearless-a".into(),
                dir: "/w/crates/a".into(),
            },
            Krate {
                package: "fearless-b".into(),
                dir: "/w/crates/b".into(),
            },
        ];
        let messages = [
            r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"a","src_path":"/w/crates/a/src/lib.rs"},"executable":null}"#,
            r#"{"reason":"compiler-artifact","target":{"kind":["bench"],"name":"mix","src_path":"/w/crates/b/benches/mix.rs"},"executable":"/w/target/release/deps/mix-1"}"#,
            r#"{"reason":"compiler-artifact","target":{"kind":["bench"],"name":"x","src_path":"/elsewhere/benches/x.rs"},"executable":"/t/x"}"#,
            r#"{"reason":"build-finished","success":true}"#,
            "not json",
        ]
        .join("\n");
        let exes = bench_executables(&messages, &krates);
        assert_eq!(exes.len(), 1);
        assert_eq!((exes[0].krate, exes[0].name.as_str()), (1, "mix"));
        assert_eq!(exes[0].path, PathBuf::from("/w/target/release/deps/mix-1"));
    }

    #[test]
    fn writes_each_measured_crate_into_its_region_only() {
        let report = Report {
            info: RunInfo {
                command: "cargo xtask bench -p demo".into(),
                started: "2026-12-03 06:00 UTC".into(),
                cores: 2,
                load: Some("0.10 0.20 0.30".into()),
                commit: Some("abc1234".into()),
                rounds: 1,
                ..Default::default()
            },
            crates: vec![report::tests::sample()],
        };
        let doc = "# B\n\n## fearless-demo\n\nprose\n\n<!-- figures:bench-fearless-demo -->\nold\n<!-- /figures:bench-fearless-demo -->\n\n## other\n\n<!-- figures:bench-other -->\nkept\n<!-- /figures:bench-other -->\n";
        let out = docs_with(doc.into(), &report, &[]).unwrap();
        assert!(out.contains("prose\n\n<!-- figures:bench-fearless-demo -->\nMeasured 2026-12-03 06:00 UTC at commit abc1234 on 2 cores, load average 0.10 0.20 0.30 before the run, by `cargo xtask bench -p demo`.\n"));
        assert!(out.contains("#### incr"));
        assert!(!out.contains("old"));
        assert!(out.contains("<!-- figures:bench-other -->\nkept\n"));
        let missing = docs_with("# B\n".into(), &report, &[]).unwrap_err();
        assert!(missing.contains("put `<!-- figures:bench-fearless-demo -->`"));
    }

    #[test]
    fn the_benchmarks_doc_has_a_region_per_benched_crate() {
        let doc = fs::read_to_string(workspace_root().join("docs/benchmarks.md")).unwrap();
        for k in crates::select(&[]).unwrap() {
            if k.dir.join("benches").is_dir() {
                let region = format!("bench-{}", k.package);
                assert!(
                    markers::replace(&doc, &region, "").is_ok(),
                    "docs/benchmarks.md has no region {region}"
                );
            }
        }
    }

    #[test]
    fn formats_utc_dates() {
        assert_eq!(utc_text(UNIX_EPOCH), "1970-01-01 00:00 UTC");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_825_860);
        assert_eq!(utc_text(t), "2026-11-28 00:31 UTC");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_599);
        assert_eq!(utc_text(leap), "2000-02-29 00:59 UTC");
    }
}
