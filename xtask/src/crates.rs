//! The technique crates of the workspace, found on disk.

use crate::step::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};

/// A crate under `crates/`.
#[derive(Clone, Debug)]
pub struct Krate {
    /// The package name, e.g. `fearless-atomics`.
    pub package: String,
    /// Its directory.
    pub dir: PathBuf,
}

/// Every crate under `crates/`, sorted by directory name, then `apps/`.
pub fn all() -> Vec<Krate> {
    let root = workspace_root();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    // The example applications are checked like a technique crate.
    dirs.push(root.join("apps"));
    dirs.into_iter()
        .filter_map(|dir| {
            let manifest = fs::read_to_string(dir.join("Cargo.toml")).ok()?;
            let package = package_name(&manifest)?;
            Some(Krate { package, dir })
        })
        .collect()
}

/// The crates named by `-p` (every crate when none is named); an unknown
/// name is an error that lists the known ones.
pub fn select(names: &[String]) -> Result<Vec<Krate>, String> {
    let all = all();
    if names.is_empty() {
        return Ok(all);
    }
    names
        .iter()
        .map(|n| {
            all.iter()
                .find(|k| &k.package == n || k.dir.file_name().is_some_and(|d| d == n.as_str()))
                .cloned()
                .ok_or_else(|| {
                    let known: Vec<_> = all.iter().map(|k| k.package.as_str()).collect();
                    format!("unknown crate `{n}`; known: {}", known.join(", "))
                })
        })
        .collect()
}

fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && line.starts_with("name") {
            return line.split('"').nth(1).map(str::to_string);
        }
    }
    None
}

/// Every `.rs` file below `dir`.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Whether the crate's own sources (not its tests or benches) use `unsafe`.
pub fn uses_unsafe(k: &Krate) -> bool {
    rust_files(&k.dir.join("src")).iter().any(|f| {
        fs::read_to_string(f).is_ok_and(|text| {
            text.lines().any(|l| {
                let code = l.split("//").next().unwrap_or("");
                code.contains("unsafe {")
                    || code.contains("unsafe impl")
                    || code.contains("unsafe fn")
            })
        })
    })
}
