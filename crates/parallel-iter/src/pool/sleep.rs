//! Idle workers: bounded spinning, then sleep without losing a wake-up.
//!
//! The protocol (see `README.md` in this directory for the argument):
//!
//! - One `AtomicU64` holds two counters: the number of committed sleepers
//!   (low 32 bits) and the jobs event counter `JEC` (high 32 bits). An odd
//!   `JEC` means "some worker announced it is about to sleep".
//! - An idle worker searches for `SPIN_TIME`, then *announces*:
//!   it makes `JEC` odd (or notes that it already is) and remembers it,
//!   issues a `SeqCst` fence, and searches every queue once more. If that
//!   fails, it locks its own sleep mutex, re-checks its wake condition
//!   (latch or shutdown), and commits with a CAS that adds one sleeper only
//!   if `JEC` still equals the announced value; then it blocks on its
//!   condvar.
//! - A producer pushes its job, issues a `SeqCst` fence, and reads the
//!   counters. If `JEC` is odd it increments it (making every pending
//!   commit fail); then, if any worker sleeps, it wakes one.
//!
//! Invariant: a job is never stranded while every worker sleeps. Either the
//! announcing worker's final search sees the job (its fence came after the
//! producer's), or the producer sees the announcement (its fence came
//! after) and then either invalidates the commit or sees the sleeper.
//!
//! Idle workers also count themselves while they search (spin) rather
//! than sleep: a busy thread's heartbeat reads that count as "someone is
//! hungry" and promotes a frame early (see `heartbeat.rs`). The count is a
//! hint that changes only *when* a frame is promoted, never whether a job
//! is found, so it is left out under loom, where models force promotions
//! at chosen joins instead.
//!
//! Models: `src/pool/models.rs`
//! (`idle_worker_wakes_for_job_pushed_while_it_falls_asleep`, loom).

use crossbeam_utils::CachePadded;
#[cfg(not(loom))]
use fearless_core::sync::atomic::AtomicUsize;
use fearless_core::sync::{
    Condvar, Mutex, PoisonError,
    atomic::{AtomicU64, Ordering, fence},
    thread,
};
#[cfg(not(loom))]
use std::time::{Duration, Instant};

/// How long an idle worker keeps searching (each round a full search and
/// a yield) before it announces sleepiness: measured on the clock, since a
/// yield costs 0.5-1 us on the 2-vCPU VM and a fraction of that on bare
/// metal.
///
/// While it searches it counts as hungry, so a busy thread promotes for
/// it after `HUNGRY_INTERVAL` of work; but a busy thread reads its clock
/// only every 1/8 to 1/2 of an interval (`heartbeat.rs`), so a short
/// search mostly ended before the next read, and the thief slept until a
/// regular beat woke it. The former bound, 16 rounds (10-16 us here),
/// left `join` over fib(30) (cutoff 18) on 2 threads at 1.05-1.11x
/// rayon's time; 30 us brought it to 0.97-1.05x (medians of 300
/// interleaved runs, four runs each). rayon's workers search about as
/// long (32 yields) before they sleep.
#[cfg(not(loom))]
const SPIN_TIME: Duration = Duration::from_micros(30);

const ONE_SLEEPER: u64 = 1;
const SLEEPER_MASK: u64 = 0xFFFF_FFFF;
const ONE_JEC: u64 = 1 << 32;

fn sleepers(state: u64) -> u64 {
    state & SLEEPER_MASK
}

fn jec(state: u64) -> u64 {
    state >> 32
}

fn is_sleepy(state: u64) -> bool {
    jec(state) & 1 == 1
}

/// A worker's progress towards sleep; reset whenever it finds work.
pub(super) struct IdleState {
    /// The idle spell's search, started at its first search in vain.
    spin: SpinWindow,
    announced_jec: Option<u64>,
    /// Counted in [`Sleep::searching`].
    searching: bool,
}

impl IdleState {
    pub(super) fn new() -> Self {
        IdleState {
            spin: SpinWindow::new(),
            announced_jec: None,
            searching: false,
        }
    }
}

/// A bounded spell of searching or probing before a thread blocks:
/// `SPIN_TIME` on the clock from the first call of [`SpinWindow::open`].
/// Idle workers and waiting guests (`latch.rs`) share it.
pub(super) struct SpinWindow {
    #[cfg(not(loom))]
    since: Option<Instant>,
}

impl SpinWindow {
    pub(super) fn new() -> Self {
        SpinWindow {
            #[cfg(not(loom))]
            since: None,
        }
    }

    /// Whether the spell is young enough to search (or probe) again
    /// rather than block; its clock starts at the first call.
    #[cfg(not(loom))]
    pub(super) fn open(&mut self) -> bool {
        let now = Instant::now();
        let since = *self.since.get_or_insert(now);
        now.saturating_duration_since(since) < SPIN_TIME
    }

    /// Under loom spinning only multiplies interleavings: block at once.
    #[cfg(loom)]
    pub(super) fn open(&mut self) -> bool {
        false
    }
}

struct WorkerSleep {
    is_blocked: Mutex<bool>,
    condvar: Condvar,
}

/// The sleep state of a pool.
pub(crate) struct Sleep {
    counters: CachePadded<AtomicU64>,
    /// Workers searching for work (spinning, not asleep): the heartbeat's
    /// hunger hint.
    #[cfg(not(loom))]
    searching: CachePadded<AtomicUsize>,
    workers: Vec<CachePadded<WorkerSleep>>,
}

impl Sleep {
    pub(super) fn new(num_workers: usize) -> Self {
        Sleep {
            counters: CachePadded::new(AtomicU64::new(0)),
            #[cfg(not(loom))]
            searching: CachePadded::new(AtomicUsize::new(0)),
            workers: (0..num_workers)
                .map(|_| {
                    CachePadded::new(WorkerSleep {
                        is_blocked: Mutex::new(false),
                        condvar: Condvar::new(),
                    })
                })
                .collect(),
        }
    }

    /// Called by worker `index` after a search found nothing. The caller
    /// searches again after this returns, unless `wake_condition()` holds.
    pub(super) fn no_work_found(
        &self,
        idle: &mut IdleState,
        index: usize,
        wake_condition: impl Fn() -> bool,
    ) {
        if !idle.searching {
            idle.searching = true;
            self.count_searcher(true);
        }
        if idle.spin.open() {
            thread::yield_now();
        } else if idle.announced_jec.is_none() {
            idle.announced_jec = Some(self.announce_sleepy());
        } else {
            let announced = idle.announced_jec.take().unwrap_or_default();
            // A sleeper is not hungry: promoting for it would pay a wake-up
            // per promotion. The regular heartbeat (and its push's wake)
            // still reaches it.
            self.idle_ended(idle);
            self.sleep(announced, index, wake_condition);
        }
    }

    /// The worker found work, or stopped waiting: it no longer searches,
    /// and its next idle spell starts over.
    #[inline]
    pub(super) fn idle_ended(&self, idle: &mut IdleState) {
        if idle.searching {
            self.count_searcher(false);
        }
        *idle = IdleState::new();
    }

    #[cfg(not(loom))]
    fn count_searcher(&self, searching: bool) {
        // Relaxed: a hint read by the heartbeat; a stale value only moves a
        // promotion by one clock read, and no data is published through it.
        if searching {
            self.searching.fetch_add(1, Ordering::Relaxed);
        } else {
            self.searching.fetch_sub(1, Ordering::Relaxed);
        }
    }

    #[cfg(loom)]
    fn count_searcher(&self, _searching: bool) {}

    /// Whether some worker of this pool is searching for work right now
    /// (the heartbeat's hunger hint; there is no clock under loom).
    #[cfg(not(loom))]
    #[inline]
    pub(super) fn has_searcher(&self) -> bool {
        // Relaxed: a hint, see `count_searcher`.
        self.searching.load(Ordering::Relaxed) > 0
    }

    /// Makes `JEC` odd and returns it; the fence orders the announcement
    /// before the caller's final search.
    fn announce_sleepy(&self) -> u64 {
        // Relaxed: the counters carry no data; ordering against the queues
        // comes from the SeqCst fence below.
        let mut current = self.counters.load(Ordering::Relaxed);
        let announced = loop {
            if is_sleepy(current) {
                break jec(current);
            }
            let new = current.wrapping_add(ONE_JEC);
            // Relaxed: as for the load above; the fence orders it.
            match self.counters.compare_exchange_weak(
                current,
                new,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break jec(new),
                Err(actual) => current = actual,
            }
        };
        // SeqCst fence: pairs with the fence in `new_jobs`. Either this fence
        // precedes the producer's (and the producer's load sees the
        // announcement) or it follows it (and our next search sees the job).
        fence(Ordering::SeqCst);
        announced
    }

    fn sleep(&self, announced: u64, index: usize, wake_condition: impl Fn() -> bool) {
        let me = &self.workers[index];
        let mut blocked = me.is_blocked.lock().unwrap_or_else(PoisonError::into_inner);
        // Checked under the lock that `wake_worker` takes after the latch or
        // shutdown flag is set, so that setting cannot slip in unnoticed.
        if wake_condition() {
            return;
        }
        // Relaxed: a stale value only makes the CAS below fail and retry.
        let mut current = self.counters.load(Ordering::Relaxed);
        loop {
            if jec(current) != announced {
                // A job arrived since we announced: search again.
                return;
            }
            // AcqRel: the commit is one RMW in the counters' modification
            // order; acquiring keeps a producer's increment (and the job
            // behind it) ordered before our next search if we lose the race.
            match self.counters.compare_exchange_weak(
                current,
                current + ONE_SLEEPER,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(actual) => current = actual,
            }
        }
        *blocked = true;
        while *blocked {
            blocked = me
                .condvar
                .wait(blocked)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Called after pushing `1` job anywhere in the pool.
    pub(super) fn new_jobs(&self) {
        // SeqCst fence: pairs with the fence in `announce_sleepy` (see there).
        fence(Ordering::SeqCst);
        // Relaxed: ordered by the fence above.
        let mut current = self.counters.load(Ordering::Relaxed);
        while is_sleepy(current) {
            // Relaxed: the CAS only needs to be one RMW in the modification
            // order, so that a sleeper's commit CAS either sees it or is seen.
            match self.counters.compare_exchange_weak(
                current,
                current.wrapping_add(ONE_JEC),
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    current = current.wrapping_add(ONE_JEC);
                    break;
                }
                Err(actual) => current = actual,
            }
        }
        if sleepers(current) > 0 {
            self.wake_any();
        }
    }

    fn wake_any(&self) {
        for index in 0..self.workers.len() {
            if self.wake_worker(index) {
                return;
            }
        }
    }

    /// Wakes worker `index` if it sleeps; returns whether it did.
    pub(super) fn wake_worker(&self, index: usize) -> bool {
        let worker = &self.workers[index];
        let mut blocked = worker
            .is_blocked
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !*blocked {
            return false;
        }
        *blocked = false;
        // Relaxed: the count is only a hint for producers; it is changed
        // under the sleeper's lock, so each sleeper is counted out once.
        self.counters.fetch_sub(ONE_SLEEPER, Ordering::Relaxed);
        worker.condvar.notify_one();
        true
    }

    /// Wakes every sleeping worker (shutdown).
    pub(super) fn wake_all(&self) {
        for index in 0..self.workers.len() {
            self.wake_worker(index);
        }
    }
}
