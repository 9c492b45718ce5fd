//! The technique crates of the workspace, found on disk.

use crate::step::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};

/// A crate under `crates/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Krate {
    /// The package name, e.g. `fearless-atomics`.
    pub package: String,
    /// Its directory.
    pub dir: PathBuf,
}

/// Every crate under `crates/`, sorted by directory name, then `apps/`.
pub fn all() -> Vec<Krate> {
    let root = workspace_root();
    let metadata = crate::packages::metadata().unwrap_or_else(|e| panic!("{e}"));
    let mut krates: Vec<Krate> = metadata
        .workspace_packages()
        .into_iter()
        .filter_map(|p| {
            let dir = p.manifest_path.parent()?.as_std_path().to_path_buf();
            // The example applications are checked like a technique crate.
            let place = dir.strip_prefix(&root).ok()?;
            (place.starts_with("crates") || place == Path::new("apps")).then(|| Krate {
                package: p.name.to_string(),
                dir,
            })
        })
        .collect();
    // `apps/` sorts after `crates/...`, as it should come last.
    krates.sort_by(|a, b| {
        let key = |k: &Krate| (k.dir.ends_with("apps"), k.dir.clone());
        key(a).cmp(&key(b))
    });
    krates
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
