//! When a timed wait gives up: one place that decides it, including the
//! rule under loom (which has no clock), and the plain sleep of the timer
//! flavors.

use fearless_core::sync::thread;
use std::time::Instant;

/// When a timed operation gives up.
///
/// On real threads that is plain wall-clock time. Under loom there is no
/// clock and `park_timeout` is only a spurious wake-up, so a deadline counts
/// as passed after the first timed park: every model of "a timeout racing
/// with a send" then explores both outcomes (the waiter gives up, or the
/// sender gets there first) and terminates.
pub(crate) struct Deadline {
    at: Option<Instant>,
    #[cfg(loom)]
    parked_once: bool,
}

impl Deadline {
    /// `None` waits forever.
    pub(crate) fn new(at: Option<Instant>) -> Deadline {
        Deadline {
            at,
            #[cfg(loom)]
            parked_once: false,
        }
    }

    /// Whether a timed wait is over.
    pub(crate) fn has_passed(&self) -> bool {
        #[cfg(loom)]
        {
            self.at.is_some() && self.parked_once
        }
        #[cfg(not(loom))]
        {
            self.at.is_some_and(|at| Instant::now() >= at)
        }
    }

    /// Parks the current thread until woken or (roughly) the deadline.
    pub(crate) fn park(&mut self) {
        match self.at {
            None => thread::park(),
            Some(at) => {
                thread::park_timeout(at.saturating_duration_since(Instant::now()));
                #[cfg(loom)]
                {
                    self.parked_once = true;
                }
            }
        }
    }
}

/// Sleeps until `at` (forever if `None`), parking the thread; spurious
/// wake-ups are absorbed. The timer flavors and a select without
/// operations wait here: nothing wakes them but the clock.
pub(crate) fn sleep_until(at: Option<Instant>) {
    match at {
        None => loop {
            thread::park();
        },
        Some(_) => {
            let mut deadline = Deadline::new(at);
            while !deadline.has_passed() {
                deadline.park();
            }
        }
    }
}
