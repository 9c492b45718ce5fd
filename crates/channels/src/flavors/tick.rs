//! The periodic schedule behind [`tick`](crate::tick): a delivery (its
//! time) every `period`, without a thread. The channel around it is
//! `timer.rs`.
//!
//! The next delivery time is kept as nanoseconds after the schedule's
//! creation in one `AtomicU64`, so claiming a tick is a single CAS and
//! every receiver of a clone sees the same schedule. Like
//! crossbeam-channel's: a receiver that takes a due tick (`try_recv`,
//! select) moves the schedule to `now + period`; a blocking `recv` claims
//! the next tick at once (`max(now, next) + period`) and then sleeps until
//! its delivery time. Ticks missed while nobody received are not queued:
//! at most one is pending.
//!
//! Limit: the schedule spans 2^64 ns (584 years) from creation; a tick
//! beyond that is never delivered (as for an `after` beyond `Instant`'s
//! range).

use super::timer::{self, Schedule};
use crate::deadline::sleep_until;
use crate::err::RecvTimeoutError;
use fearless_core::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// "No further tick": the schedule ran past its range.
const NEVER: u64 = u64::MAX;

/// A timer that delivers a message every `period`.
pub(crate) type Channel<T> = timer::Channel<Periodic, T>;

/// A delivery every `period`.
pub(crate) struct Periodic {
    base: Instant,
    /// The next delivery time, in nanoseconds after `base` (`NEVER`: none).
    next: AtomicU64,
    period: Duration,
}

impl Periodic {
    /// A schedule whose first tick is due at `first`.
    pub(crate) fn new(first: Instant, period: Duration) -> Self {
        let base = Instant::now();
        let mut p = Periodic {
            base,
            next: AtomicU64::new(0),
            period,
        };
        p.next = AtomicU64::new(p.nanos(Some(first)));
        p
    }

    /// `t` as nanoseconds after `base`, saturating to `NEVER`.
    fn nanos(&self, t: Option<Instant>) -> u64 {
        t.map_or(NEVER, |t| {
            u64::try_from(t.saturating_duration_since(self.base).as_nanos()).unwrap_or(NEVER)
        })
    }

    /// The instant `nanos` after `base` (`None`: never).
    fn instant(&self, nanos: u64) -> Option<Instant> {
        if nanos == NEVER {
            return None;
        }
        self.base.checked_add(Duration::from_nanos(nanos))
    }
}

impl Schedule for Periodic {
    fn next_delivery(&self) -> Option<Instant> {
        // Relaxed: the schedule guards no other data; the CAS in `try_take`
        // and `recv` decides who takes a tick.
        self.instant(self.next.load(Ordering::Relaxed))
    }

    fn try_take(&self) -> Option<Instant> {
        loop {
            // Relaxed: as in `next_delivery`.
            let cur = self.next.load(Ordering::Relaxed);
            let delivery = self.instant(cur)?;
            let now = Instant::now();
            if now < delivery {
                return None;
            }
            let following = self.nanos(now.checked_add(self.period));
            // Relaxed: as above.
            if self
                .next
                .compare_exchange(cur, following, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                return Some(delivery);
            }
        }
    }

    fn recv(&self, deadline: Option<Instant>) -> Result<Instant, RecvTimeoutError> {
        loop {
            // Relaxed: as in `next_delivery`.
            let cur = self.next.load(Ordering::Relaxed);
            let Some(delivery) = self.instant(cur) else {
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            };
            if deadline.is_some_and(|d| d < delivery) {
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            }
            let now = Instant::now();
            let following = self.nanos(now.max(delivery).checked_add(self.period));
            // Relaxed: as above. Claims this tick; then wait for its time.
            if self
                .next
                .compare_exchange(cur, following, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                if now < delivery {
                    sleep_until(Some(delivery));
                }
                return Ok(delivery);
            }
        }
    }
}
