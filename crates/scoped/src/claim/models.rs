//! Loom models of the claiming logic (ordinary unit tests without
//! `--cfg loom`). loom has no scoped threads, so the models share the
//! real `Claimer` and `Plan` through an `Arc` and loom threads, the way
//! `thread::scope` shares them by reference, and check the outputs with
//! `assemble` (below).

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};

use super::{Claimer, Lane, Plan};

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

/// Puts per-chunk outputs `(first item index, items)` back in input order
/// and checks that they tile `base..len` exactly: every item's result is
/// present exactly once. Panics if a chunk is missing or duplicated.
///
/// The check `Slots::finish` makes on the real (in-place) output buffer,
/// on plain vectors loom can share.
fn assemble<R>(mut parts: Vec<(usize, Vec<R>)>, base: usize, len: usize) -> Vec<R> {
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
