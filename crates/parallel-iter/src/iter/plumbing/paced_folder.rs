//! The folder of an unindexed piece that the splitter no longer cuts.
//!
//! An indexed piece is folded in chunks and cut in two when the heartbeat
//! is due (`paced_fold` in `mod.rs`), but an unindexed producer hands its
//! whole piece to one `fold_with` and cannot be cut in the middle of it.
//! Without a clock read, the joins above such a piece would keep their
//! frames pending for as long as it runs: an endless range searched by
//! `find_any` would never let another thread reach the half that holds the
//! answer. So the piece's folder counts the items it is fed and reads the
//! clock every `chunk` of them (a count that grows while items are cheap,
//! as in the indexed loop); a due beat promotes the oldest pending frame of
//! this thread.

#![forbid(unsafe_code)]

use super::Folder;
use crate::engine;

/// Wraps the folder of one unindexed piece; polls the heartbeat every
/// `chunk` items (see the module docs).
pub(super) struct PacedFolder<F> {
    inner: F,
    /// The items between two clock reads, as the last read set it.
    chunk: usize,
    /// Items still to fold before the next clock read.
    left: usize,
}

impl<F> PacedFolder<F> {
    /// Paces `inner`; the first clock read comes after one item.
    pub(super) fn new(inner: F) -> Self {
        PacedFolder {
            inner,
            chunk: 1,
            left: 1,
        }
    }

    /// A chunk is done: read the clock, promote if a beat is due.
    #[inline]
    fn beat(&mut self) {
        self.chunk = engine::pace_uncut(self.chunk).max(1);
        self.left = self.chunk;
    }
}

impl<T, F: Folder<T>> Folder<T> for PacedFolder<F> {
    type Result = F::Result;

    #[inline]
    fn consume(mut self, item: T) -> Self {
        self.inner = self.inner.consume(item);
        self.left -= 1;
        if self.left == 0 {
            self.beat();
        }
        self
    }

    fn consume_iter<I>(mut self, iter: I) -> Self
    where
        I: IntoIterator<Item = T>,
    {
        // The inner folder keeps its own `consume_iter` (a sum's or a
        // collect's fast loop), fed one chunk at a time.
        let mut iter = iter.into_iter();
        loop {
            let budget = self.left;
            let mut taken = 0;
            self.inner = self
                .inner
                .consume_iter(iter.by_ref().take(budget).inspect(|_| taken += 1));
            if taken < budget || self.inner.full() {
                // The items ran out, or the folder needs no more.
                self.left = (budget - taken).max(1);
                return self;
            }
            self.beat();
        }
    }

    fn complete(self) -> F::Result {
        self.inner.complete()
    }

    #[inline]
    fn full(&self) -> bool {
        self.inner.full()
    }
}
