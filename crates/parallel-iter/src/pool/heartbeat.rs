//! The heartbeat: when a thread running joins should promote a pending
//! frame into a stealable job.
//!
//! Heartbeat scheduling (Acar et al., PLDI 2018; Spice and chili) keeps a
//! `join` as cheap as a function call and, about once per `INTERVAL` of
//! running time, makes the oldest pending right half stealable. The
//! promotion cost is then bounded by a constant fraction of the work,
//! however fine the grain, while expensive work still spreads.
//!
//! Spice and chili drive the heartbeat from a timer thread that sets a flag
//! on each worker. We clock it from the joins themselves instead: every
//! `stride`-th join reads the monotonic clock, and `stride` adapts so that
//! reads happen a few times per interval (a cheap join rarely reads the
//! clock; an expensive one reads it every time, which costs nothing next to
//! its work). So there is no timer thread at all: nothing runs while the
//! pool is idle, and an idle worker sleeps.
//!
//! A beat is due when the thread has run joins for `INTERVAL` since its
//! outermost join began or since its last promotion: a short computation
//! (a thousand cheap items) never promotes and never touches the pool.
//!
//! A worker that searches for work in vain is *hungry* (see `sleep.rs`):
//! then a beat comes after only `HUNGRY_INTERVAL` (6 us) of work. Otherwise a thief
//! that finished its piece idles until the next regular beat of a busy
//! thread, up to a whole interval, which for a computation of a few
//! milliseconds (fib(30) on 2 cores: 1.4 ms) is a tenth of its time. A
//! sleeping worker is not hungry, so a short computation still never wakes
//! the pool.
//!
//! The clock reads also measure how long a join takes, which sets how many
//! deep joins record a frame (see `frames.rs`): every one when joins are
//! expensive (a frame costs tens of nanoseconds, nothing next to a
//! microsecond of work, and a thief then always finds one), one in 64 when
//! they cost a few nanoseconds.
//!
//! Under `--cfg loom` there is no clock (loom replays must be
//! deterministic): a beat happens exactly when a model asks for one with
//! [`Heartbeat::force`].
//!
//! Models: `src/pool/models.rs`
//! (`heartbeat_promotes_the_oldest_frame_not_the_newest`, `beat_split_*`,
//! loom).

use super::sleep::Sleep;
use std::cell::Cell;
#[cfg(not(loom))]
use std::time::{Duration, Instant};

/// The target time between two promotions of one thread.
#[cfg(not(loom))]
pub(super) const INTERVAL: Duration = Duration::from_micros(100);

/// The most joins between two clock reads. Bounded so that a computation
/// whose joins turn expensive is noticed after at most this many of them.
/// A clock read costs as much as several of the cheapest joins: a bound
/// of 32 made a `join` at every node of fib(30) 1.2x slower on 2 threads
/// than a bound of 512 (best of 40 runs); 256 keeps
/// that gain and reads at least every few microseconds, since the stride
/// only doubles while reads are under an eighth of an interval apart.
#[cfg(not(loom))]
const MAX_STRIDE: u32 = 256;

/// How much work comes before a beat while another worker is hungry.
#[cfg(not(loom))]
const HUNGRY_INTERVAL: Duration = Duration::from_micros(6);

/// The most deep joins per recorded frame (for the cheapest joins). One in
/// 16 left the 2^20-node join tree at 2.45x its sequential time, one in 64
/// at 1.69x (loaded machine, see docs/benchmarks.md).
#[cfg(not(loom))]
const MAX_RECORD_EVERY: u32 = 64;

/// The work per recorded frame aimed at: a frame costs some tens of
/// nanoseconds, so recording one per this much work costs about 1%.
#[cfg(not(loom))]
const WORK_PER_RECORD: Duration = Duration::from_micros(2);

/// What a paced loop learns from [`Heartbeat::poll`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
pub(crate) struct Pace {
    /// A beat is due: the loop should make work stealable now.
    pub(crate) due: bool,
    /// How many items the loop's next chunk should hold.
    pub(crate) chunk: usize,
}

/// One thread's heartbeat state; used only by its owner thread.
pub(super) struct Heartbeat {
    /// Joins left until the next clock read.
    countdown: Cell<u32>,
    #[cfg(not(loom))]
    stride: Cell<u32>,
    #[cfg(not(loom))]
    last_read: Cell<Instant>,
    /// The last promotion, or the start of the outermost join.
    #[cfg(not(loom))]
    last_beat: Cell<Instant>,
    /// The next clock read starts an outermost join's interval.
    fresh: Cell<bool>,
    /// A beat asked for by a test or model, taken by the next join.
    forced: Cell<bool>,
    /// Deep joins per recorded frame, from the measured cost of a join.
    #[cfg(not(loom))]
    record_every: Cell<u32>,
}

impl Heartbeat {
    pub(super) fn new() -> Self {
        #[cfg(not(loom))]
        let now = Instant::now();
        Heartbeat {
            countdown: Cell::new(1),
            #[cfg(not(loom))]
            stride: Cell::new(1),
            #[cfg(not(loom))]
            last_read: Cell::new(now),
            #[cfg(not(loom))]
            last_beat: Cell::new(now),
            fresh: Cell::new(false),
            forced: Cell::new(false),
            #[cfg(not(loom))]
            record_every: Cell::new(MAX_RECORD_EVERY),
        }
    }

    /// How many deep joins share one recorded frame (see `frames.rs`).
    /// Always 1 under loom: models force beats at chosen joins, which need
    /// their frames.
    #[inline]
    pub(super) fn record_every(&self) -> u32 {
        #[cfg(not(loom))]
        {
            self.record_every.get()
        }
        #[cfg(loom)]
        1
    }

    /// Whether a beat is due at `now`: a whole interval of work since the
    /// last one, or a short one while a worker is hungry.
    #[cfg(not(loom))]
    #[inline]
    fn due(&self, now: Instant, sleep: Option<&Sleep>) -> bool {
        let worked = now.saturating_duration_since(self.last_beat.get());
        worked >= INTERVAL || (worked >= HUNGRY_INTERVAL && sleep.is_some_and(Sleep::has_searcher))
    }

    /// The outermost join of this thread begins. Its own clock read (the
    /// `tick` that follows) starts the interval, and reads come early
    /// again in case this computation's joins are slower than the last
    /// one's.
    #[inline]
    pub(super) fn start(&self) {
        self.fresh.set(true);
        self.countdown.set(1);
        #[cfg(not(loom))]
        self.stride.set(1);
    }

    /// Called once per join (after `start` for the outermost one): whether
    /// a pending frame should be promoted now. `sleep` is the pool's, whose hunger may bring the beat early.
    #[inline]
    pub(super) fn tick(&self, sleep: &Sleep) -> bool {
        let left = self.countdown.get() - 1;
        if left != 0 {
            self.countdown.set(left);
            return false;
        }
        self.read_clock(sleep)
    }

    #[cold]
    fn read_clock(&self, sleep: &Sleep) -> bool {
        let forced = self.forced.replace(false);
        let fresh = self.fresh.replace(false);
        #[cfg(loom)]
        {
            let _ = (fresh, sleep);
            self.countdown.set(1);
            forced
        }
        #[cfg(not(loom))]
        {
            let now = Instant::now();
            if fresh {
                self.last_read.set(now);
                self.last_beat.set(now);
            }
            let since_read = now.saturating_duration_since(self.last_read.get());
            self.last_read.set(now);
            // Aim for a few reads per interval: double the stride while the
            // joins are cheap, start over when they turn expensive.
            let stride = self.stride.get();
            if !fresh {
                // `stride` joins ran since the last read: one frame per
                // WORK_PER_RECORD of them. In u64 nanoseconds (reads are
                // microseconds apart), one division per read: dividing the
                // `Duration` and then its u128 nanoseconds (a library call)
                // left a `join` at every node of a 2^20-node tree 5-10%
                // slower on 2 threads and on 1 (medians of 100 runs, three
                // runs each), more than the division alone explains.
                let since_ns = u64::try_from(since_read.as_nanos()).unwrap_or(u64::MAX);
                let work_ns = WORK_PER_RECORD.as_nanos() as u64 * u64::from(stride);
                let every = work_ns
                    .checked_div(since_ns)
                    .map_or(MAX_RECORD_EVERY, |ratio| {
                        ratio.clamp(1, u64::from(MAX_RECORD_EVERY)) as u32
                    });
                self.record_every.set(every);
            }
            let stride = if since_read < INTERVAL / 8 {
                (stride * 2).min(MAX_STRIDE)
            } else if since_read > INTERVAL / 2 {
                1
            } else {
                stride
            };
            self.stride.set(stride);
            self.countdown.set(stride);
            let due = self.due(now, Some(sleep));
            if due || forced {
                self.last_beat.set(now);
            }
            due || forced
        }
    }

    /// A paced loop's clock read between two chunks (see `pace.rs`): whether
    /// a beat is due (it is then taken), and how many items the next chunk
    /// should hold, given that the last one held `chunk`.
    ///
    /// The chunk grows while chunks take a small fraction of an interval
    /// (8-fold below 1/32 of it, 2-fold below 1/4), so cheap items pay a
    /// clock read per few thousand items, and shrinks when one took longer
    /// than an interval, so a beat is never late by much more than one
    /// interval plus one item.
    ///
    /// `sleep` is the pool's, if there is one yet, whose hunger may bring
    /// the beat early.
    #[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
    pub(super) fn poll(&self, chunk: usize, sleep: Option<&Sleep>) -> Pace {
        let forced = self.forced.replace(false);
        let fresh = self.fresh.replace(false);
        #[cfg(loom)]
        {
            let _ = (fresh, sleep);
            Pace { due: forced, chunk }
        }
        #[cfg(not(loom))]
        {
            let now = Instant::now();
            if fresh {
                // The interval starts here; the last chunk's time is unknown.
                self.last_read.set(now);
                self.last_beat.set(now);
                return Pace { due: forced, chunk };
            }
            let since_read = now.saturating_duration_since(self.last_read.get());
            self.last_read.set(now);
            let chunk = if since_read < INTERVAL / 32 {
                chunk.saturating_mul(8)
            } else if since_read < INTERVAL / 4 {
                chunk.saturating_mul(2)
            } else if since_read > INTERVAL {
                (chunk / 8).max(1)
            } else {
                chunk
            };
            let due = self.due(now, sleep);
            if due || forced {
                self.last_beat.set(now);
            }
            Pace {
                due: due || forced,
                chunk,
            }
        }
    }

    /// Makes the next join of this thread promote (tests and models).
    #[cfg(test)]
    pub(super) fn force(&self) {
        self.forced.set(true);
        self.countdown.set(1);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn a_beat_comes_once_an_interval_has_passed() {
        let hb = Heartbeat::new();
        let sleep = Sleep::new(1);
        hb.start();
        // Not a timing assertion: the loop ends as soon as the clock has
        // moved one interval, however slow the machine; the deadline only
        // turns a missing beat into a failure instead of a hang.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut beat = false;
        while !beat && Instant::now() < deadline {
            beat = hb.tick(&sleep);
        }
        assert!(beat, "no beat in 10 s of joins");
    }

    #[test]
    fn a_paced_loop_sees_a_beat_once_an_interval_has_passed() {
        let hb = Heartbeat::new();
        let sleep = Sleep::new(1);
        hb.start();
        assert!(
            !hb.poll(1, Some(&sleep)).due,
            "a fresh interval is not due at once"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut beat = false;
        while !beat && Instant::now() < deadline {
            beat = hb.poll(1, Some(&sleep)).due;
        }
        assert!(beat, "no beat in 10 s of polls");
    }

    #[test]
    fn forced_beat_is_taken_by_the_next_join() {
        let hb = Heartbeat::new();
        hb.start();
        hb.force();
        assert!(hb.tick(&Sleep::new(1)));
    }
}
