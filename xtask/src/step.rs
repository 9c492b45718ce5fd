//! Running one command as a named step, with its duration and outcome.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// One line of the final summary.
#[derive(Clone, Debug)]
pub struct StepReport {
    pub name: String,
    pub outcome: Outcome,
    pub duration: Duration,
    pub detail: String,
}

/// The cargo binary that launched us (so `cargo +nightly xtask` would use
/// the same toolchain), falling back to whatever `cargo` is on PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// The target directory of a checker's build (`loom`, `miri`, `shuttle`,
/// `tsan`): a subdirectory of the caller's `CARGO_TARGET_DIR` when that is
/// set, else of the workspace's `target/`, so that each checker's flags
/// never invalidate the normal build's cache.
pub fn checker_target_dir(checker: &str) -> PathBuf {
    target_base(std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from)).join(checker)
}

fn target_base(from_env: Option<PathBuf>) -> PathBuf {
    match from_env.filter(|p| !p.as_os_str().is_empty()) {
        // A relative CARGO_TARGET_DIR is relative to where cargo runs, and
        // every step runs cargo from the workspace root.
        Some(p) if p.is_relative() => workspace_root().join(p),
        Some(p) => p,
        None => workspace_root().join("target"),
    }
}

/// What a command printed to stdout, after it has also been echoed.
pub struct Captured {
    pub success: bool,
    pub stdout: String,
    /// Whether it was killed for running past its time limit.
    pub timed_out: bool,
}

/// Runs `cmd` (from the workspace root unless it names a directory),
/// echoing its stdout line by line while keeping a copy, and letting stderr
/// through untouched.
pub fn run_captured(cmd: &mut Command) -> std::io::Result<Captured> {
    run_captured_within(cmd, None)
}

/// Like [`run_captured`], but kills the command if it runs longer than
/// `limit`, so a hung child cannot hang xtask.
pub fn run_captured_within(
    cmd: &mut Command,
    limit: Option<Duration>,
) -> std::io::Result<Captured> {
    run_captured_tagged(cmd, limit, "")
}

/// Like [`run_captured_within`], with every echoed stdout line prefixed by
/// `tag`, so the output of commands run side by side can be told apart.
pub fn run_captured_tagged(
    cmd: &mut Command,
    limit: Option<Duration>,
    tag: &str,
) -> std::io::Result<Captured> {
    println!("{tag}$ {}", describe(cmd));
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(workspace_root());
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let out = child.stdout.take().expect("stdout was piped");
    let tag_for_reader = tag.to_string();
    let reader = std::thread::spawn(move || {
        let mut stdout = String::new();
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{tag_for_reader}{line}");
            stdout.push_str(&line);
            stdout.push('\n');
        }
        stdout
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if limit.is_some_and(|l| start.elapsed() > l) {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = reader.join().unwrap_or_default();
    std::io::stdout().flush()?;
    if timed_out {
        println!(
            "!!! killed after {:.0}s: {}",
            start.elapsed().as_secs_f64(),
            describe(cmd)
        );
    }
    Ok(Captured {
        success: status.success() && !timed_out,
        stdout,
        timed_out,
    })
}

/// Runs `cmd` as the step `name`, printing a header and the duration.
pub fn run_step(name: &str, cmd: &mut Command) -> StepReport {
    header(name);
    let start = Instant::now();
    let outcome = match run_captured(cmd) {
        Ok(c) if c.success => Outcome::Passed,
        Ok(_) => Outcome::Failed("command exited with an error".into()),
        Err(e) => Outcome::Failed(format!("could not run: {e}")),
    };
    finish(name, outcome, start.elapsed(), String::new())
}

/// Prints the step banner.
pub fn header(name: &str) {
    println!("\n==> {name}");
}

/// The crates a checker step runs on (the `-p` names, or every crate); a
/// name that is not a crate ends the step with its failed report.
pub fn select_crates(
    name: &str,
    start: Instant,
    packages: &[String],
) -> Result<Vec<crate::crates::Krate>, StepReport> {
    crate::crates::select(packages)
        .map_err(|e| finish(name, Outcome::Failed(e), start.elapsed(), String::new()))
}

/// Prints and returns a step's report.
pub fn finish(name: &str, outcome: Outcome, duration: Duration, detail: String) -> StepReport {
    let word = match &outcome {
        Outcome::Passed => "ok".to_string(),
        Outcome::Failed(why) => format!("FAILED ({why})"),
        Outcome::Skipped(why) => format!("SKIPPED ({why})"),
    };
    println!(
        "<== {name}: {word} in {:.1}s {detail}",
        duration.as_secs_f64()
    );
    StepReport {
        name: name.to_string(),
        outcome,
        duration,
        detail,
    }
}

/// A shell-like rendering of a command, for the log.
pub fn describe(cmd: &Command) -> String {
    let mut s = String::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            s.push_str(&format!("{}={} ", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    s.push_str(&cmd.get_program().to_string_lossy());
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Sums the `N passed` counts of every `test result:` line cargo printed.
pub fn count_passed(stdout: &str) -> usize {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("test result: "))
        .filter_map(|rest| {
            let before = rest.split(" passed").next()?;
            before.rsplit(' ').next()?.parse::<usize>().ok()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_passed_counts_over_binaries() {
        let out = "test a ... ok\ntest result: ok. 3 passed; 0 failed; 0 ignored\n\
                   test result: ok. 0 passed; 0 failed\n test result: ok. 12 passed; 0 failed\n";
        assert_eq!(count_passed(out), 15);
        assert_eq!(count_passed("nothing here"), 0);
    }

    #[test]
    fn checker_builds_go_under_the_callers_target_dir() {
        let root = workspace_root();
        assert_eq!(target_base(None), root.join("target"));
        assert_eq!(target_base(Some(PathBuf::new())), root.join("target"));
        assert_eq!(target_base(Some("/tmp/t".into())), PathBuf::from("/tmp/t"));
        assert_eq!(target_base(Some("out".into())), root.join("out"));
    }

    #[cfg(unix)]
    #[test]
    fn a_command_past_its_limit_is_killed() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo started; exec sleep 30"]);
        let start = Instant::now();
        let c = run_captured_within(&mut cmd, Some(Duration::from_millis(300))).unwrap();
        assert!(c.timed_out && !c.success);
        assert_eq!(c.stdout, "started\n");
        assert!(start.elapsed() < Duration::from_secs(20));
        let c = run_captured_within(Command::new("true").arg("x"), Some(Duration::from_secs(30)))
            .unwrap();
        assert!(c.success && !c.timed_out);
    }
}
