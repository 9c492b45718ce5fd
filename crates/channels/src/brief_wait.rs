//! How long a blocked call stays awake before it parks: a waiting strategy
//! calibrated by time, not by a count of steps.
//!
//! A waiter first spins for [`SPIN_FOR`] (a peer on another core often
//! finishes within a few hundred nanoseconds), then lists itself and calls
//! `yield_now` until [`YIELD_FOR`] has passed since the wait began, and
//! only then parks. The clock is read only once an operation has missed:
//! one that can proceed at once costs no clock read.
//!
//! Why time and not a count: what a waiter wants to avoid is the futex
//! pair, a `park` that sleeps plus the peer's `unpark` that must wake it,
//! which costs microseconds on a virtual machine (both sides make a system
//! call and the sleeper is rescheduled). A `yield_now` costs from a few
//! hundred nanoseconds (nobody else runnable) to a whole time slice (other
//! threads run meanwhile), so a fixed number of yields lasts anywhere from
//! a few microseconds to milliseconds: too short to cover a peer that is
//! one context switch away when the machine is quiet, too long (and so
//! burning a core's share) when it is busy. A bound in time covers the
//! peer's usual delay on this machine and on bare metal alike and caps
//! what a waiter whose peer is slow can spend before it parks: at most
//! [`YIELD_FOR`] of processor time per blocking call, after which it sleeps
//! and costs nothing. Yielding, unlike spinning, gives the core away, so a
//! waiter never keeps a peer that shares its core from running.
//!
//! The figures behind the choice are in `src/README.md` ("Blocking: a
//! brief wait, then park").
//!
//! Under loom the wait ends at once: models go straight to parking, the
//! path whose correctness needs checking, and stay small.

#[cfg(not(loom))]
use fearless_core::sync::thread;
#[cfg(not(loom))]
use std::time::{Duration, Instant};

/// How long a waiter yields, counted from the start of its wait, before it
/// parks. kanal yields 256 times (about 25 us on a quiet machine); on the
/// development machine a park/unpark pair costs 2-12 us, so a peer that
/// answers within this bound saves both sides that cost.
#[cfg(not(loom))]
pub(crate) const YIELD_FOR: Duration = Duration::from_micros(20);

/// How long a waiter spins, from the start of its wait, before it lists
/// itself and yields: about what a peer running on another core needs to
/// finish one operation and move a cache line over. In time, not in
/// pauses: a `spin_loop` pause costs from a few nanoseconds to 85 ns (this
/// virtual machine), so a count of them means
/// anything from 50 ns to 5 us. Measured here, 200 ns beat 1 us, 2 us and
/// 5 us in the `bounded(1)` cells (0.7-0.9x kanal against 0.3-0.6x) and
/// matched them in the buffered ones.
#[cfg(not(loom))]
pub(crate) const SPIN_FOR: Duration = Duration::from_nanos(200);

/// Pauses between two looks at the clock while spinning.
#[cfg(not(loom))]
const SPIN_BATCH: u32 = 4;

/// The state of one wait: when it began and how far it got.
pub(crate) struct BriefWait {
    /// When the wait began.
    #[cfg(not(loom))]
    since: Instant,
    /// Still in the spinning phase.
    #[cfg(not(loom))]
    spinning: bool,
}

impl BriefWait {
    /// A wait that begins now.
    #[inline]
    pub(crate) fn new() -> BriefWait {
        BriefWait {
            #[cfg(not(loom))]
            since: Instant::now(),
            #[cfg(not(loom))]
            spinning: true,
        }
    }

    /// Waits a little (a few pauses, or one yield) and returns `true`, or
    /// returns `false` at once: the wait has lasted long enough, park now.
    #[inline]
    pub(crate) fn step(&mut self) -> bool {
        #[cfg(not(loom))]
        {
            if self.spin() {
                return true;
            }
            if self.since.elapsed() >= YIELD_FOR {
                return false;
            }
            thread::yield_now();
            true
        }
        #[cfg(loom)]
        {
            false
        }
    }

    /// Spins a few pauses and returns `true` while in the spinning phase;
    /// `false` once it is over (the caller should then list itself as a
    /// waiter and go on with [`BriefWait::step`]).
    #[inline]
    pub(crate) fn spin(&mut self) -> bool {
        #[cfg(not(loom))]
        {
            if !self.spinning {
                return false;
            }
            if self.since.elapsed() >= SPIN_FOR {
                self.spinning = false;
                return false;
            }
            for _ in 0..SPIN_BATCH {
                std::hint::spin_loop();
            }
            true
        }
        #[cfg(loom)]
        {
            false
        }
    }
}
