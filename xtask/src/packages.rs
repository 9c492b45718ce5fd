//! The workspace's packages as `cargo metadata` describes them: which are
//! published, their features and their declared MSRV.

use crate::step::{self, StepReport, cargo, workspace_root};

/// One workspace member.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    /// The package name.
    pub name: String,
    /// Its features, without `default`, in name order.
    pub features: Vec<String>,
    /// Whether it has a `default` feature set that is not empty.
    pub has_defaults: bool,
    /// Whether it may be published (`publish = false` says no).
    pub publish: bool,
    /// `rust-version`, if declared.
    pub rust_version: Option<String>,
}

/// Every workspace member, in `cargo metadata`'s order.
pub fn workspace() -> Result<Vec<Package>, String> {
    Ok(metadata()?
        .workspace_packages()
        .into_iter()
        .map(Package::from)
        .collect())
}

/// `cargo metadata` for the workspace alone (no dependency resolution).
pub fn metadata() -> Result<cargo_metadata::Metadata, String> {
    let mut cmd = cargo_metadata::MetadataCommand::new();
    if let Some(cargo) = std::env::var_os("CARGO") {
        cmd.cargo_path(cargo);
    }
    cmd.manifest_path(workspace_root().join("Cargo.toml"))
        .no_deps()
        .exec()
        .map_err(|e| format!("cargo metadata failed: {e}"))
}

/// `cargo package` of every published crate: each one's manifest, readme
/// and licence files make a valid crate archive, and its dependencies on
/// the other workspace crates resolve (cargo packs them together, so
/// unpublished versions are found). `--no-verify`: building each archive
/// again would double the step's time for what the other steps already
/// build; `--allow-dirty` so that a local run with changes still checks.
pub fn check_packaging() -> StepReport {
    let mut cmd = cargo();
    cmd.args(["package", "--no-verify", "--allow-dirty", "--quiet"]);
    match workspace() {
        Ok(ps) => {
            for p in ps.iter().filter(|p| p.publish) {
                cmd.args(["-p", &p.name]);
            }
        }
        Err(e) => {
            return step::finish(
                "cargo package",
                step::Outcome::Failed(e),
                Default::default(),
                String::new(),
            );
        }
    }
    step::run_step("cargo package", &mut cmd)
}

impl From<&cargo_metadata::Package> for Package {
    fn from(p: &cargo_metadata::Package) -> Self {
        let mut features: Vec<String> = p
            .features
            .keys()
            .filter(|k| *k != "default")
            .cloned()
            .collect();
        features.sort();
        Package {
            name: p.name.to_string(),
            features,
            has_defaults: p.features.get("default").is_some_and(|d| !d.is_empty()),
            // `None`: publish anywhere; `Some([])`: `publish = false`.
            publish: p.publish.as_ref().is_none_or(|r| !r.is_empty()),
            rust_version: p.rust_version.as_ref().map(|v| {
                // Cargo normalises `1.85` to `1.85.0`; keep what was declared.
                let full = v.to_string();
                full.strip_suffix(".0").map_or(full.clone(), str::to_string)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_features_defaults_and_msrv() {
        let ps = workspace().unwrap();
        let find = |n: &str| ps.iter().find(|p| p.name == n).unwrap();
        let par = find("fearless-par");
        assert!(par.features.iter().any(|f| f == "rayon"));
        assert!(!par.features.iter().any(|f| f == "default"));
        assert!(find("fearless").has_defaults);
        assert_eq!(par.rust_version, find("fearless-core").rust_version);
        assert!(
            par.rust_version
                .as_deref()
                .is_some_and(|v| !v.ends_with(".0"))
        );
    }

    #[test]
    fn the_workspace_publishes_the_crates_and_not_the_tools() {
        let ps = workspace().unwrap();
        let publish = |n: &str| ps.iter().find(|p| p.name == n).unwrap().publish;
        assert!(publish("fearless") && publish("fearless-core"));
        assert!(!publish("xtask") && !publish("fearless-bench-support"));
    }
}
