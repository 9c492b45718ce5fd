//! Running bench executables quietly: their whole output (stdout and
//! stderr) goes to a log file, and one progress bar advances as criterion
//! finishes each benchmark. `--verbose` streams the output as well.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the output of every bench executable goes.
pub struct Output {
    bar: ProgressBar,
    log: Arc<Mutex<File>>,
    verbose: bool,
}

/// How one executable ended.
pub struct Ran {
    /// Exit status 0, within the time limit.
    pub success: bool,
    /// Killed for running past its time limit.
    pub timed_out: bool,
    /// Whether it printed anything to stdout (an interleaved bench prints
    /// its own table and writes no criterion result).
    pub printed: bool,
    /// How many benchmarks criterion finished.
    pub finished: u64,
}

impl Output {
    /// A bar of `total` benchmarks (hidden when stderr is not a terminal,
    /// e.g. in CI, where each executable gets a line instead) writing
    /// the output to `log`.
    pub fn new(total: u64, log: &Path, verbose: bool) -> std::io::Result<Output> {
        let file = File::create(log)?;
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} benchmarks, ~{eta} left  {msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        Ok(Output {
            bar,
            log: Arc::new(Mutex::new(file)),
            verbose,
        })
    }

    /// Prints a line above the bar (and into the log).
    pub fn say(&self, line: &str) {
        self.bar.println(line);
        self.log_line(line);
    }

    /// Shows what is running now.
    pub fn status(&self, what: &str) {
        self.bar.set_message(what.to_string());
        if self.bar.is_hidden() {
            eprintln!("bench: {what}");
        }
        self.log_line(&format!("==> {what}"));
    }

    /// Counts a unit of work that criterion does not report (an
    /// executable without criterion).
    pub fn advance(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn log_line(&self, line: &str) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(log, "{line}");
    }

    /// Runs `cmd`, killing it past `limit`; its output goes to the log.
    pub fn run(&self, cmd: &mut Command, limit: Duration) -> std::io::Result<Ran> {
        self.log_line(&format!("$ {}", crate::step::describe(cmd)));
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (tx, rx) = mpsc::channel::<(bool, String)>();
        let pipes = [
            forward(child.stdout.take().expect("piped"), true, tx.clone()),
            forward(child.stderr.take().expect("piped"), false, tx),
        ];
        let start = Instant::now();
        let mut ran = Ran {
            success: false,
            timed_out: false,
            printed: false,
            finished: 0,
        };
        let status = loop {
            // Lines as they come, so the bar moves while a bench runs.
            while let Ok((stdout, line)) = rx.recv_timeout(Duration::from_millis(50)) {
                self.take_line(stdout, &line, &mut ran);
            }
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if start.elapsed() > limit {
                ran.timed_out = true;
                let _ = child.kill();
                break child.wait()?;
            }
        };
        for p in pipes {
            let _ = p.join();
        }
        for (stdout, line) in rx.try_iter() {
            self.take_line(stdout, &line, &mut ran);
        }
        ran.success = status.success() && !ran.timed_out;
        Ok(ran)
    }

    fn take_line(&self, stdout: bool, line: &str, ran: &mut Ran) {
        self.log_line(line);
        if self.verbose {
            self.bar.suspend(|| {
                if stdout {
                    println!("{line}");
                } else {
                    eprintln!("{line}");
                }
            });
        }
        ran.printed |= stdout && !line.trim().is_empty();
        if let Some(id) = finished_benchmark(line) {
            ran.finished += 1;
            self.bar.inc(1);
            self.bar.set_message(id.to_string());
        }
    }
}

/// Sends each line of `pipe` to `tx`, tagged with whether it is stdout.
fn forward(
    pipe: impl Read + Send + 'static,
    stdout: bool,
    tx: mpsc::Sender<(bool, String)>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send((stdout, line)).is_err() {
                break;
            }
        }
    })
}

/// The benchmark id of criterion's `Benchmarking <id>: Analyzing` line,
/// printed once per benchmark when its measurement is done.
pub fn finished_benchmark(line: &str) -> Option<&str> {
    line.strip_prefix("Benchmarking ")?
        .strip_suffix(": Analyzing")
}

/// How many benchmarks criterion's `--list` output names.
pub fn count_listed(list_output: &str) -> u64 {
    list_output
        .lines()
        .filter(|l| l.ends_with(": benchmark"))
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_progress_and_lists() {
        assert_eq!(
            finished_benchmark("Benchmarking spsc/bounded1/fearless: Analyzing"),
            Some("spsc/bounded1/fearless")
        );
        assert_eq!(
            finished_benchmark("Benchmarking spsc/bounded1/fearless: Warming up for 500.00 ms"),
            None
        );
        let list = "config_load_with_writer/config_cell_load: benchmark\n\
                    cache_read_mix/fearless_cache/95-5: benchmark\n\nsomething else\n";
        assert_eq!(count_listed(list), 2);
    }

    #[cfg(unix)]
    #[test]
    fn output_goes_to_the_log_and_a_hung_command_is_killed() {
        let dir = std::env::temp_dir().join(format!("xtask-runner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("bench.log");
        let out = Output::new(2, &log, false).unwrap();
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "echo 'Benchmarking a: Analyzing'; echo oops >&2; echo 'Benchmarking b: Analyzing'",
        ]);
        let ran = out.run(&mut cmd, Duration::from_secs(30)).unwrap();
        assert!(ran.success && ran.printed && !ran.timed_out);
        assert_eq!(ran.finished, 2);
        let mut hung = Command::new("sh");
        hung.args(["-c", "exec sleep 30"]);
        let ran = out.run(&mut hung, Duration::from_millis(200)).unwrap();
        assert!(ran.timed_out && !ran.success && !ran.printed);
        out.finish();
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.contains("oops") && text.contains("Benchmarking b: Analyzing"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
