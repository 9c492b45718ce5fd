//! `xtask/bench.toml`: which variants are ours, what `--quick` runs, and
//! the goals the verdict table checks. The file's header explains each key;
//! everything else the bench run finds on disk.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// What applies to a crate without its own entry.
    #[serde(default)]
    pub defaults: Roles,
    /// Per package name.
    #[serde(default, rename = "crate")]
    pub crates: BTreeMap<String, CrateConfig>,
    /// The goals, in the order they are listed.
    #[serde(default, rename = "goal")]
    pub goals: Vec<Goal>,
}

/// Which variants are ours and which are baselines.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// A variant is ours when its name starts with one of these.
    #[serde(default = "default_ours")]
    pub ours: Vec<String>,
    /// Exact names of variants that are references, not peers.
    #[serde(default)]
    pub baselines: Vec<String>,
}

impl Default for Roles {
    fn default() -> Self {
        Roles {
            ours: default_ours(),
            baselines: Vec::new(),
        }
    }
}

fn default_ours() -> Vec<String> {
    vec!["fearless".to_string()]
}

/// One crate's entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Replaces the default `ours` when given.
    pub ours: Option<Vec<String>>,
    /// Added to the default baselines.
    #[serde(default)]
    pub baselines: Vec<String>,
    /// What `--quick` runs; everything when absent.
    pub quick: Option<Quick>,
}

/// The subset of a crate's benches that decides its goals.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quick {
    /// Bench targets to run (all when absent).
    pub benches: Option<Vec<String>>,
    /// A criterion filter for them (none when absent).
    pub filter: Option<String>,
}

/// A promise about one workload: our variant against a peer.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The package; any crate when absent.
    #[serde(rename = "crate")]
    pub krate: Option<String>,
    /// The criterion group.
    pub group: String,
    /// One parameter value; every one when absent.
    pub param: Option<String>,
    /// Our variant; our best when absent.
    pub ours: Option<String>,
    /// The peer; the best peer when absent.
    pub against: Option<String>,
    /// Our throughput over the peer's must be at least this.
    pub at_least: Option<f64>,
    /// We may be at most this many times slower than the peer.
    pub within: Option<f64>,
}

impl Goal {
    /// The lowest acceptable ratio (our throughput over the peer's).
    pub fn threshold(&self) -> f64 {
        match (self.at_least, self.within) {
            (Some(a), _) => a,
            (None, Some(w)) => 1.0 / w,
            _ => 1.0,
        }
    }

    /// The goal in words: `>= 5x std_rwlock_arc`, `within 1.2x of rayon`.
    pub fn describe(&self, peer: &str) -> String {
        match (self.at_least, self.within) {
            (None, Some(w)) => format!("within {w}x of {peer}"),
            _ => format!(">= {}x {peer}", self.threshold()),
        }
    }

    /// Whether the goal is about this workload.
    pub fn applies(&self, package: &str, group: &str, param: Option<&str>) -> bool {
        self.krate.as_deref().is_none_or(|k| k == package)
            && self.group == group
            && self.param.as_deref().is_none_or(|p| Some(p) == param)
    }
}

impl Config {
    /// Reads and checks the file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the file's text and checks each goal.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for g in &config.goals {
            if g.at_least.is_some() == g.within.is_some() {
                return Err(format!(
                    "goal for `{}`: give exactly one of `at_least` and `within`",
                    g.group
                ));
            }
            if !(g.threshold().is_finite() && g.threshold() > 0.0) {
                return Err(format!(
                    "goal for `{}`: the ratio must be positive",
                    g.group
                ));
            }
        }
        Ok(config)
    }

    /// The roles of `package`'s variants.
    pub fn roles(&self, package: &str) -> Roles {
        let mut roles = self.defaults.clone();
        if let Some(c) = self.crates.get(package) {
            if let Some(ours) = &c.ours {
                roles.ours = ours.clone();
            }
            roles.baselines.extend(c.baselines.iter().cloned());
        }
        roles
    }

    /// What `--quick` runs of `package`, if the file narrows it.
    pub fn quick(&self, package: &str) -> Option<&Quick> {
        self.crates.get(package)?.quick.as_ref()
    }
}

impl Roles {
    /// Whether `variant` is one of ours.
    pub fn is_ours(&self, variant: &str) -> bool {
        self.ours.iter().any(|p| variant.starts_with(p.as_str()))
    }

    /// Whether `variant` is a baseline (compared, never the best peer).
    pub fn is_baseline(&self, variant: &str) -> bool {
        self.baselines.iter().any(|b| b == variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_file_parses() {
        let path = crate::step::workspace_root().join("xtask/bench.toml");
        let config = Config::load(&path).unwrap();
        assert!(!config.goals.is_empty());
        assert!(config.roles("fearless-locks").is_ours("config_cell_load"));
        assert!(!config.roles("fearless-locks").is_ours("std_rwlock_arc"));
        // A crate without an entry gets the defaults.
        let apps = config.roles("fearless-apps");
        assert!(apps.is_ours("fearless_pipeline") && apps.is_baseline("sequential"));
    }

    #[test]
    fn goals_read_both_ways_and_bad_ones_are_refused() {
        let c = Config::parse(
            "[[goal]]\ngroup = \"g\"\nat_least = 5.0\nagainst = \"std\"\n\
             [[goal]]\ngroup = \"h\"\nparam = \"2\"\nwithin = 1.25\n",
        )
        .unwrap();
        assert_eq!(c.goals[0].threshold(), 5.0);
        assert_eq!(c.goals[0].describe("std"), ">= 5x std");
        assert_eq!(c.goals[1].threshold(), 0.8);
        assert_eq!(c.goals[1].describe("rayon"), "within 1.25x of rayon");
        assert!(c.goals[1].applies("any", "h", Some("2")));
        assert!(!c.goals[1].applies("any", "h", Some("4")));
        assert!(Config::parse("[[goal]]\ngroup = \"g\"\n").is_err());
        assert!(Config::parse("[[goal]]\ngroup = \"g\"\nat_least = 1.0\nwithin = 1.0\n").is_err());
        assert!(Config::parse("[[goal]]\ngroup = \"g\"\nwithin = 0.0\n").is_err());
        assert!(Config::parse("[crate.x]\nquik = 1\n").is_err());
    }
}
