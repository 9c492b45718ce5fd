//! rayon compatibility: a parallel iterator written by a third party
//! against `iter::plumbing` (a producer of its own and a consumer of its
//! own) works with every adaptor and consumer.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::iter::plumbing::{
    Consumer, Folder, Producer, ProducerCallback, Reducer, UnindexedConsumer, bridge,
};
use fearless_par::prelude::*;

/// The squares `start², (start+1)², ...` of `len` numbers.
#[derive(Debug, Clone)]
struct Squares {
    start: u64,
    len: usize,
}

impl ParallelIterator for Squares {
    type Item = u64;

    fn drive_unindexed<C: UnindexedConsumer<u64>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len)
    }
}

impl IndexedParallelIterator for Squares {
    fn len(&self) -> usize {
        self.len
    }

    fn drive<C: Consumer<u64>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn with_producer<CB: ProducerCallback<u64>>(self, callback: CB) -> CB::Output {
        callback.callback(SquaresProducer {
            range: self.start as usize..self.start as usize + self.len,
        })
    }
}

struct SquaresProducer {
    range: std::ops::Range<usize>,
}

impl Producer for SquaresProducer {
    type Item = u64;
    type IntoIter = std::iter::Map<std::ops::Range<usize>, fn(usize) -> u64>;

    fn into_iter(self) -> Self::IntoIter {
        self.range.map(|x| (x * x) as u64)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let mid = self.range.start + index;
        (
            SquaresProducer {
                range: self.range.start..mid,
            },
            SquaresProducer {
                range: mid..self.range.end,
            },
        )
    }
}

/// A consumer that sums and counts (a reducer that is not the consumer).
struct SumCount;
struct SumCountFolder(u64, usize);
struct AddPairs;

impl Consumer<u64> for SumCount {
    type Folder = SumCountFolder;
    type Reducer = AddPairs;
    type Result = (u64, usize);

    fn split_at(self, _index: usize) -> (Self, Self, AddPairs) {
        (SumCount, SumCount, AddPairs)
    }

    fn into_folder(self) -> SumCountFolder {
        SumCountFolder(0, 0)
    }

    fn full(&self) -> bool {
        false
    }
}

impl UnindexedConsumer<u64> for SumCount {
    fn split_off_left(&self) -> Self {
        SumCount
    }

    fn to_reducer(&self) -> AddPairs {
        AddPairs
    }
}

impl Folder<u64> for SumCountFolder {
    type Result = (u64, usize);

    fn consume(self, item: u64) -> Self {
        SumCountFolder(self.0 + item, self.1 + 1)
    }

    fn complete(self) -> (u64, usize) {
        (self.0, self.1)
    }

    fn full(&self) -> bool {
        false
    }
}

impl Reducer<(u64, usize)> for AddPairs {
    fn reduce(self, a: (u64, usize), b: (u64, usize)) -> (u64, usize) {
        (a.0 + b.0, a.1 + b.1)
    }
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn third_party_iterator_and_consumer() {
    in_every_mode(|| {
        for len in [0usize, 1, 5, 10_000] {
            let seq: Vec<u64> = (3..3 + len as u64).map(|x| x * x).collect();
            let it = || Squares { start: 3, len };
            assert_eq!(it().collect::<Vec<_>>(), seq);
            assert_eq!(
                it().rev().with_max_len(2).collect::<Vec<_>>(),
                seq.iter().rev().copied().collect::<Vec<_>>()
            );
            assert_eq!(
                it().zip(it().skip(1)).filter(|(a, b)| a < b).count(),
                len.saturating_sub(1)
            );
            assert_eq!(it().drive_unindexed(SumCount), (seq.iter().sum(), len));
            assert_eq!(
                it().with_max_len(3).drive(SumCount),
                (seq.iter().sum(), len)
            );
            assert_eq!(bridge(it().map(|x| x + 1), SumCount).1, len);
            assert_eq!(
                seq.par_iter()
                    .copied()
                    .filter(|x| x % 2 == 0)
                    .drive_unindexed(SumCount)
                    .1,
                seq.iter().filter(|x| *x % 2 == 0).count()
            );
        }
    });
}

#[test]
fn adaptors_implement_debug() {
    let v = vec![1, 2, 3];
    let text = format!(
        "{:?} {:?} {:?} {:?} {:?}",
        v.par_iter().map(|x| x + 1),
        v.par_iter().filter(|_| true).enumerate_free(),
        (0..3).into_par_iter().rev().step_by(2).chunks(2),
        v.par_chunks(2).zip(v.par_windows(2)),
        fearless_par::iter::repeat_n(1, 2).interleave(fearless_par::iter::once(3)),
    );
    assert!(text.contains("Map"));
}

trait EnumerateFree: Sized {
    fn enumerate_free(self) -> Self {
        self
    }
}

impl<T> EnumerateFree for T {}
