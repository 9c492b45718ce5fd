//! How long a blocked call stays awake before it parks: a waiting strategy
//! calibrated by time, not by a count of steps.
//!
//! A waiter first spins a few rounds (a peer on another core often
//! finishes within a few hundred nanoseconds), then calls `yield_now` until
//! [`YIELD_FOR`] has passed since the wait began, and only then parks.
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
//! The figures behind the choice are in `src/README.md` ("Waiting").
//!
//! Under loom the wait ends at once: models go straight to parking, the
//! path whose correctness needs checking, and stay small.

#[cfg(not(loom))]
use fearless_core::sync::thread;
#[cfg(not(loom))]
use std::time::{Duration, Instant};

/// How long a waiter yields, counted from the start of its wait, before it
/// parks. kanal yields for about as long (256 yields, ~25 us); measured on
/// the development machine, a park/unpark pair costs 5-10 us there, so a
/// peer that answers within this bound saves both sides that cost.
#[cfg(not(loom))]
pub(crate) const YIELD_FOR: Duration = Duration::from_micros(20);

/// Spin rounds before the first yield; round `i` spins `2^i` times, so the
/// spinning phase lasts well under a microsecond.
#[cfg(not(loom))]
const SPIN_ROUNDS: u32 = 6;

/// The state of one wait: when it began and how far it got.
pub(crate) struct BriefWait {
    #[cfg(not(loom))]
    step: u32,
    /// Read on the first yield, not before: a wait that ends while
    /// spinning never reads the clock.
    #[cfg(not(loom))]
    since: Option<Instant>,
}

impl BriefWait {
    /// A wait that begins now.
    #[inline]
    pub(crate) fn new() -> BriefWait {
        BriefWait {
            #[cfg(not(loom))]
            step: 0,
            #[cfg(not(loom))]
            since: None,
        }
    }

    /// Waits a little (a spin round or one yield) and returns `true`, or
    /// returns `false` at once: the wait has lasted long enough, park now.
    #[inline]
    pub(crate) fn step(&mut self) -> bool {
        #[cfg(not(loom))]
        {
            if self.step < SPIN_ROUNDS {
                for _ in 0..1u32 << self.step {
                    std::hint::spin_loop();
                }
                self.step += 1;
                return true;
            }
            let since = *self.since.get_or_insert_with(Instant::now);
            if since.elapsed() >= YIELD_FOR {
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

    /// Spins one round and returns `true` while still in the spinning
    /// phase; `false` once spinning is over (the caller should then list
    /// itself as a waiter and go on with [`BriefWait::step`]).
    #[inline]
    pub(crate) fn spin(&mut self) -> bool {
        #[cfg(not(loom))]
        {
            if self.step < SPIN_ROUNDS {
                self.step()
            } else {
                false
            }
        }
        #[cfg(loom)]
        {
            false
        }
    }
}
