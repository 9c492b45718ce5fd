//! The workspace's packages as `cargo metadata` describes them: which are
//! published, their features and their declared MSRV.

use crate::step::{cargo, workspace_root};

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
    let out = cargo()
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// Reads `cargo metadata`'s JSON.
pub fn parse(json: &str) -> Result<Vec<Package>, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = v["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?;
    Ok(packages
        .iter()
        .filter_map(|p| {
            let features = p["features"].as_object()?;
            let mut names: Vec<String> = features
                .keys()
                .filter(|k| *k != "default")
                .cloned()
                .collect();
            names.sort();
            Some(Package {
                name: p["name"].as_str()?.to_string(),
                features: names,
                has_defaults: features
                    .get("default")
                    .and_then(|d| d.as_array())
                    .is_some_and(|d| !d.is_empty()),
                // `null`: publish anywhere; `[]`: `publish = false`.
                publish: p["publish"].as_array().is_none_or(|r| !r.is_empty()),
                rust_version: p["rust_version"].as_str().map(str::to_string),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_features_publish_and_msrv() {
        let json = r#"{"packages":[
            {"name":"fearless-par","features":{"default":[],"rayon":["dep:rayon"]},"publish":null,"rust_version":"1.85"},
            {"name":"xtask","features":{},"publish":[],"rust_version":null},
            {"name":"fearless","features":{"default":["full"],"full":["par"],"par":[]},"publish":null,"rust_version":"1.85"}
        ]}"#;
        let ps = parse(json).unwrap();
        assert_eq!(ps[0].features, ["rayon"]);
        assert!(ps[0].publish && !ps[0].has_defaults);
        assert_eq!(ps[0].rust_version.as_deref(), Some("1.85"));
        assert!(!ps[1].publish && ps[1].rust_version.is_none());
        assert_eq!(ps[2].features, ["full", "par"]);
        assert!(ps[2].has_defaults);
    }

    #[test]
    fn the_workspace_publishes_the_crates_and_not_the_tools() {
        let ps = workspace().unwrap();
        let publish = |n: &str| ps.iter().find(|p| p.name == n).unwrap().publish;
        assert!(publish("fearless") && publish("fearless-core"));
        assert!(!publish("xtask") && !publish("fearless-bench-support"));
    }
}
