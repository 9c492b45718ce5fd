//! The feature matrix: `cargo check` of every published crate with
//! `--no-default-features` and with each of its features alone, so that a
//! feature that only builds next to another one (a missing `dep:` or `cfg`)
//! is found before a user finds it. `cargo check` is enough: whether the
//! code is right is the tests' job; this step only proves each combination
//! compiles.

use crate::packages::{self, Package};
use crate::step::{self, Outcome, StepReport, cargo};
use std::time::Instant;

/// The `cargo check` arguments for each combination of `p`: without default
/// features (when it has some or has any feature), then each feature
/// alone. A crate without features has nothing to vary.
pub fn combinations(p: &Package) -> Vec<Vec<String>> {
    if p.features.is_empty() && !p.has_defaults {
        return Vec::new();
    }
    let base = || {
        vec![
            "check".to_string(),
            "-p".to_string(),
            p.name.clone(),
            "--lib".to_string(),
            "--no-default-features".to_string(),
        ]
    };
    let mut out = vec![base()];
    for f in &p.features {
        let mut args = base();
        args.extend(["--features".to_string(), f.clone()]);
        out.push(args);
    }
    out
}

/// Runs every combination of every published crate.
pub fn run() -> StepReport {
    let name = "feature matrix";
    step::header(name);
    let start = Instant::now();
    let packages = match packages::workspace() {
        Ok(p) => p,
        Err(e) => return step::finish(name, Outcome::Failed(e), start.elapsed(), String::new()),
    };
    let mut failed = Vec::new();
    let mut checked = 0;
    for p in packages.iter().filter(|p| p.publish) {
        for args in combinations(p) {
            checked += 1;
            let mut cmd = cargo();
            cmd.args(&args).arg("--quiet");
            match step::run_captured(&mut cmd) {
                Ok(c) if c.success => {}
                _ => failed.push(args[2..].join(" ")),
            }
        }
    }
    let detail = format!("({checked} combinations)");
    let outcome = if failed.is_empty() {
        Outcome::Passed
    } else {
        Outcome::Failed(format!("does not build: {}", failed.join("; ")))
    };
    step::finish(name, outcome, start.elapsed(), detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feature_alone_and_none() {
        let p = Package {
            name: "fearless-par".into(),
            features: vec!["rayon".into()],
            has_defaults: false,
            publish: true,
            rust_version: None,
        };
        let c = combinations(&p);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].join(" "),
            "check -p fearless-par --lib --no-default-features"
        );
        assert_eq!(
            c[1].join(" "),
            "check -p fearless-par --lib --no-default-features --features rayon"
        );
        let plain = Package {
            features: vec![],
            ..p
        };
        assert!(combinations(&plain).is_empty());
    }
}
