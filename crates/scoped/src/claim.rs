//! Handing out chunks of work to workers: the part of a run that the loom
//! models check.
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

/// Puts per-chunk outputs `(first item index, items)` back in input order
/// and checks that they tile `base..len` exactly: every item's result is
/// present exactly once. Panics if a chunk is missing or duplicated.
///
/// Used by the models only: it is the check `Slots::finish` makes on the
/// real (in-place) output buffer, on plain vectors loom can share.
#[cfg(test)]
pub(crate) fn assemble<R>(mut parts: Vec<(usize, Vec<R>)>, base: usize, len: usize) -> Vec<R> {
    parts.sort_unstable_by_key(|(start, _)| *start);
    let mut parts = parts.into_iter();
    // The first part becomes the output: a run that stayed inline in one
    // piece has nothing to copy, and a large first part is extended in
    // place rather than copied into a second large buffer.
    let (first_start, mut out) = parts.next().unwrap_or((base, Vec::new()));
    assert_eq!(
        first_start, base,
        "fearless-scoped: chunk results do not tile the input"
    );
    out.reserve_exact(len - base - out.len());
    for (start, items) in parts {
        assert_eq!(
            start,
            base + out.len(),
            "fearless-scoped: chunk results do not tile the input"
        );
        out.extend(items);
    }
    assert_eq!(
        base + out.len(),
        len,
        "fearless-scoped: chunk results do not cover the input"
    );
    out
}

#[cfg(test)]
mod tests {
    //! Loom models of the claiming logic (ordinary unit tests without
    //! `--cfg loom`). loom has no scoped threads, so the models share the
    //! real `Claimer`, `Plan` and `assemble` through an `Arc` and loom
    //! threads, the way `thread::scope` shares them by reference.

    use super::*;
    use fearless_core::sync::atomic::AtomicUsize;
    use fearless_core::sync::{Arc, thread};

    /// Runs `workers` loom threads (plus the model's own thread as worker 0)
    /// claiming from `claimer`; each returns the chunk numbers it claimed.
    fn claim_all(claimer: &Arc<Claimer>, dynamic: bool, workers: usize) -> Vec<Vec<usize>> {
        let handles: Vec<_> = (1..workers)
            .map(|w| {
                let claimer = Arc::clone(claimer);
                thread::spawn(move || {
                    let mut lane = claimer.lane(dynamic, w, workers);
                    let mut got = Vec::new();
                    while let Some(n) = claimer.claim(&mut lane) {
                        got.push(n);
                    }
                    got
                })
            })
            .collect();
        let mut lane = claimer.lane(dynamic, 0, workers);
        let mut mine = Vec::new();
        while let Some(n) = claimer.claim(&mut lane) {
            mine.push(n);
        }
        let mut all = vec![mine];
        all.extend(handles.into_iter().map(|h| h.join().unwrap()));
        all
    }

    fn assert_each_once(claimed: &[Vec<usize>], chunks: usize) {
        let mut seen = vec![0; chunks];
        for n in claimed.iter().flatten() {
            seen[*n] += 1;
        }
        assert!(seen.iter().all(|&c| c == 1), "claims per chunk: {seen:?}");
    }

    #[test]
    fn dynamic_claims_every_chunk_exactly_once() {
        fearless_core::model(|| {
            let claimer = Arc::new(Claimer::new(3));
            let claimed = claim_all(&claimer, true, 2);
            assert_each_once(&claimed, 3);
        });
    }

    #[test]
    fn static_claims_every_chunk_exactly_once() {
        fearless_core::model(|| {
            let claimer = Arc::new(Claimer::new(5));
            let claimed = claim_all(&claimer, false, 3);
            assert_each_once(&claimed, 5);
        });
    }

    #[test]
    fn no_claim_after_stop_is_observed() {
        fearless_core::model(|| {
            let claimer = Arc::new(Claimer::new(4));
            // A worker that claims until it is refused, noting whether it had
            // seen the stop before each successful claim.
            let worker = {
                let claimer = Arc::clone(&claimer);
                thread::spawn(move || {
                    let mut lane = Lane::Shared;
                    let mut after_stop = 0;
                    loop {
                        let seen_stop = claimer.is_stopped();
                        match claimer.claim(&mut lane) {
                            Some(_) if seen_stop => after_stop += 1,
                            Some(_) => {}
                            None => break,
                        }
                    }
                    after_stop
                })
            };
            // The stopper claims one chunk, then stops the run: after that
            // it must never be handed another.
            let mut lane = Lane::Shared;
            let first = claimer.claim(&mut lane);
            claimer.stop();
            assert_eq!(claimer.claim(&mut lane), None);
            assert_eq!(worker.join().unwrap(), 0);
            let _ = first;
        });
    }

    #[test]
    fn every_result_slot_is_written_exactly_once() {
        fearless_core::model(|| {
            // Items 1..6 in chunks of 2 (the item before `base` ran inline).
            let plan = Plan::new(1, 6, 2);
            let claimer = Arc::new(Claimer::new(plan.chunks()));
            let runs = Arc::new(AtomicUsize::new(0));
            let work = move |claimer: &Claimer, runs: &AtomicUsize| {
                let mut lane = Lane::Shared;
                let mut parts = Vec::new();
                while let Some(n) = claimer.claim(&mut lane) {
                    let range = plan.range(n);
                    // Relaxed: a plain tally, read after `join`.
                    runs.fetch_add(range.len(), Ordering::Relaxed);
                    parts.push((range.start, range.map(|i| i * 10).collect::<Vec<_>>()));
                }
                parts
            };
            let other = {
                let (claimer, runs) = (Arc::clone(&claimer), Arc::clone(&runs));
                thread::spawn(move || work(&claimer, &runs))
            };
            let mut parts = work(&claimer, &runs);
            parts.extend(other.join().unwrap());
            assert_eq!(
                assemble(parts, plan.base, plan.len),
                vec![10, 20, 30, 40, 50]
            );
            assert_eq!(runs.load(Ordering::Relaxed), 5);
        });
    }

    #[cfg(not(loom))]
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

    #[cfg(not(loom))]
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
