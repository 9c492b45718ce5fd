//! Collecting an iterator of known length straight into a vector's spare
//! capacity: each piece writes its items into its own range of slots, with
//! no intermediate vector per piece and no final copy (`collect_into_vec`,
//! and `collect`/`par_extend` into a `Vec` when `opt_len` is known), and
//! unzipping pairs straight into two vectors (`unzip_into_vecs`).
//!
//! The consumer is cut exactly where the producer is, so piece `k` owns
//! the slots of items `k`'s indices. Each piece's result ([`Written`]) owns
//! the items it wrote (and drops them if it is dropped, e.g. when a panic
//! unwinds); the reducer merges two results only when they are adjacent,
//! so the final result covers a contiguous run of slots from the first
//! one. Only when that run is exactly the expected length does the vector
//! take the items over (`set_len`); otherwise the collect panics, as
//! rayon's does, and the written items are dropped.
//!
//! The unindexed path (`drive_unindexed`) is used only when `opt_len`
//! returned `Some`, which promises that every adaptor on the way cuts the
//! consumer with `split_at` (the same contract as rayon's); splitting off
//! an unknown left part is a bug and panics.

#![allow(unsafe_code)]

use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use super::{IndexedParallelIterator, ParallelIterator};
use std::marker::PhantomData;
use std::mem::{self, MaybeUninit};
use std::ptr;

/// `collect_into_vec`: replaces `v`'s contents with the items of `pi`.
pub(super) fn collect_into_vec<I>(pi: I, v: &mut Vec<I::Item>)
where
    I: IndexedParallelIterator,
{
    v.clear();
    let len = pi.len();
    append(v, len, |slots| pi.drive(slots));
}

/// `unzip_into_vecs`: replaces `left`'s contents with the pairs' first
/// halves and `right`'s with their second halves, each written in place.
pub(super) fn unzip_into_vecs<I, A, B>(pi: I, left: &mut Vec<A>, right: &mut Vec<B>)
where
    I: IndexedParallelIterator<Item = (A, B)>,
    A: Send,
    B: Send,
{
    left.clear();
    right.clear();
    let len = pi.len();
    append(left, len, |left_slots| {
        // The left items come out of the right vector's drive; if that
        // panics, they are dropped with this option.
        let mut left_written = None;
        append(right, len, |right_slots| {
            let (l, r) = pi.drive(SlotPairs {
                left: left_slots,
                right: right_slots,
            });
            left_written = Some(l);
            r
        });
        left_written.expect("the drive returned both halves")
    });
}

/// Appends the items of `pi`, of which `opt_len` said there are `len`.
pub(super) fn extend<I>(pi: I, len: usize, v: &mut Vec<I::Item>)
where
    I: ParallelIterator,
{
    append(v, len, |slots| pi.drive_unindexed(slots));
}

/// Reserves `len` slots after `v`'s items, lets `drive` fill them, and
/// takes the items over once all `len` are written.
fn append<T: Send>(v: &mut Vec<T>, len: usize, drive: impl FnOnce(Slots<'_, T>) -> Written<'_, T>) {
    v.reserve(len);
    let spare: &mut [MaybeUninit<T>] = &mut v.spare_capacity_mut()[..len];
    let written = drive(Slots {
        start: spare.as_mut_ptr().cast::<T>(),
        len,
        _slots: PhantomData,
    });
    let count = written.len;
    assert!(count == len, "expected {len} total writes, but got {count}");
    // The vector owns them from now on.
    mem::forget(written);
    // SAFETY: `written` started at the first spare slot (the root
    // consumer's start) and covered `len` contiguous initialized slots, all
    // within the reserved capacity.
    unsafe { v.set_len(v.len() + len) };
}

/// A consumer owning `len` uninitialized slots from `start`.
pub(super) struct Slots<'c, T> {
    start: *mut T,
    len: usize,
    _slots: PhantomData<&'c mut [MaybeUninit<T>]>,
}

// SAFETY: a `Slots` is an exclusive borrow of its slots (they are split,
// never shared); moving items into them from another thread needs
// `T: Send`.
unsafe impl<T: Send> Send for Slots<'_, T> {}

impl<'c, T: Send + 'c> Consumer<T> for Slots<'c, T> {
    type Folder = Written<'c, T>;
    type Reducer = WrittenReducer;
    type Result = Written<'c, T>;

    fn split_at(self, index: usize) -> (Self, Self, WrittenReducer) {
        assert!(index <= self.len, "consumer split index out of bounds");
        // SAFETY: `index <= len`, so the offset stays within the slots.
        let right_start = unsafe { self.start.add(index) };
        let left = Slots {
            start: self.start,
            len: index,
            _slots: PhantomData,
        };
        let right = Slots {
            start: right_start,
            len: self.len - index,
            _slots: PhantomData,
        };
        (left, right, WrittenReducer)
    }

    fn into_folder(self) -> Written<'c, T> {
        Written {
            start: self.start,
            capacity: self.len,
            len: 0,
            _slots: PhantomData,
        }
    }

    fn full(&self) -> bool {
        false
    }
}

impl<'c, T: Send + 'c> UnindexedConsumer<T> for Slots<'c, T> {
    fn split_off_left(&self) -> Self {
        unreachable!("an in-place collect is cut only by index (opt_len was known)")
    }

    fn to_reducer(&self) -> WrittenReducer {
        WrittenReducer
    }
}

/// The first `len` of `capacity` slots from `start`, written and owned.
pub(super) struct Written<'c, T> {
    start: *mut T,
    capacity: usize,
    len: usize,
    _slots: PhantomData<&'c mut [MaybeUninit<T>]>,
}

// SAFETY: as for `Slots`: it owns its written items and borrows its slots
// exclusively.
unsafe impl<T: Send> Send for Written<'_, T> {}

impl<T> Folder<T> for Written<'_, T> {
    type Result = Self;

    fn consume(mut self, item: T) -> Self {
        assert!(
            self.len < self.capacity,
            "too many values pushed to consumer"
        );
        // SAFETY: slot `len` is within the capacity (checked) and not yet
        // written.
        unsafe { self.start.add(self.len).write(item) };
        self.len += 1;
        self
    }

    fn complete(self) -> Self {
        self
    }

    fn full(&self) -> bool {
        false
    }
}

impl<T> Drop for Written<'_, T> {
    /// Drops the written items (on unwind, or when a result could not be
    /// merged).
    fn drop(&mut self) {
        // SAFETY: the first `len` slots are initialized and owned by us.
        unsafe { ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.start, self.len)) };
    }
}

/// Merges two [`Written`] results when the right one starts where the
/// left one's items end.
pub(super) struct WrittenReducer;

impl<'c, T> Reducer<Written<'c, T>> for WrittenReducer {
    fn reduce(self, mut left: Written<'c, T>, right: Written<'c, T>) -> Written<'c, T> {
        // `wrapping_add`: only compared, never dereferenced.
        if left.start.wrapping_add(left.len) == right.start {
            left.capacity += right.capacity;
            left.len += right.len;
            // `left` owns the right items now.
            mem::forget(right);
        }
        // Otherwise `right` is dropped with its items, and the total comes
        // up short, which `append` reports.
        left
    }
}

/// A consumer of pairs owning `len` slots in each of two vectors: the
/// pairs' first halves go left, their second halves right, at the same
/// index.
struct SlotPairs<'a, 'b, A, B> {
    left: Slots<'a, A>,
    right: Slots<'b, B>,
}

impl<'a, 'b, A: Send + 'a, B: Send + 'b> Consumer<(A, B)> for SlotPairs<'a, 'b, A, B> {
    type Folder = WrittenPairs<'a, 'b, A, B>;
    type Reducer = WrittenReducer;
    type Result = (Written<'a, A>, Written<'b, B>);

    fn split_at(self, index: usize) -> (Self, Self, WrittenReducer) {
        let (left_a, right_a, _) = self.left.split_at(index);
        let (left_b, right_b, _) = self.right.split_at(index);
        (
            SlotPairs {
                left: left_a,
                right: left_b,
            },
            SlotPairs {
                left: right_a,
                right: right_b,
            },
            WrittenReducer,
        )
    }

    fn into_folder(self) -> WrittenPairs<'a, 'b, A, B> {
        WrittenPairs(self.left.into_folder(), self.right.into_folder())
    }

    fn full(&self) -> bool {
        false
    }
}

/// The folder of [`SlotPairs`]: one [`Written`] run in each vector.
struct WrittenPairs<'a, 'b, A, B>(Written<'a, A>, Written<'b, B>);

impl<'a, 'b, A, B> Folder<(A, B)> for WrittenPairs<'a, 'b, A, B> {
    type Result = (Written<'a, A>, Written<'b, B>);

    fn consume(self, (a, b): (A, B)) -> Self {
        WrittenPairs(self.0.consume(a), self.1.consume(b))
    }

    fn complete(self) -> Self::Result {
        (self.0, self.1)
    }

    fn full(&self) -> bool {
        false
    }
}

impl<'a, 'b, A, B> Reducer<(Written<'a, A>, Written<'b, B>)> for WrittenReducer {
    fn reduce(
        self,
        left: (Written<'a, A>, Written<'b, B>),
        right: (Written<'a, A>, Written<'b, B>),
    ) -> (Written<'a, A>, Written<'b, B>) {
        (
            WrittenReducer.reduce(left.0, right.0),
            WrittenReducer.reduce(left.1, right.1),
        )
    }
}
