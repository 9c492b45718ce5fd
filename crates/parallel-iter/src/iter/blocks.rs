//! `by_exponential_blocks` and `by_uniform_blocks`: the input is consumed
//! as a sequence of blocks, one after the other, each block in parallel.
//! With an early-exit consumer (`find_first`, `take_any`, ...) a huge
//! input then stops after the first blocks that settle the answer.

use super::IndexedParallelIterator;
use super::ParallelIterator;
use super::plumbing::{
    Folder, Producer, ProducerCallback, Reducer, UnindexedConsumer, bridge_producer_consumer,
};

/// Feeds the producer to the consumer block by block; `next_size` gives
/// the next block's length from the previous one's.
struct BlocksCallback<C, S> {
    consumer: C,
    len: usize,
    next_size: S,
}

impl<T, C, S> ProducerCallback<T> for BlocksCallback<C, S>
where
    C: UnindexedConsumer<T>,
    S: Fn(usize) -> usize,
{
    type Output = C::Result;

    fn callback<P: Producer<Item = T>>(self, mut producer: P) -> C::Result {
        let BlocksCallback {
            consumer,
            mut len,
            next_size,
        } = self;
        let mut result = None;
        let mut size = next_size(0);
        while len > 0 && !consumer.full() {
            let block = size.min(len);
            let (head, tail) = producer.split_at(block);
            producer = tail;
            len -= block;
            let piece = bridge_producer_consumer(block, head, consumer.split_off_left());
            result = Some(match result {
                None => piece,
                Some(previous) => consumer.to_reducer().reduce(previous, piece),
            });
            size = next_size(size);
        }
        match result {
            // Nothing was consumed: the consumer's empty result.
            None => consumer.into_folder().complete(),
            Some(result) => result,
        }
    }
}

/// The iterator made by [`IndexedParallelIterator::by_exponential_blocks`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct ExponentialBlocks<I> {
    base: I,
}

impl<I> ExponentialBlocks<I> {
    pub(super) fn new(base: I) -> Self {
        ExponentialBlocks { base }
    }
}

impl<I: IndexedParallelIterator> ParallelIterator for ExponentialBlocks<I> {
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        // Blocks start at one item per thread and double.
        let first = crate::engine::threads_for_fork().max(1);
        let len = self.base.len();
        self.base.with_producer(BlocksCallback {
            consumer,
            len,
            next_size: move |previous: usize| {
                if previous == 0 {
                    first
                } else {
                    previous.saturating_mul(2)
                }
            },
        })
    }
}

/// The iterator made by [`IndexedParallelIterator::by_uniform_blocks`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct UniformBlocks<I> {
    base: I,
    block_size: usize,
}

impl<I> UniformBlocks<I> {
    pub(super) fn new(base: I, block_size: usize) -> Self {
        UniformBlocks { base, block_size }
    }
}

impl<I: IndexedParallelIterator> ParallelIterator for UniformBlocks<I> {
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let size = self.block_size;
        let len = self.base.len();
        self.base.with_producer(BlocksCallback {
            consumer,
            len,
            next_size: move |_| size,
        })
    }
}
