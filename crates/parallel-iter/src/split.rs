//! The adaptive splitter: decides, piece by piece, whether to fork again.
//!
//! A parallel call first asks [`Splitter::for_input`] whether a fork is
//! possible at all: a one-thread pool, the sequential engine and inputs
//! that `with_min_len` forbids cutting run inline. There is no length
//! threshold: a thousand cheap items and two hundred expensive ones are cut
//! the same way, because a length cannot tell what an item costs.
//!
//! Every piece carries a budget of halvings, `levels`, enough for about
//! 2^[`PIECES_PER_THREAD_LOG2`] pieces per thread. On our pool the joins between
//! pieces are heartbeat joins (see `pool/heartbeat.rs`): they cost about a
//! function call unless a heartbeat promotes one, so the cheap input pays
//! a few dozen near-free joins and never touches the pool, while the
//! expensive one has a pending frame to promote every few items and spreads
//! within a heartbeat interval. A piece that was stolen gets its budget
//! refilled, because a steal shows that some thread ran out of work, so it
//! is cut as finely again.

#![forbid(unsafe_code)]

use crate::engine::{self, Engine};

/// The former "run inline below this length" bound, kept so callers that
/// pass it keep compiling; [`Splitter::for_input`] no longer uses it (see
/// the module docs). To be removed once no caller passes it.
pub(crate) const INLINE_MAX_LEN: usize = 1 << 12;

/// log2 of the pieces per thread an input is cut into before any steal.
///
/// Fine enough that an expensive input leaves each thread's share in 8
/// pieces (the last one to finish lags by at most about 1/8 of its share
/// before a steal refills the budget of what is left), coarse enough that a
/// cheap one pays few joins (16 on two threads). Measured with
/// `benches/adaptive.rs` on 2 cores: 32 pieces per thread made 1,000 cheap
/// items 3.7x their sequential time, 8 pieces 1.6x.
const PIECES_PER_THREAD_LOG2: u32 = 3;

/// The halvings a stolen piece of a paced bridge may make, as rayon's
/// splitter allows on two threads.
///
/// Without them a stolen piece was folded whole, in chunks. Along the
/// right edge of a `find_last` (and the left edge of a `find_first`), the
/// pieces that the two threads steal from each other are then folded
/// item by item, and a flat_map's folder gives each item half of what is
/// left of the piece's positions (`find_first_last.rs`): after 64 items
/// the items share one position, so a match in one cannot stop the
/// others. rayon's `find_last_octillion_flat` never finished that way;
/// with stolen pieces cut down to single items on that edge it finishes
/// in 1.8 s (rayon: 5.4 s on the same loaded machine).
const STOLEN_LEVELS: u32 = 2;

/// Per-piece splitting state; copied into each half when a piece splits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Splitter {
    /// How many more times this piece may halve without being stolen.
    levels: u32,
    /// What `levels` is refilled to when a piece is stolen.
    refill: u32,
    /// Pieces are never split below this length.
    min_len: usize,
    /// Pieces longer than this always split, budget or not.
    max_len: usize,
}

impl Splitter {
    /// Returns the splitter for an input of `len` items, or `None` when the
    /// input must run inline on the calling thread (it cannot be cut, or
    /// nothing could run a piece in parallel).
    ///
    /// `_inline_max` is ignored (see [`INLINE_MAX_LEN`]); the parameter stays
    /// so existing callers compile.
    #[inline]
    pub(crate) fn for_input(
        len: usize,
        min_len: usize,
        max_len: usize,
        _inline_max: usize,
    ) -> Option<Splitter> {
        let min_len = min_len.max(1);
        let max_len = max_len.max(1);
        if len / 2 < min_len {
            return None;
        }
        // With nothing to run a piece in parallel, only `with_max_len` cuts:
        // as in rayon, its pieces are joined even on one thread, so a panic
        // in one piece does not keep the others from running.
        let alone = Splitter {
            levels: 0,
            refill: 0,
            min_len,
            max_len,
        };
        if engine::current_engine() == Engine::Sequential {
            return (len > max_len).then_some(alone);
        }
        let threads = engine::threads_for_fork();
        if threads <= 1 {
            return (len > max_len).then_some(alone);
        }
        // About 2^PIECES_PER_THREAD_LOG2 pieces per thread.
        let refill = usize::BITS - (threads - 1).leading_zeros() + PIECES_PER_THREAD_LOG2;
        Some(Splitter {
            levels: refill,
            refill,
            min_len,
            max_len,
        })
    }

    /// [`for_input`](Self::for_input) for a paced bridge (see
    /// `pool/pace.rs`): no budget of halvings up front, since the heartbeat
    /// cuts a running piece in two whenever it is due; `max_len` forces
    /// cuts, and a stolen piece may halve [`STOLEN_LEVELS`] times.
    #[inline]
    pub(crate) fn for_paced_input(len: usize, min_len: usize, max_len: usize) -> Option<Splitter> {
        Splitter::for_input(len, min_len, max_len, INLINE_MAX_LEN).map(|s| Splitter {
            levels: 0,
            // Alone (one thread, or the sequential engine): nothing steals.
            refill: if s.refill == 0 { 0 } else { STOLEN_LEVELS },
            ..s
        })
    }

    /// The shortest piece this splitter cuts (`with_min_len`).
    #[inline]
    pub(crate) fn min_len(&self) -> usize {
        self.min_len
    }

    /// Decides whether a piece of `len` items splits in two, and if so
    /// spends one level of this piece's budget (which both halves inherit).
    #[inline]
    pub(crate) fn try_split(&mut self, len: usize, migrated: bool) -> bool {
        if len / 2 < self.min_len {
            return false;
        }
        if len > self.max_len {
            return true;
        }
        if migrated {
            self.levels = self.levels.max(self.refill);
        }
        if self.levels == 0 {
            return false;
        }
        self.levels -= 1;
        true
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn splitter(threads_levels: u32, min_len: usize, max_len: usize) -> Splitter {
        Splitter {
            levels: threads_levels,
            refill: threads_levels,
            min_len,
            max_len,
        }
    }

    /// Counts the leaves a splitter makes of `len` items when nothing is
    /// stolen.
    fn leaves(mut s: Splitter, len: usize) -> usize {
        if s.try_split(len, false) {
            leaves(s, len / 2) + leaves(s, len - len / 2)
        } else {
            1
        }
    }

    #[test]
    fn budget_gives_two_pieces_per_thread() {
        assert_eq!(leaves(splitter(2, 1, usize::MAX), 1 << 20), 4);
        assert_eq!(leaves(splitter(3, 1, usize::MAX), 1 << 20), 8);
    }

    #[test]
    fn stolen_paced_piece_halves_twice_then_folds() {
        let paced = Splitter {
            levels: 0,
            refill: STOLEN_LEVELS,
            min_len: 1,
            max_len: usize::MAX,
        };
        let mut not_stolen = paced;
        assert!(!not_stolen.try_split(1 << 20, false), "unstolen: no cut");
        let mut stolen = paced;
        assert!(stolen.try_split(1 << 20, true));
        assert_eq!(leaves(stolen, 1 << 19), 2, "one more level for each half");
    }

    #[test]
    fn never_splits_below_min_len() {
        assert_eq!(leaves(splitter(10, 300, usize::MAX), 1000), 2);
        assert_eq!(leaves(splitter(10, 1000, usize::MAX), 1000), 1);
    }

    #[test]
    fn max_len_forces_splits() {
        assert_eq!(leaves(splitter(0, 1, 100), 1600), 16);
    }

    #[test]
    fn stolen_piece_gets_a_new_budget() {
        let mut s = splitter(1, 1, usize::MAX);
        assert!(s.try_split(100, false));
        assert!(!s.try_split(50, false));
        assert!(s.try_split(50, true));
    }

    #[test]
    fn no_length_threshold_only_uncuttable_or_sequential_inputs_run_inline() {
        let parallel = engine::threads_for_fork() > 1;
        for len in [2, 200, 1000, 1 << 20] {
            let s = Splitter::for_input(len, 1, usize::MAX, INLINE_MAX_LEN);
            assert_eq!(s.is_some(), parallel, "len {len}");
        }
        if parallel {
            // 200 items on two or more threads: cut to pieces of a few items.
            let s = Splitter::for_input(200, 1, usize::MAX, INLINE_MAX_LEN).unwrap();
            assert!(leaves(s, 200) >= (1 << PIECES_PER_THREAD_LOG2).min(200 / 2));
        }
        assert!(Splitter::for_input(1 << 20, 1 << 20, usize::MAX, INLINE_MAX_LEN).is_none());
        assert!(Splitter::for_input(1, 1, usize::MAX, INLINE_MAX_LEN).is_none());
        crate::sequential(|| {
            assert!(Splitter::for_input(1 << 20, 1, usize::MAX, INLINE_MAX_LEN).is_none());
            // `with_max_len` still cuts, as rayon's does on one thread.
            let s = Splitter::for_input(1600, 1, 100, INLINE_MAX_LEN).expect("max_len cuts");
            assert_eq!(leaves(s, 1600), 16);
        });
    }
}
