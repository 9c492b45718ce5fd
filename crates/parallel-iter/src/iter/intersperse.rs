//! `intersperse`: a clone of a separator between neighbouring items.
//!
//! Every piece but the first puts a separator before its first item, so
//! the separators land exactly between items whatever the splitting. The
//! consumer knows whether it is the first piece: splitting off a left part
//! hands the "first" role to it. That needs every piece to yield as many
//! items as it was given, which holds for bases of known length; others
//! are gathered into a `Vec` first. (rayon skips that step and can put a
//! separator first when the leftmost pieces of a `filter` yield nothing.)
//! An indexed base gives an indexed iterator: the base interleaved with
//! clones of the separator.

use super::plumbing::ProducerCallback;
use super::plumbing::{Consumer, Folder, UnindexedConsumer};
use super::{
    IndexedParallelIterator, Interleave, IntoParallelIterator, ParallelIterator, RepeatN, repeat_n,
};
use std::cell::Cell;
use std::fmt;

/// The iterator made by [`ParallelIterator::intersperse`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Intersperse<I: ParallelIterator> {
    base: I,
    item: I::Item,
}

impl<I: ParallelIterator + Clone> Clone for Intersperse<I>
where
    I::Item: Clone,
{
    fn clone(&self) -> Self {
        Intersperse {
            base: self.base.clone(),
            item: self.item.clone(),
        }
    }
}

impl<I: ParallelIterator + fmt::Debug> fmt::Debug for Intersperse<I>
where
    I::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Intersperse")
            .field("base", &self.base)
            .field("item", &self.item)
            .finish()
    }
}

impl<I: ParallelIterator> Intersperse<I> {
    pub(super) fn new(base: I, item: I::Item) -> Self {
        Intersperse { base, item }
    }
}

impl<I> ParallelIterator for Intersperse<I>
where
    I: ParallelIterator<Item: Clone>,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        if self.base.opt_len().is_none() {
            // Pieces of an unindexed base (after a `filter`, say) may yield
            // nothing, so a piece cannot know whether an item was yielded
            // before its own. Gathering the items first (in parallel, in
            // order) gives an indexed base, where it can.
            let items: Vec<I::Item> = self.base.collect();
            return Intersperse::new(items.into_par_iter(), self.item).drive_unindexed(consumer);
        }
        self.base.drive_unindexed(IntersperseConsumer {
            base: consumer,
            item: self.item,
            first: Cell::new(true),
        })
    }

    fn opt_len(&self) -> Option<usize> {
        let len = self.base.opt_len()?;
        len.checked_mul(2).map(|double| double.saturating_sub(1))
    }
}

/// Puts a separator before every item but the very first.
struct IntersperseConsumer<C, T> {
    base: C,
    item: T,
    /// Whether this consumer's items start the whole sequence.
    first: Cell<bool>,
}

impl<T: Clone + Send, C: Consumer<T>> Consumer<T> for IntersperseConsumer<C, T> {
    type Folder = IntersperseFolder<C::Folder, T>;
    type Reducer = C::Reducer;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
        // `index` input items become `2 * index - 1` output items for the
        // first piece (no leading separator), `2 * index` for others.
        let out_index = if self.first.get() {
            (2 * index).saturating_sub(1)
        } else {
            2 * index
        };
        let (left, right, reducer) = self.base.split_at(out_index);
        let left = IntersperseConsumer {
            base: left,
            item: self.item.clone(),
            first: Cell::new(self.first.get()),
        };
        let right = IntersperseConsumer {
            base: right,
            item: self.item,
            first: Cell::new(self.first.get() && index == 0),
        };
        (left, right, reducer)
    }

    fn into_folder(self) -> Self::Folder {
        IntersperseFolder {
            base: self.base.into_folder(),
            item: self.item,
            clone_first: !self.first.get(),
        }
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

impl<T: Clone + Send, C: UnindexedConsumer<T>> UnindexedConsumer<T> for IntersperseConsumer<C, T> {
    fn split_off_left(&self) -> Self {
        let left = IntersperseConsumer {
            base: self.base.split_off_left(),
            item: self.item.clone(),
            first: Cell::new(self.first.get()),
        };
        self.first.set(false);
        left
    }

    fn to_reducer(&self) -> C::Reducer {
        self.base.to_reducer()
    }
}

/// One piece: a separator before each item (but the first piece's first).
struct IntersperseFolder<C, T> {
    base: C,
    item: T,
    clone_first: bool,
}

impl<T: Clone, C: Folder<T>> Folder<T> for IntersperseFolder<C, T> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        if self.clone_first {
            self.base = self.base.consume(self.item.clone());
            if self.base.full() {
                return self;
            }
        } else {
            self.clone_first = true;
        }
        self.base = self.base.consume(item);
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

/// An indexed base is interleaved with `len - 1` clones of the separator:
/// the same items, with a producer that can be cut anywhere.
impl<I> IndexedParallelIterator for Intersperse<I>
where
    I: IndexedParallelIterator<Item: Clone>,
{
    fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
        self.interleaved().drive(consumer)
    }

    fn len(&self) -> usize {
        self.base.len().saturating_mul(2).saturating_sub(1)
    }

    fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
        self.interleaved().with_producer(callback)
    }
}

impl<I> Intersperse<I>
where
    I: IndexedParallelIterator<Item: Clone>,
{
    fn interleaved(self) -> Interleave<I, RepeatN<I::Item>> {
        let separators = self.base.len().saturating_sub(1);
        self.base.interleave(repeat_n(self.item, separators))
    }
}
