//! The periodic timer flavor behind [`tick`](crate::tick): a message (its
//! delivery time) every `period`, without a thread.
//!
//! The next delivery time is kept as nanoseconds after the channel's
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

use crate::context::{Context, Operation, sleep_until};
use crate::err::{RecvTimeoutError, TryRecvError};
use crate::select::{SelectHandle, Token};
use fearless_core::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// "No further tick": the schedule ran past its range.
const NEVER: u64 = u64::MAX;

/// A timer that delivers a message every `period`.
pub(crate) struct Channel<T> {
    base: Instant,
    /// The next delivery time, in nanoseconds after `base` (`NEVER`: none).
    next: AtomicU64,
    period: Duration,
    /// Turns the delivery time into the message (see `at::Channel::make`).
    make: fn(Instant) -> T,
}

impl<T> Channel<T> {
    /// A ticker whose first tick is due at `first`.
    pub(crate) fn new(first: Instant, period: Duration, make: fn(Instant) -> T) -> Self {
        let base = Instant::now();
        let mut c = Channel {
            base,
            next: AtomicU64::new(0),
            period,
            make,
        };
        c.next = AtomicU64::new(c.nanos(Some(first)));
        c
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

    /// The next delivery time (`None`: never).
    fn next_delivery(&self) -> Option<Instant> {
        // Relaxed: the schedule guards no other data; the CAS below decides
        // who takes a tick.
        self.instant(self.next.load(Ordering::Relaxed))
    }

    /// Takes the tick if it is due.
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

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        self.try_take().map(self.make).ok_or(TryRecvError::Empty)
    }

    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
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
                return Ok((self.make)(delivery));
            }
        }
    }

    /// Completes a receive reserved by select.
    pub(crate) fn read(&self, token: &mut Token) -> Result<T, ()> {
        token.timer.take().map(self.make).ok_or(())
    }

    pub(crate) fn is_ready(&self) -> bool {
        self.next_delivery().is_some_and(|d| Instant::now() >= d)
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.is_ready())
    }
}

impl<T> SelectHandle for Channel<T> {
    fn try_select(&self, token: &mut Token) -> bool {
        token.timer = self.try_take();
        token.timer.is_some()
    }

    fn register(&self, _oper: Operation, _cx: &Context) -> bool {
        self.is_ready()
    }

    fn unregister(&self, _oper: Operation, _cx: &Context) {}

    fn accept(&self, token: &mut Token, _cx: &Context) -> bool {
        self.try_select(token)
    }

    fn is_ready(&self) -> bool {
        Channel::is_ready(self)
    }

    fn watch(&self, _oper: Operation, _cx: &Context) -> bool {
        self.is_ready()
    }

    fn unwatch(&self, _oper: Operation, _cx: &Context) {}

    fn deadline(&self) -> Option<Instant> {
        self.next_delivery()
    }
}
