//! How a run is configured: [`Parallel`] and its builder.

use core::time::Duration;

use fearless_atomics::StopFlag;
#[cfg(not(loom))]
use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::thread;

use crate::error::ConfigError;

/// How chunks are shared out among the workers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// Workers claim the next chunk from a shared atomic cursor when they
    /// finish one, so uneven item costs even out (the default). The
    /// automatic chunk size is small: about 16 chunks per thread.
    #[default]
    Dynamic,
    /// Worker `w` of `t` processes the `w`-th of `t` contiguous, equal
    /// blocks of the input, decided before the run starts. The automatic
    /// chunk size is one block per thread. Cheapest bookkeeping, but the
    /// run takes as long as its most expensive block.
    Static,
}

/// Which scoped-thread implementation runs the workers. Both give the same
/// results; they exist so callers (and the benches) can compare them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ThreadScope {
    /// The standard library's scoped threads (the default).
    #[default]
    Std,
    /// `crossbeam_utils::thread::scope` (what `crossbeam::scope` is).
    Crossbeam,
}

/// The default time an automatic run spends on the caller's thread before
/// deciding whether threads are worth starting: a few times what starting
/// a thread costs, so small work never pays for threads and large work
/// loses at most this much parallel time. See
/// [`ParallelBuilder::inline_threshold`].
#[cfg(not(loom))]
pub const DEFAULT_INLINE_THRESHOLD: Duration = Duration::from_micros(50);

/// Under the model checkers (`cfg(loom)`, which `cargo xtask shuttle` also
/// sets) one nanosecond: the probe runs its first piece inline, finds the
/// budget spent and hands the rest to the workers, every time. No clock
/// decides, so each schedule replays exactly, and a model at the default
/// settings crosses the inline/parallel boundary (an inline prefix, then a
/// plan whose base is past it).
#[cfg(loom)]
pub const DEFAULT_INLINE_THRESHOLD: Duration = Duration::from_nanos(1);

/// A run configuration: how many threads, which chunk size, which schedule
/// and thread scope. Build one with [`Parallel::builder`]; the free
/// functions of the crate use [`Parallel::new`], the defaults.
///
/// ```
/// use fearless_scoped::{ThreadScope, Parallel, Schedule};
///
/// let par = Parallel::builder()
///     .threads(3)
///     .chunk(64)
///     .schedule(Schedule::Static)
///     .thread_scope(ThreadScope::Crossbeam)
///     .build()
///     .unwrap();
/// let squares = par.map(&[1, 2, 3, 4], |x| x * x);
/// assert_eq!(squares, [1, 4, 9, 16]);
///
/// // Zero threads is a configuration error, not a panic.
/// assert!(Parallel::builder().threads(0).build().is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Parallel<'s> {
    pub(crate) threads: usize,
    pub(crate) chunk: Option<usize>,
    pub(crate) schedule: Schedule,
    pub(crate) thread_scope: ThreadScope,
    pub(crate) inline_threshold: Duration,
    pub(crate) stop_flag: Option<&'s StopFlag>,
}

impl Default for Parallel<'_> {
    fn default() -> Self {
        Parallel::new()
    }
}

impl Parallel<'static> {
    /// The defaults: [`available_parallelism`](fearless_core::sync::thread::available_parallelism)
    /// threads, automatic chunk size, [`Schedule::Dynamic`],
    /// [`ThreadScope::Std`], [`DEFAULT_INLINE_THRESHOLD`], no shared stop flag.
    pub fn new() -> Self {
        Self {
            threads: default_threads(),
            chunk: None,
            schedule: Schedule::Dynamic,
            thread_scope: ThreadScope::Std,
            inline_threshold: DEFAULT_INLINE_THRESHOLD,
            stop_flag: None,
        }
    }

    /// A builder starting from the defaults.
    pub fn builder() -> ParallelBuilder<'static> {
        ParallelBuilder {
            config: Self::new(),
            threads: None,
            chunk: None,
        }
    }
}

impl<'s> Parallel<'s> {
    /// The number of threads a run may use (the caller's thread included).
    pub fn thread_count(&self) -> usize {
        self.threads
    }

    /// The chunk size, or `None` for automatic.
    pub fn chunk_size(&self) -> Option<usize> {
        self.chunk
    }

    /// The schedule.
    pub fn schedule_kind(&self) -> Schedule {
        self.schedule
    }

    /// Which scoped threads run the workers.
    pub fn thread_scope_kind(&self) -> ThreadScope {
        self.thread_scope
    }
}

/// The available parallelism, asked of the OS once and cached: reading it
/// can cost file reads (cgroup limits), too much for every small run.
#[cfg(not(loom))]
fn default_threads() -> usize {
    static CACHED: AtomicUsize = AtomicUsize::new(0);
    // Relaxed: the value is self-contained and every thread computes the
    // same one, so a racing first call only repeats the query.
    match CACHED.load(Ordering::Relaxed) {
        0 => {
            let n = thread::available_parallelism().map_or(1, usize::from);
            CACHED.store(n, Ordering::Relaxed);
            n
        }
        n => n,
    }
}

/// Under the model checkers (`cfg(loom)`, which `cargo xtask shuttle` also
/// sets) no cache: a checker's atomic in a `static` would outlive the
/// execution that created it, and shuttle fails the next execution that
/// touches it.
#[cfg(loom)]
fn default_threads() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// Builds a [`Parallel`]; settings are checked by [`build`](Self::build).
#[derive(Clone, Copy, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ParallelBuilder<'s> {
    config: Parallel<'s>,
    threads: Option<usize>,
    chunk: Option<usize>,
}

impl<'s> ParallelBuilder<'s> {
    /// Use at most `n` threads, the caller's included (default: the
    /// available parallelism). `0` makes [`build`](Self::build) fail with
    /// [`ConfigError::ZeroThreads`]. A run never starts more threads than
    /// it has chunks.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// Use chunks of exactly `n` items (the last may be shorter) instead of
    /// the automatic size; the chunk functions then see sub-slices of `n`
    /// items starting at multiples of `n`. `0` makes
    /// [`build`](Self::build) fail with [`ConfigError::ZeroChunk`].
    pub fn chunk(mut self, n: usize) -> Self {
        self.chunk = Some(n);
        self
    }

    /// Go back to the automatic chunk size (the default).
    pub fn auto_chunk(mut self) -> Self {
        self.chunk = None;
        self
    }

    /// How chunks are shared out (default [`Schedule::Dynamic`]).
    pub fn schedule(mut self, schedule: Schedule) -> Self {
        self.config.schedule = schedule;
        self
    }

    /// Which scoped-thread implementation to use (default [`ThreadScope::Std`]).
    pub fn thread_scope(mut self, thread_scope: ThreadScope) -> Self {
        self.config.thread_scope = thread_scope;
        self
    }

    /// The inline fallback. A run first processes items on the caller's
    /// thread, timing them; only when that has taken `threshold` and the
    /// rest is estimated to take at least as long again does it start
    /// threads for the rest. Work too small to repay starting threads thus
    /// never pays for them. `Duration::ZERO` starts threads at once (useful
    /// in tests); with an explicit [`chunk`](Self::chunk) the probe works in
    /// whole chunks. Default [`DEFAULT_INLINE_THRESHOLD`].
    pub fn inline_threshold(mut self, threshold: Duration) -> Self {
        self.config.inline_threshold = threshold;
        self
    }

    /// Share `flag` with the run: the run raises it as soon as an item fails
    /// or panics, so a closure that runs long items can capture the same
    /// flag, poll it, and return early. (Raising it yourself does not stop
    /// a run; to cancel, return an error from a `try_*` closure when you
    /// see it raised.) The flag stays raised after the run.
    ///
    /// ```
    /// use fearless_atomics::StopFlag;
    /// use fearless_scoped::Parallel;
    ///
    /// let stop = StopFlag::new();
    /// let par = Parallel::builder().stop_flag(&stop).build().unwrap();
    /// let data: Vec<u64> = (0..64).collect();
    /// let result = par.try_for_each(&data, |&x| {
    ///     if x == 7 {
    ///         return Err("seven");
    ///     }
    ///     // A long item gives up early once another item failed.
    ///     for _ in 0..1_000 {
    ///         if stop.is_stopped() {
    ///             return Err("gave up");
    ///         }
    ///         std::hint::black_box(x);
    ///     }
    ///     Ok(())
    /// });
    /// // Errors that follow the first one are dropped.
    /// assert_eq!(result.unwrap_err().error, "seven");
    /// assert!(stop.is_stopped());
    /// ```
    pub fn stop_flag<'f>(self, flag: &'f StopFlag) -> ParallelBuilder<'f>
    where
        's: 'f,
    {
        ParallelBuilder {
            config: Parallel {
                stop_flag: Some(flag),
                ..self.config
            },
            threads: self.threads,
            chunk: self.chunk,
        }
    }

    /// Checks the settings.
    pub fn build(self) -> Result<Parallel<'s>, ConfigError> {
        let mut config = self.config;
        if let Some(n) = self.threads {
            if n == 0 {
                return Err(ConfigError::ZeroThreads);
            }
            config.threads = n;
        }
        config.chunk = match self.chunk {
            Some(0) => return Err(ConfigError::ZeroChunk),
            other => other,
        };
        Ok(config)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn zero_settings_are_errors() {
        assert_eq!(
            Parallel::builder().threads(0).build().unwrap_err(),
            ConfigError::ZeroThreads
        );
        assert_eq!(
            Parallel::builder().chunk(0).build().unwrap_err(),
            ConfigError::ZeroChunk
        );
        let p = Parallel::builder().threads(3).chunk(5).build().unwrap();
        assert_eq!((p.thread_count(), p.chunk_size()), (3, Some(5)));
        assert!(Parallel::new().thread_count() >= 1);
    }
}
