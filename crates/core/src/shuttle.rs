//! How [`crate::model`] runs under `--cfg shuttle`: shuttle's PCT scheduler
//! (Burckhardt et al., "A Randomized Scheduler with Probabilistic
//! Guarantees of Finding Bugs", ASPLOS 2010), configured by environment
//! variables the way `LOOM_MAX_PREEMPTIONS` configures loom.
//!
//! | variable | meaning | default |
//! | --- | --- | --- |
//! | `FEARLESS_SHUTTLE_ITERATIONS` | executions per model, each under a fresh random schedule | [`DEFAULT_ITERATIONS`] |
//! | `FEARLESS_SHUTTLE_DEPTH` | PCT's bug depth: a bug that needs `d` ordering constraints is found in each execution with probability at least `1/(n k^(d-1))` for `n` threads and `k` steps | [`DEFAULT_DEPTH`] |
//! | `FEARLESS_SHUTTLE_SEED` | the seed of the random schedules (a `u64`), to rerun a whole search | fresh each run, printed on failure |
//! | `FEARLESS_SHUTTLE_REPLAY` | a schedule that shuttle printed for a failure: the model runs that one execution only | unset |
//!
//! When a model fails, shuttle prints the failing schedule (a string), and
//! this module prints the seed and depth. Replaying the schedule alone is
//! deterministic as long as the body takes no randomness or clock readings
//! that change the scheduling decisions:
//!
//! ```text
//! FEARLESS_SHUTTLE_REPLAY="<schedule>" cargo xtask shuttle -p CRATE MODEL_NAME
//! ```
//!
//! The settings are read in every build (so tools can show them); only the
//! runner itself needs `--cfg shuttle`.

use std::fmt;

/// Executions per model when `FEARLESS_SHUTTLE_ITERATIONS` is not set.
pub const DEFAULT_ITERATIONS: usize = 1000;

/// PCT depth when `FEARLESS_SHUTTLE_DEPTH` is not set: three finds bugs
/// that need two ordering constraints (two priority change points), the
/// depth of the usual lost wake-up or lost message.
pub const DEFAULT_DEPTH: usize = 3;

/// The environment variable that sets the executions per model.
pub const ITERATIONS_VAR: &str = "FEARLESS_SHUTTLE_ITERATIONS";
/// The environment variable that sets PCT's depth.
pub const DEPTH_VAR: &str = "FEARLESS_SHUTTLE_DEPTH";
/// The environment variable that fixes the seed.
pub const SEED_VAR: &str = "FEARLESS_SHUTTLE_SEED";
/// The environment variable that replays one printed schedule.
pub const REPLAY_VAR: &str = "FEARLESS_SHUTTLE_REPLAY";

/// How shuttle runs each model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Executions per model (at least 1).
    pub iterations: usize,
    /// PCT's depth (at least 1).
    pub depth: usize,
    /// The seed; `None` picks a fresh one.
    pub seed: Option<u64>,
    /// A schedule to replay instead of searching.
    pub replay: Option<String>,
}

/// A setting that is not a valid value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    /// The variable.
    pub var: &'static str,
    /// Its value.
    pub value: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let want = if self.var == SEED_VAR {
            "an unsigned 64-bit integer"
        } else {
            "a positive integer"
        };
        write!(f, "{} must be {want}, not `{}`", self.var, self.value)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// The settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|var| std::env::var(var).ok())
    }

    /// The settings from `lookup` (variable name to value), unset or empty
    /// variables taking their defaults.
    ///
    /// ```
    /// use fearless_core::shuttle::{Settings, DEFAULT_DEPTH};
    ///
    /// let s = Settings::from_lookup(|var| (var == "FEARLESS_SHUTTLE_ITERATIONS").then(|| "50".into()))
    ///     .unwrap();
    /// assert_eq!((s.iterations, s.depth, s.seed), (50, DEFAULT_DEPTH, None));
    /// assert!(Settings::from_lookup(|_| Some("zero".into())).is_err());
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |var: &str| lookup(var).filter(|v| !v.trim().is_empty());
        let positive = |var: &'static str, default: usize| match get(var) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(SettingsError { var, value: v }),
            },
        };
        let seed = match get(SEED_VAR) {
            None => None,
            Some(v) => Some(v.trim().parse::<u64>().map_err(|_| SettingsError {
                var: SEED_VAR,
                value: v,
            })?),
        };
        Ok(Self {
            iterations: positive(ITERATIONS_VAR, DEFAULT_ITERATIONS)?,
            depth: positive(DEPTH_VAR, DEFAULT_DEPTH)?,
            seed,
            replay: get(REPLAY_VAR).map(|v| v.trim().to_string()),
        })
    }
}

/// A seed that differs from run to run, without a random-number crate:
/// std's hasher keys are drawn from the operating system.
#[cfg(shuttle)]
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// Runs `f` under the PCT scheduler with the environment's [`Settings`]
/// (or replays one schedule), printing what is needed to reproduce a
/// failure before passing the panic on.
#[cfg(shuttle)]
pub(crate) fn check<F>(f: F)
where
    F: Fn() + Sync + Send + 'static,
{
    use shuttle::scheduler::{PctScheduler, ReplayScheduler};
    use shuttle::{Config, FailurePersistence, Runner};

    let settings = Settings::from_env().unwrap_or_else(|e| panic!("{e}"));
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::Print;
    // shuttle warns once per run that it treats every atomic access as
    // SeqCst; docs/verification.md says so, and loom covers the orderings.
    config.silence_warnings = true;
    if let Some(schedule) = &settings.replay {
        Runner::new(ReplayScheduler::new_from_encoded(schedule), config).run(f);
        return;
    }
    let seed = settings.seed.unwrap_or_else(fresh_seed);
    let scheduler = PctScheduler::new_from_seed(seed, settings.depth, settings.iterations);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Runner::new(scheduler, config).run(f)
    }));
    if let Err(panic) = outcome {
        eprintln!(
            "shuttle model failed: {SEED_VAR}={seed} {DEPTH_VAR}={} {ITERATIONS_VAR}={} \
             reruns this search; {REPLAY_VAR}=\"<the failing schedule above>\" replays \
             the failing execution alone",
            settings.depth, settings.iterations
        );
        std::panic::resume_unwind(panic);
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |var| {
            pairs
                .iter()
                .find(|(k, _)| *k == var)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn unset_and_empty_variables_take_the_defaults() {
        let want = Settings {
            iterations: DEFAULT_ITERATIONS,
            depth: DEFAULT_DEPTH,
            seed: None,
            replay: None,
        };
        assert_eq!(Settings::from_lookup(lookup(&[])), Ok(want.clone()));
        let empty = [(ITERATIONS_VAR, " "), (SEED_VAR, ""), (REPLAY_VAR, "")];
        assert_eq!(Settings::from_lookup(lookup(&empty)), Ok(want));
    }

    #[test]
    fn every_variable_is_read() {
        let all = [
            (ITERATIONS_VAR, "20"),
            (DEPTH_VAR, "2"),
            (SEED_VAR, "18446744073709551615"),
            (REPLAY_VAR, " 9102ab "),
        ];
        assert_eq!(
            Settings::from_lookup(lookup(&all)),
            Ok(Settings {
                iterations: 20,
                depth: 2,
                seed: Some(u64::MAX),
                replay: Some("9102ab".into()),
            })
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (var, value) in [
            (ITERATIONS_VAR, "0"),
            (DEPTH_VAR, "-1"),
            (SEED_VAR, "x"),
            (ITERATIONS_VAR, "1e3"),
        ] {
            let err = Settings::from_lookup(lookup(&[(var, value)])).unwrap_err();
            assert_eq!(err.var, var);
            assert!(err.to_string().contains(var) && err.to_string().contains(value));
        }
    }
}
