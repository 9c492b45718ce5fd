//! The code map of docs/architecture.md against the workspace: each
//! crate's `Internal dependencies:` line matches `cargo metadata`, every
//! workspace member has an entry, and every path the map names exists.
//! Run by `cargo test -p xtask`.

use crate::packages;
use crate::step::workspace_root;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One `### ` entry of the code map.
#[derive(Debug, Default, PartialEq)]
struct Entry {
    /// The directory, relative to the workspace root.
    dir: String,
    /// The package, when the heading names one in parentheses.
    package: Option<String>,
    /// The packages of its `Internal dependencies:` line, if it has one.
    deps: Option<BTreeSet<String>>,
    /// The backticked tokens of its text that look like paths.
    paths: Vec<String>,
}

fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

fn looks_like_path(t: &str) -> bool {
    !t.contains(' ') && (t.contains('/') || t.ends_with(".rs") || t.ends_with(".md"))
}

/// The entries of the `## Code map` section of `doc`.
fn entries(doc: &str) -> Vec<Entry> {
    let Some(start) = doc.find("\n## Code map\n") else {
        return Vec::new();
    };
    let rest = &doc[start + 1..];
    let section = rest[3..].find("\n## ").map_or(rest, |end| &rest[..end + 3]);
    let mut out: Vec<Entry> = Vec::new();
    let mut deps_text: Option<String> = None;
    let flush = |e: &mut Entry, deps_text: &mut Option<String>| {
        if let Some(t) = deps_text.take() {
            e.deps = Some(backticked(&t).map(str::to_string).collect());
        }
    };
    for line in section.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            if let Some(last) = out.last_mut() {
                flush(last, &mut deps_text);
            }
            let dir = backticked(h).next().unwrap_or("").to_string();
            let package = h
                .split_once('(')
                .and_then(|(_, p)| p.split_once(')'))
                .map(|(p, _)| p.trim().to_string());
            out.push(Entry {
                dir,
                package,
                ..Default::default()
            });
            continue;
        }
        let Some(entry) = out.last_mut() else {
            continue;
        };
        if let Some(d) = line.strip_prefix("Internal dependencies:") {
            deps_text = Some(d.to_string());
        } else if let Some(t) = deps_text.as_mut() {
            if line.trim().is_empty() {
                flush(entry, &mut deps_text);
            } else {
                t.push(' ');
                t.push_str(line);
            }
        } else {
            entry.paths.extend(
                backticked(line)
                    .filter(|t| looks_like_path(t))
                    .map(str::to_string),
            );
        }
    }
    if let Some(last) = out.last_mut() {
        flush(last, &mut deps_text);
    }
    out
}

/// Every file under `dir` (no `target/`), relative to it, `/`-separated.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(read) = fs::read_dir(dir) else {
            return;
        };
        for e in read.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target") {
                    walk(base, &p, out);
                }
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// Whether `token` names a file or directory of the crate in `dir` (its
/// full relative path, a path ending, or a `*` pattern) or of the
/// workspace root.
fn exists(token: &str, dir: &Path, files: &[String]) -> bool {
    let t = token.trim_end_matches('/');
    if dir.join(t).exists() || workspace_root().join(t).exists() {
        return true;
    }
    let matches = |f: &str| match t.split_once('*') {
        Some((head, tail)) => f.starts_with(head) && f.ends_with(tail),
        None => f == t || f.ends_with(&format!("/{t}")) || f.contains(&format!("/{t}/")),
    };
    files.iter().any(|f| matches(f))
}

#[test]
fn reads_entries_with_dependencies_and_paths() {
    let doc = "# A\n\n## Code map\n\nintro `x/y.rs`\n\n### `crates/a` (fearless-a)\n\nInternal dependencies: `fearless-b`,\n`fearless-c`.\n\n- Algorithm: `src/lib.rs` and `cargo metadata`, `README.md`.\n\n### `xtask`\n\nInternal dependencies: none.\n\n## Next\n\n### `not/me`\n";
    let e = entries(doc);
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].dir, "crates/a");
    assert_eq!(e[0].package.as_deref(), Some("fearless-a"));
    let deps: Vec<_> = e[0].deps.iter().flatten().map(String::as_str).collect();
    assert_eq!(deps, ["fearless-b", "fearless-c"]);
    assert_eq!(e[0].paths, ["src/lib.rs", "README.md"]);
    assert_eq!(
        (e[1].dir.as_str(), e[1].package.as_deref()),
        ("xtask", None)
    );
    assert_eq!(e[1].deps, Some(BTreeSet::new()));
}

#[test]
fn code_map_matches_the_workspace() {
    let doc = fs::read_to_string(workspace_root().join("docs/architecture.md")).unwrap();
    let entries = entries(&doc);
    let metadata = packages::metadata().unwrap();
    let members = metadata.workspace_packages();
    let names: BTreeSet<String> = members.iter().map(|p| p.name.to_string()).collect();
    let mut problems = Vec::new();
    for p in &members {
        let dir: PathBuf = p
            .manifest_path
            .parent()
            .unwrap()
            .as_std_path()
            .strip_prefix(workspace_root())
            .unwrap()
            .to_path_buf();
        let dir = dir.to_string_lossy().replace('\\', "/");
        let want: BTreeSet<String> = p
            .dependencies
            .iter()
            .filter(|d| d.kind == cargo_metadata::DependencyKind::Normal)
            .map(|d| d.name.to_string())
            .filter(|n| names.contains(n))
            .collect();
        let Some(e) = entries.iter().find(|e| e.dir == dir) else {
            problems.push(format!(
                "no `### \\`{dir}\\` ({})` entry in the code map",
                p.name
            ));
            continue;
        };
        if e.package.as_ref().is_some_and(|n| *n != p.name.as_str()) {
            problems.push(format!("`{dir}`: the package is {}", p.name));
        }
        match &e.deps {
            None => problems.push(format!("`{dir}`: no `Internal dependencies:` line")),
            Some(got) if *got != want => problems.push(format!(
                "`{dir}`: Internal dependencies should be {want:?}, the map says {got:?}"
            )),
            Some(_) => {}
        }
        let root = workspace_root().join(&dir);
        let files = files_under(&root);
        for t in &e.paths {
            if !exists(t, &root, &files) {
                problems.push(format!("`{dir}`: `{t}` does not exist"));
            }
        }
    }
    for e in &entries {
        if !members.iter().any(|p| {
            p.manifest_path
                .parent()
                .is_some_and(|d| d.as_std_path() == workspace_root().join(&e.dir))
        }) {
            problems.push(format!("`{}` is not a workspace member", e.dir));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/architecture.md's code map is stale:\n{}",
        problems.join("\n")
    );
}
