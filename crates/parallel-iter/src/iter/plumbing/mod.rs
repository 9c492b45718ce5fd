//! The extension API for writing parallel iterators, with rayon's names
//! and signatures, so third-party iterators written against
//! `rayon::iter::plumbing` build against this crate unchanged.
//!
//! There are two levels, as in rayon:
//!
//! - **indexed**: a [`Producer`] knows its exact length and can be cut at
//!   any index; a [`Consumer`] can be cut at the same index. Both halves of
//!   a cut run (maybe in parallel) and a [`Reducer`] combines their results
//!   left then right. [`bridge_producer_consumer`] drives the pair.
//! - **unindexed**: an [`UnindexedProducer`] splits itself in two when
//!   asked (or declines), and an [`UnindexedConsumer`] can always split off
//!   a consumer for the left half. [`bridge_unindexed`] drives the pair.
//!
//! Each piece that is no longer cut is fed sequentially to a [`Folder`].
//! How far to cut is decided by this crate's adaptive splitter
//! (`src/split.rs`), not by the producer; `min_len`/`max_len` bound it.
//!
//! Models: `tests/models.rs` (iterators on the sequential engine under
//! loom) and `src/pool/models.rs` (`beat_split_*`: the paced bridge's split).

mod paced_folder;

use super::IndexedParallelIterator;
use crate::engine;
use crate::split::{INLINE_MAX_LEN, Splitter};
use paced_folder::PacedFolder;

/// The receiving side of [`IndexedParallelIterator::with_producer`]: code
/// that gets to run with the producer behind an indexed iterator, whatever
/// its type.
pub trait ProducerCallback<T> {
    /// What the callback returns.
    type Output;

    /// Runs with `producer`.
    fn callback<P>(self, producer: P) -> Self::Output
    where
        P: Producer<Item = T>;
}

/// A splittable source of a known number of items (the indexed level).
pub trait Producer: Send + Sized {
    /// The items produced.
    type Item;

    /// The sequential iterator over one piece.
    type IntoIter: Iterator<Item = Self::Item> + DoubleEndedIterator + ExactSizeIterator;

    /// Turns this piece into a sequential iterator.
    fn into_iter(self) -> Self::IntoIter;

    /// Pieces are never cut shorter than this (`with_min_len`).
    fn min_len(&self) -> usize {
        1
    }

    /// Pieces longer than this are always cut (`with_max_len`).
    fn max_len(&self) -> usize {
        usize::MAX
    }

    /// Cuts the producer in two at `index`: items `..index` go left.
    fn split_at(self, index: usize) -> (Self, Self);

    /// Feeds this piece's items to `folder`; stops early once the folder
    /// is full.
    fn fold_with<F>(self, folder: F) -> F
    where
        F: Folder<Self::Item>,
    {
        folder.consume_iter(self.into_iter())
    }
}

/// The receiving side of an indexed iterator: can be cut at an index, and
/// turned into a [`Folder`] for one piece.
pub trait Consumer<Item>: Send + Sized {
    /// The sequential folder of one piece.
    type Folder: Folder<Item, Result = Self::Result>;
    /// Combines the results of the two halves of a cut.
    type Reducer: Reducer<Self::Result>;
    /// The result of a piece, and of the whole.
    type Result: Send;

    /// Cuts the consumer in two at `index`, as the producer is cut.
    fn split_at(self, index: usize) -> (Self, Self, Self::Reducer);

    /// The folder for one piece.
    fn into_folder(self) -> Self::Folder;

    /// Whether the answer is already known, so that no more items are
    /// needed (`find_any`, `take_any`, ...).
    fn full(&self) -> bool;
}

/// Folds the items of one piece sequentially.
pub trait Folder<Item>: Sized {
    /// What the folding yields.
    type Result;

    /// Folds one item.
    fn consume(self, item: Item) -> Self;

    /// Folds the items of `iter`, stopping once [`full`](Folder::full).
    fn consume_iter<I>(mut self, iter: I) -> Self
    where
        I: IntoIterator<Item = Item>,
    {
        for item in iter {
            self = self.consume(item);
            if self.full() {
                break;
            }
        }
        self
    }

    /// Finishes the fold.
    fn complete(self) -> Self::Result;

    /// Whether no more items are needed.
    fn full(&self) -> bool;
}

/// Combines the results of two neighbouring pieces, left then right.
pub trait Reducer<Result> {
    /// Combines `left` (the earlier items) with `right`.
    fn reduce(self, left: Result, right: Result) -> Result;
}

/// A consumer that can also receive items without knowing their index:
/// it splits off a consumer for an unknown left part.
pub trait UnindexedConsumer<I>: Consumer<I> {
    /// A consumer for items that come before all of `self`'s.
    fn split_off_left(&self) -> Self;

    /// The reducer that combines a split-off left result with this one's.
    fn to_reducer(&self) -> Self::Reducer;
}

/// A source of items of unknown number that can split itself in two.
pub trait UnindexedProducer: Send + Sized {
    /// The items produced.
    type Item;

    /// Splits in two, or returns `(self, None)` when it cannot.
    fn split(self) -> (Self, Option<Self>);

    /// Feeds this piece's items to `folder`.
    fn fold_with<F>(self, folder: F) -> F
    where
        F: Folder<Self::Item>;
}

/// Drives an indexed parallel iterator into an indexed consumer.
///
/// ```
/// use fearless_par::iter::plumbing::*;
/// use fearless_par::prelude::*;
///
/// // A consumer that counts items, written against the plumbing API.
/// struct Count;
/// struct CountFolder(usize);
/// struct Add;
/// impl<T> Consumer<T> for Count {
///     type Folder = CountFolder;
///     type Reducer = Add;
///     type Result = usize;
///     fn split_at(self, _: usize) -> (Self, Self, Add) { (Count, Count, Add) }
///     fn into_folder(self) -> CountFolder { CountFolder(0) }
///     fn full(&self) -> bool { false }
/// }
/// impl<T> Folder<T> for CountFolder {
///     type Result = usize;
///     fn consume(self, _: T) -> Self { CountFolder(self.0 + 1) }
///     fn complete(self) -> usize { self.0 }
///     fn full(&self) -> bool { false }
/// }
/// impl Reducer<usize> for Add {
///     fn reduce(self, a: usize, b: usize) -> usize { a + b }
/// }
/// assert_eq!(bridge((0..10_000).into_par_iter(), Count), 10_000);
/// ```
pub fn bridge<I, C>(par_iter: I, consumer: C) -> C::Result
where
    I: IndexedParallelIterator,
    C: Consumer<I::Item>,
{
    let len = par_iter.len();
    return par_iter.with_producer(Callback { len, consumer });

    struct Callback<C> {
        len: usize,
        consumer: C,
    }

    impl<C, I> ProducerCallback<I> for Callback<C>
    where
        C: Consumer<I>,
    {
        type Output = C::Result;
        fn callback<P>(self, producer: P) -> C::Result
        where
            P: Producer<Item = I>,
        {
            bridge_producer_consumer(self.len, producer, self.consumer)
        }
    }
}

/// Drives `len` items of `producer` into `consumer`, cutting both where
/// the adaptive splitter says and reducing the pieces' results in order.
pub fn bridge_producer_consumer<P, C>(len: usize, producer: P, consumer: C) -> C::Result
where
    P: Producer,
    C: Consumer<P::Item>,
{
    if !engine::PACED {
        return match Splitter::for_input(
            len,
            producer.min_len(),
            producer.max_len(),
            INLINE_MAX_LEN,
        ) {
            None => producer.fold_with(consumer.into_folder()).complete(),
            Some(splitter) => indexed_piece(len, false, splitter, producer, consumer),
        };
    }
    match Splitter::for_paced_input(len, producer.min_len(), producer.max_len()) {
        None => producer.fold_with(consumer.into_folder()).complete(),
        Some(splitter) => {
            let _paced = engine::PacedScope::enter();
            indexed_piece(len, false, splitter, producer, consumer)
        }
    }
}

/// Cuts one indexed piece in two, or folds it if the splitter says stop.
fn indexed_piece<P, C>(
    len: usize,
    migrated: bool,
    mut splitter: Splitter,
    producer: P,
    consumer: C,
) -> C::Result
where
    P: Producer,
    C: Consumer<P::Item>,
{
    if consumer.full() {
        return consumer.into_folder().complete();
    }
    if splitter.try_split(len, migrated) {
        let mid = len / 2;
        let (left_producer, right_producer) = producer.split_at(mid);
        let (left_consumer, right_consumer, reducer) = consumer.split_at(mid);
        let (left, right) = engine::join_context(
            |migrated| indexed_piece(mid, migrated, splitter, left_producer, left_consumer),
            |migrated| {
                indexed_piece(
                    len - mid,
                    migrated,
                    splitter,
                    right_producer,
                    right_consumer,
                )
            },
        );
        reducer.reduce(left, right)
    } else if engine::PACED {
        paced_fold(len, 1, splitter, producer, consumer)
    } else {
        producer.fold_with(consumer.into_folder()).complete()
    }
}

/// Folds a piece the splitter no longer cuts, in chunks, polling the
/// heartbeat between two of them (see `pool/pace.rs`): the first chunk
/// holds `chunk` items (at least `min_len`), the next ones as many as the
/// poll says (more while chunks are quick). When a beat is due, what is
/// left is cut in two: the left half goes on here, paced, and the right
/// half is offered to other threads at once.
///
/// Each chunk is a piece of its own (its own folder, reduced in order with
/// the pieces before it), so a chunk never needs the folder to be cut.
fn paced_fold<P, C>(
    mut len: usize,
    chunk: usize,
    splitter: Splitter,
    mut producer: P,
    mut consumer: C,
) -> C::Result
where
    P: Producer,
    C: Consumer<P::Item>,
{
    let min_len = splitter.min_len();
    let mut chunk = chunk.max(min_len);
    if len <= chunk {
        return producer.fold_with(consumer.into_folder()).complete();
    }
    let (first, rest) = producer.split_at(chunk);
    let (first_consumer, rest_consumer, mut reducer) = consumer.split_at(chunk);
    // The results of the items before `producer`, and the reducer that
    // joins them to the result of `producer`'s items (their neighbours).
    let mut done = first.fold_with(first_consumer.into_folder()).complete();
    (producer, consumer, len) = (rest, rest_consumer, len - chunk);
    loop {
        if consumer.full() {
            return reducer.reduce(done, consumer.into_folder().complete());
        }
        let (due, next) = engine::pace_poll(chunk);
        chunk = next.max(min_len);
        if due && len / 2 >= min_len {
            let mid = len / 2;
            let (left_producer, right_producer) = producer.split_at(mid);
            let (left_consumer, right_consumer, halves) = consumer.split_at(mid);
            let (left, right) = engine::join_offered(
                |_| paced_fold(mid, chunk, splitter, left_producer, left_consumer),
                |migrated| {
                    indexed_piece(
                        len - mid,
                        migrated,
                        splitter,
                        right_producer,
                        right_consumer,
                    )
                },
            );
            return reducer.reduce(done, halves.reduce(left, right));
        }
        if len <= chunk {
            let last = producer.fold_with(consumer.into_folder()).complete();
            return reducer.reduce(done, last);
        }
        let (piece, rest) = producer.split_at(chunk);
        let (piece_consumer, rest_consumer, next_reducer) = consumer.split_at(chunk);
        let result = piece.fold_with(piece_consumer.into_folder()).complete();
        done = reducer.reduce(done, result);
        (producer, consumer, len, reducer) = (rest, rest_consumer, len - chunk, next_reducer);
    }
}

/// Drives an unindexed producer into an unindexed consumer, splitting the
/// producer as often as the adaptive splitter asks and it agrees.
pub fn bridge_unindexed<P, C>(producer: P, consumer: C) -> C::Result
where
    P: UnindexedProducer,
    C: UnindexedConsumer<P::Item>,
{
    // The length is unknown: the splitter's budget alone decides.
    match Splitter::for_input(usize::MAX, 1, usize::MAX, INLINE_MAX_LEN) {
        None => producer.fold_with(consumer.into_folder()).complete(),
        Some(splitter) => {
            let _paced = engine::PacedScope::enter();
            unindexed_piece(false, splitter, producer, consumer)
        }
    }
}

/// Splits one unindexed piece in two, or folds it.
fn unindexed_piece<P, C>(
    migrated: bool,
    mut splitter: Splitter,
    producer: P,
    consumer: C,
) -> C::Result
where
    P: UnindexedProducer,
    C: UnindexedConsumer<P::Item>,
{
    if consumer.full() {
        return consumer.into_folder().complete();
    }
    if splitter.try_split(usize::MAX, migrated) {
        match producer.split() {
            (left_producer, Some(right_producer)) => {
                let (reducer, left_consumer, right_consumer) =
                    (consumer.to_reducer(), consumer.split_off_left(), consumer);
                let (left, right) = engine::join_context(
                    |migrated| unindexed_piece(migrated, splitter, left_producer, left_consumer),
                    |migrated| unindexed_piece(migrated, splitter, right_producer, right_consumer),
                );
                reducer.reduce(left, right)
            }
            (producer, None) => unindexed_leaf(producer, consumer),
        }
    } else {
        unindexed_leaf(producer, consumer)
    }
}

/// Folds an unindexed piece that is not cut further, polling the
/// heartbeat as it goes (see `paced_folder.rs`).
fn unindexed_leaf<P, C>(producer: P, consumer: C) -> C::Result
where
    P: UnindexedProducer,
    C: UnindexedConsumer<P::Item>,
{
    if engine::PACED {
        producer
            .fold_with(PacedFolder::new(consumer.into_folder()))
            .complete()
    } else {
        producer.fold_with(consumer.into_folder()).complete()
    }
}

/// Runs `a` and `b`, in parallel unless the calling thread is in
/// sequential mode (see `fearless_par::sequential`), for adaptors that
/// fork once outside the splitter (`chain`, `unzip`).
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if engine::current_engine() == engine::Engine::Sequential {
        (a(), b())
    } else {
        engine::join_context(|_| a(), |_| b())
    }
}
