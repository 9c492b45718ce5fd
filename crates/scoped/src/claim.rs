//! Handing out chunks of work to workers: the part of a run that the loom
//! models check.
//!
//! Models: `claim/models.rs` (loom); the whole engine in
//! `tests/shuttle_models.rs` (shuttle).
//!
//! A run cuts the items `base..len` into chunks of `chunk` items (the last
//! one may be shorter) and numbers them `0..chunks`. A [`Claimer`] hands
//! each chunk number to exactly one worker:
//!
//! - [`Schedule::Dynamic`](crate::Schedule::Dynamic): every worker takes the
//!   next number from one shared atomic cursor (`fetch_add(1)`), so a worker
//!   that drew cheap chunks comes back for more and an expensive chunk never
//!   holds up the others.
//! - [`Schedule::Static`](crate::Schedule::Static): worker `w` of `t` owns the
//!   contiguous block of numbers `w*n/t .. (w+1)*n/t` and walks it with a
//!   private counter; no shared state at all.
//!
//! Both check the run's [`StopFlag`] before every claim: once a claimer has
//! seen the flag raised it hands out nothing more.

use core::ops::Range;

use crossbeam_utils::CachePadded;
use fearless_atomics::StopFlag;
use fearless_core::sync::atomic::{AtomicUsize, Ordering};

/// How the items `base..len` are cut into numbered chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Index of the first item of chunk 0.
    pub(crate) base: usize,
    /// One past the last item.
    pub(crate) len: usize,
    /// Items per chunk (at least 1); the last chunk may be shorter.
    pub(crate) chunk: usize,
}

impl Plan {
    /// A plan for `base..len` in chunks of `chunk` (clamped to at least 1).
    pub(crate) fn new(base: usize, len: usize, chunk: usize) -> Self {
        debug_assert!(base <= len);
        Self {
            base,
            len,
            chunk: chunk.max(1),
        }
    }

    /// How many chunks the plan has.
    pub(crate) fn chunks(&self) -> usize {
        (self.len - self.base).div_ceil(self.chunk)
    }

    /// The item range of chunk `number` (which must be `< chunks()`).
    pub(crate) fn range(&self, number: usize) -> Range<usize> {
        let start = self.base + number * self.chunk;
        start..(start + self.chunk).min(self.len)
    }
}

/// Where one worker draws its chunk numbers from.
#[derive(Debug)]
pub(crate) enum Lane {
    /// The shared cursor (dynamic schedule).
    Shared,
    /// A private block of chunk numbers (static schedule).
    Own {
        /// The next number to hand out.
        next: usize,
        /// One past the last number of the block.
        end: usize,
    },
}

/// Hands every chunk number of a run to exactly one worker, and none once
/// the run is stopped.
#[derive(Debug)]
pub(crate) struct Claimer {
    /// The next unclaimed chunk number of the dynamic schedule. Padded so the
    /// workers hammering it do not also invalidate the stop flag's line.
    cursor: CachePadded<AtomicUsize>,
    /// Number of chunks.
    chunks: usize,
    /// Raised on the first failure (or by a task that wants the run over).
    stop: StopFlag,
}

impl Claimer {
    /// A claimer for `chunks` chunks, none claimed yet.
    pub(crate) fn new(chunks: usize) -> Self {
        Self {
            cursor: CachePadded::new(AtomicUsize::new(0)),
            chunks,
            stop: StopFlag::new(),
        }
    }

    /// The lane of worker `worker` of `workers` under `schedule`.
    pub(crate) fn lane(&self, dynamic: bool, worker: usize, workers: usize) -> Lane {
        if dynamic {
            Lane::Shared
        } else {
            // Contiguous near-equal blocks; `chunks * workers` cannot
            // overflow in practice (a plan has at most `len` chunks and
            // `workers` is a thread count), but use u128 to be exact.
            let at = |w: usize| (w as u128 * self.chunks as u128 / workers as u128) as usize;
            Lane::Own {
                next: at(worker),
                end: at(worker + 1),
            }
        }
    }

    /// The next chunk number for the worker on `lane`, or `None` when every
    /// chunk is taken or the run has been stopped.
    pub(crate) fn claim(&self, lane: &mut Lane) -> Option<usize> {
        if self.stop.is_stopped() {
            return None;
        }
        match lane {
            Lane::Shared => {
                // Relaxed: the cursor only has to hand out distinct numbers,
                // which the atomicity of the read-modify-write guarantees
                // under any ordering. No data is published through it: the
                // input was shared before the workers were spawned (spawn
                // synchronizes), and results travel back through `join`.
                //
                // Each worker adds past the end at most once (it stops at the
                // first `None`), so the cursor stays below
                // `chunks + workers` and cannot wrap.
                let number = self.cursor.fetch_add(1, Ordering::Relaxed);
                (number < self.chunks).then_some(number)
            }
            Lane::Own { next, end } => {
                if next < end {
                    *next += 1;
                    Some(*next - 1)
                } else {
                    None
                }
            }
        }
    }

    /// Stops the run: every later [`claim`](Self::claim) that sees it
    /// returns `None`.
    pub(crate) fn stop(&self) {
        self.stop.stop();
    }

    /// Whether the run has been stopped.
    #[inline]
    pub(crate) fn is_stopped(&self) -> bool {
        self.stop.is_stopped()
    }
}

#[cfg(test)]
mod models;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn static_lanes_tile_the_chunks_contiguously() {
        for chunks in 0..20 {
            for workers in 1..6 {
                let claimer = Claimer::new(chunks);
                let mut next_expected = 0;
                for w in 0..workers {
                    let mut lane = claimer.lane(false, w, workers);
                    while let Some(n) = claimer.claim(&mut lane) {
                        assert_eq!(n, next_expected);
                        next_expected += 1;
                    }
                }
                assert_eq!(next_expected, chunks);
            }
        }
    }

    #[test]
    fn plan_ranges_tile_base_to_len() {
        for base in 0..5 {
            for len in base..30 {
                for chunk in 1..8 {
                    let plan = Plan::new(base, len, chunk);
                    let mut at = base;
                    for n in 0..plan.chunks() {
                        let r = plan.range(n);
                        assert_eq!(r.start, at);
                        assert!(!r.is_empty() && r.len() <= chunk);
                        at = r.end;
                    }
                    assert_eq!(at, len);
                }
            }
        }
    }
}
