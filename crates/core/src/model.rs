//! One test body, three meanings: a loom model under `--cfg loom`, a
//! shuttle model under `--cfg shuttle`, a plain unit test on real threads
//! otherwise.
//!
//! Models: `tests/shuttle_models.rs` (`shuttle_finds_a_lost_update`: the
//! checker can fail); every model of the workspace runs through this file.

/// The preemption bound of a model that does not ask for another one
/// (when `LOOM_MAX_PREEMPTIONS` does not cap it lower).
///
/// Two preemptions find the overwhelming majority of ordering bugs (tokio's
/// CI runs with the same bound) while keeping every model of a handful of
/// operations to seconds.
pub const DEFAULT_LOOM_PREEMPTIONS: usize = 2;

/// Runs `f` as a model under `--cfg loom` or `--cfg shuttle`, and once on
/// real threads otherwise.
///
/// Under loom, `f` runs once per interleaving of the threads it spawns with
/// [`crate::sync::thread::spawn`], with at most `LOOM_MAX_PREEMPTIONS`
/// preemptions per execution (default [`DEFAULT_LOOM_PREEMPTIONS`]). Under
/// shuttle, `f` runs `FEARLESS_SHUTTLE_ITERATIONS` times under the PCT
/// scheduler (see [`crate::shuttle`]). Without either the same body is an
/// ordinary test, so a model is never left unexercised by `cargo test`.
///
/// ```
/// use fearless_core::sync::atomic::{AtomicBool, Ordering};
/// use fearless_core::sync::{thread, Arc};
///
/// fearless_core::model(|| {
///     let flag = Arc::new(AtomicBool::new(false));
///     let setter = {
///         let flag = Arc::clone(&flag);
///         thread::spawn(move || flag.store(true, Ordering::Release))
///     };
///     setter.join().unwrap();
///     assert!(flag.load(Ordering::Acquire));
/// });
/// ```
pub fn model<F>(f: F)
where
    F: Fn() + Sync + Send + 'static,
{
    model_with_preemptions(None, f)
}

/// Like [`model`], but with an explicit preemption bound for a model that is
/// known to be too large for the default. `None` means "the environment's
/// `LOOM_MAX_PREEMPTIONS`, else [`DEFAULT_LOOM_PREEMPTIONS`]". An explicit
/// bound is itself capped by `LOOM_MAX_PREEMPTIONS` when that is set, so CI
/// can always lower every model at once. Under shuttle the bound does not
/// apply (PCT's depth, `FEARLESS_SHUTTLE_DEPTH`, plays its part).
pub fn model_with_preemptions<F>(bound: Option<usize>, f: F)
where
    F: Fn() + Sync + Send + 'static,
{
    #[cfg(shuttle)]
    {
        let _ = bound;
        crate::shuttle::check(f);
    }
    #[cfg(all(loom, not(shuttle)))]
    {
        let mut builder = loom::model::Builder::new();
        let from_env = std::env::var("LOOM_MAX_PREEMPTIONS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok());
        let chosen = match (bound, from_env) {
            (Some(b), Some(e)) => b.min(e),
            (Some(b), None) => b,
            (None, Some(e)) => e,
            (None, None) => DEFAULT_LOOM_PREEMPTIONS,
        };
        builder.preemption_bound = Some(chosen);
        builder.check(f);
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        let _ = bound;
        f();
    }
}
