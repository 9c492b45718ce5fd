//! The adaptive splitter: decides, piece by piece, whether to fork again.
//!
//! See `src/iter/README.md` for the design in prose. In short: a parallel
//! call first asks [`Splitter::for_input`] whether the input is worth a fork
//! at all; tiny inputs, a one-thread pool and the sequential backend run
//! inline with no pool involvement. Otherwise every piece carries a small
//! budget of halvings, `levels`, enough for about two pieces per thread.
//! A piece that was stolen gets its budget refilled, because a steal shows
//! that some thread ran out of work, so finer pieces will be used.

#![forbid(unsafe_code)]

use crate::backend::{self, Backend};

/// Inputs of at most this many items (or pieces of work) run inline.
///
/// Forking wakes a sleeping thread and moves the work to it, a cost of a
/// few microseconds; a cheap loop over this many items costs about as much,
/// so smaller inputs would only get slower in parallel. Expensive per-item
/// work can still force splitting with `with_max_len`.
pub(crate) const INLINE_MAX_LEN: usize = 1 << 12;

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
    /// input should run inline on the calling thread.
    ///
    /// `inline_max` is the caller's "too small to fork" bound (iterators and
    /// sorts differ); `max_len` below it forces splitting anyway.
    #[inline]
    pub(crate) fn for_input(
        len: usize,
        min_len: usize,
        max_len: usize,
        inline_max: usize,
    ) -> Option<Splitter> {
        let min_len = min_len.max(1);
        if (len <= inline_max && len <= max_len) || len / 2 < min_len {
            return None;
        }
        if backend::current_backend() == Backend::Sequential {
            return None;
        }
        let threads = backend::threads_for_fork();
        if threads <= 1 {
            return None;
        }
        // About two pieces per thread: log2(threads) + 1 halvings.
        let refill = usize::BITS - (threads - 1).leading_zeros() + 1;
        Some(Splitter {
            levels: refill,
            refill,
            min_len,
            max_len: max_len.max(1),
        })
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
    fn small_inputs_run_inline() {
        assert!(Splitter::for_input(1000, 1, usize::MAX, INLINE_MAX_LEN).is_none());
        assert!(Splitter::for_input(1 << 20, 1 << 20, usize::MAX, INLINE_MAX_LEN).is_none());
        crate::sequential(|| {
            assert!(Splitter::for_input(1 << 20, 1, usize::MAX, INLINE_MAX_LEN).is_none());
        });
    }
}
