//! `cargo xtask readme-figures`: regenerates the README's sample outputs.
//! Each figure is a generated region of README.md (see `markers`) holding
//! the commands, the machine and date they ran on, and what they printed:
//! the commands shown are the commands run, so no figure can drift from
//! its command or be pasted by hand.

use crate::markers;
use crate::step::{cargo, workspace_root};
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Arguments of `cargo xtask readme-figures`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Shorter runs (a smaller corpus, a shorter dashboard), to check the
    /// step works; the commands written to the README say so.
    #[arg(long)]
    pub quick: bool,
    /// Only these figures (server, pipeline, dashboard); all by default.
    pub names: Vec<String>,
}

/// One generated region: the commands it runs and shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The region's name in README.md.
    pub name: &'static str,
    /// A command started first and left running while the others run
    /// (the server), then stopped with SIGTERM; its output is not shown.
    pub background: Option<String>,
    /// The commands run in order from the workspace root by `sh -c`; the
    /// figure shows what they print on stdout.
    pub commands: Vec<String>,
}

/// The README's figures. `port` is the server's (8080 when free).
pub fn figures(quick: bool, port: u16) -> Vec<Figure> {
    let (size, seconds) = if quick { (2, 2) } else { (20, 5) };
    let corpus = "target/readme-corpus";
    vec![
        Figure {
            name: "server",
            background: Some(format!(
                "cargo run --release --example server -- --addr 127.0.0.1:{port} --threads 4"
            )),
            commands: vec![
                format!(
                    "curl -s -w '\\n' -X POST --data 'the quick brown fox' localhost:{port}/work"
                ),
                format!(
                    "curl -s -X PUT --data '{{\"name\":\"demo\",\"work_rounds\":8,\"max_body_bytes\":65536}}' localhost:{port}/config"
                ),
                // The counters that moved: the requests above.
                format!(
                    "curl -s localhost:{port}/metrics | grep 'http_requests_total{{.*}} [1-9]'"
                ),
            ],
        },
        Figure {
            name: "pipeline",
            background: None,
            commands: vec![
                format!(
                    "cargo run --release --example pipeline -- --generate {corpus} --size {size}"
                ),
                format!("cargo run --release --example pipeline -- {corpus} --top 5"),
            ],
        },
        Figure {
            name: "dashboard",
            background: None,
            commands: vec![format!(
                "cargo run --release --example dashboard -- --seconds {seconds} --top 2"
            )],
        },
    ]
}

/// Runs the selected figures and rewrites their regions of README.md.
/// Nothing is written unless every selected figure ran cleanly.
pub fn run(args: &Args) -> bool {
    let readme_path = workspace_root().join("README.md");
    let readme = match fs::read_to_string(&readme_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("xtask: cannot read {}: {e}", readme_path.display());
            return false;
        }
    };
    let all = figures(args.quick, server_port());
    if let Some(unknown) = args
        .names
        .iter()
        .find(|n| !all.iter().any(|f| f.name == n.as_str()))
    {
        let known: Vec<_> = all.iter().map(|f| f.name).collect();
        eprintln!(
            "xtask: no figure `{unknown}` (there are {})",
            known.join(", ")
        );
        return false;
    }
    let selected: Vec<&Figure> = all
        .iter()
        .filter(|f| args.names.is_empty() || args.names.iter().any(|n| n == f.name))
        .collect();

    // Built as the figures' `cargo run` lines will build them (no `-p`:
    // the same package selection, so the same features and no rebuild
    // inside a timed run).
    println!("building the examples (release)");
    let built = cargo()
        .args(["build", "--release", "--quiet"])
        .args(
            ["server", "pipeline", "dashboard"]
                .iter()
                .flat_map(|e| ["--example", e]),
        )
        .current_dir(workspace_root())
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("xtask: the examples do not build");
        return false;
    }

    let mut text = readme;
    for f in selected {
        println!("figure `{}`", f.name);
        let machine = machine();
        let output = match run_figure(f) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("xtask: figure `{}`: {e}; README.md left as it was", f.name);
                return false;
            }
        };
        let body = render(f, &output, &machine, args.quick);
        text = match markers::replace(&text, f.name, &body) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("xtask: README.md: {e}");
                return false;
            }
        };
    }
    match fs::write(&readme_path, text) {
        Ok(()) => {
            println!("wrote {}", readme_path.display());
            true
        }
        Err(e) => {
            eprintln!("xtask: cannot write {}: {e}", readme_path.display());
            false
        }
    }
}

/// The region's body: the commands, where and when they ran, and their
/// output.
pub fn render(f: &Figure, output: &str, machine: &str, quick: bool) -> String {
    let mut shown: Vec<&str> = f.background.iter().map(String::as_str).collect();
    shown.extend(f.commands.iter().map(String::as_str));
    let how = if quick {
        "`cargo xtask readme-figures --quick`, shortened runs"
    } else {
        "`cargo xtask readme-figures`"
    };
    format!(
        "```sh\n{}\n```\n\nOutput on {machine}, written by {how}:\n\n```text\n{}\n```\n",
        shown.join("\n"),
        output.trim_end()
    )
}

/// "2026-12-03 06:30 UTC on 2 cores (CPU model), load average 1.20".
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo").ok().and_then(|c| {
        c.lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, m)| m.trim().to_string())
    });
    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string));
    let mut s = format!(
        "{} on {cores} cores",
        crate::bench::utc_text(SystemTime::now())
    );
    if let Some(cpu) = cpu {
        s.push_str(&format!(" ({cpu})"));
    }
    if let Some(load) = load {
        s.push_str(&format!(", load average {load} before the run"));
    }
    s
}

/// 8080, as the README has always shown, unless something listens there.
fn server_port() -> u16 {
    if TcpListener::bind(("127.0.0.1", 8080)).is_ok() {
        return 8080;
    }
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map_or(8080, |a| a.port())
}

/// Runs one figure's commands and returns what they printed.
fn run_figure(f: &Figure) -> Result<String, String> {
    let server = f.background.as_deref().map(start_background).transpose()?;
    let result = f.commands.iter().try_fold(String::new(), |mut out, c| {
        out.push_str(&shell(c)?);
        Ok(out)
    });
    if let Some(server) = server {
        stop(server)?;
    }
    result
}

/// `sh -c command` from the workspace root; its stdout, or why it failed.
fn shell(command: &str) -> Result<String, String> {
    println!("$ {command}");
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{command}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    print!("{stdout}");
    Ok(stdout)
}

/// Starts `command` (through `exec`, so the child is the program itself:
/// `cargo run` execs the example on Unix) and waits for its
/// `listening on` line.
fn start_background(command: &str) -> Result<Child, String> {
    println!("$ {command} &");
    let mut child = Command::new("sh")
        .args(["-c", &format!("exec {command}")])
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start `{command}`: {e}"))?;
    let stdout = child.stdout.take().expect("stdout was piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("listening on") {
                let _ = tx.send(());
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if rx.recv_timeout(Duration::from_millis(100)).is_ok() {
            return Ok(child);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("`{command}` exited ({status}) before listening"));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("`{command}` did not listen within 600s"));
        }
    }
}

/// SIGTERM, as an operator would stop it, then waits for a clean exit.
fn stop(mut child: Child) -> Result<(), String> {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the server exited with {status} after SIGTERM"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_has_a_region_for_each_figure_and_no_other() {
        let readme = fs::read_to_string(workspace_root().join("README.md")).unwrap();
        let want: Vec<_> = figures(false, 8080).iter().map(|f| f.name).collect();
        assert_eq!(markers::names(&readme), want);
    }

    #[test]
    fn a_figure_shows_its_commands_machine_and_output() {
        let f = &figures(false, 8080)[0];
        let body = render(f, "out 1\nout 2\n\n", "2026-12-03 on 2 cores", false);
        assert!(body.starts_with(
            "```sh\ncargo run --release --example server -- --addr 127.0.0.1:8080 --threads 4\ncurl -s"
        ));
        assert!(
            body.contains(
                "Output on 2026-12-03 on 2 cores, written by `cargo xtask readme-figures`:"
            )
        );
        assert!(body.ends_with("```text\nout 1\nout 2\n```\n"));
        let quick = figures(true, 9000);
        assert!(quick[1].commands[0].ends_with("--size 2"));
        assert!(quick[0].commands[0].contains("localhost:9000/work"));
    }

    #[test]
    fn the_readme_shows_the_commands_that_ran() {
        // What is in README.md was written by this step: each region opens
        // with exactly the figure's commands (whichever port and sizes the
        // last run used).
        let readme = fs::read_to_string(workspace_root().join("README.md")).unwrap();
        for f in figures(false, 8080) {
            let body = markers::body(&readme, f.name).unwrap();
            let shown = body
                .strip_prefix("```sh\n")
                .and_then(|b| b.split_once("\n```"))
                .map(|(cmds, _)| cmds)
                .unwrap_or_else(|| panic!("region `{}` does not open with a sh block", f.name));
            assert_eq!(
                shown.lines().count(),
                f.commands.len() + usize::from(f.background.is_some()),
                "region `{}`: run `cargo xtask readme-figures {}`",
                f.name,
                f.name
            );
        }
    }
}
