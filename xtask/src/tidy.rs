//! Checks that guard the codebase, run as ordinary tests so that
//! `cargo test --workspace` enforces them.

use crate::crates::{self, rust_files};
use std::fs;

/// Paths that give direct access to synchronization primitives. Only
/// `fearless-core`'s `sync` module may name them; everything else goes
/// through `fearless_core::sync` so that loom sees it.
const FORBIDDEN: &[&str] = &[
    "std::sync",
    "std::thread",
    "std::cell::UnsafeCell",
    "core::sync::atomic",
    "core::cell::UnsafeCell",
];

/// Whether `code` names `path` as a path of its own: `core::sync::atomic`
/// is named by `::core::sync::atomic` but not by
/// `fearless_core::sync::atomic`.
fn names_path(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn names_path_respects_identifier_boundaries() {
    assert!(names_path("use std::sync::Arc;", "std::sync"));
    assert!(names_path(
        "let x = ::core::sync::atomic::fence;",
        "core::sync::atomic"
    ));
    assert!(names_path("(std::thread::spawn(f))", "std::thread"));
    assert!(!names_path(
        "use fearless_core::sync::atomic::AtomicU64;",
        "core::sync::atomic"
    ));
    assert!(!names_path("use mystd::sync::Arc;", "std::sync"));
    assert!(names_path(
        "fearless_core::sync::atomic; core::sync::atomic",
        "core::sync::atomic"
    ));
}

#[test]
fn only_core_names_std_synchronization() {
    let mut offences = Vec::new();
    for k in crates::all()
        .iter()
        .filter(|k| k.package != "fearless-core")
    {
        for file in rust_files(&k.dir.join("src")) {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if FORBIDDEN.iter().any(|f| names_path(code, f)) {
                    offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "use fearless_core::sync instead of std's primitives:\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_crate_denies_missing_docs_and_inherits_lints() {
    for k in crates::all() {
        let manifest = fs::read_to_string(k.dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("[lints]\nworkspace = true"),
            "{} must set `[lints] workspace = true`",
            k.package
        );
        assert!(
            k.dir.join("README.md").is_file(),
            "{} needs a README.md",
            k.package
        );
    }
}

#[test]
fn crates_without_unsafe_forbid_it() {
    for k in crates::all().iter().filter(|k| !crates::uses_unsafe(k)) {
        let lib = fs::read_to_string(k.dir.join("src/lib.rs")).unwrap();
        assert!(
            lib.contains("#![forbid(unsafe_code)]"),
            "{} has no unsafe code, so its lib.rs must say #![forbid(unsafe_code)]",
            k.package
        );
    }
}
