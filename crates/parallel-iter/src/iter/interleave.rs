//! `interleave` and `interleave_shortest`: alternate the items of two
//! indexed iterators, starting with the first.

use super::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use super::{IndexedParallelIterator, ParallelIterator, Take};

/// The iterator made by [`IndexedParallelIterator::interleave`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Interleave<I, J> {
    i: I,
    j: J,
}

impl<I, J> Interleave<I, J> {
    pub(super) fn new(i: I, j: J) -> Self {
        Interleave { i, j }
    }
}

impl<I, J> ParallelIterator for Interleave<I, J>
where
    I: IndexedParallelIterator,
    J: IndexedParallelIterator<Item = I::Item>,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<I, J> IndexedParallelIterator for Interleave<I, J>
where
    I: IndexedParallelIterator,
    J: IndexedParallelIterator<Item = I::Item>,
{
    fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.i
            .len()
            .checked_add(self.j.len())
            .expect("interleave length overflows usize")
    }

    fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
        let (i_len, j_len) = (self.i.len(), self.j.len());
        return self.i.with_producer(CallbackI {
            callback,
            i_len,
            j_len,
            j: self.j,
        });

        struct CallbackI<CB, J> {
            callback: CB,
            i_len: usize,
            j_len: usize,
            j: J,
        }

        impl<CB, J> ProducerCallback<J::Item> for CallbackI<CB, J>
        where
            J: IndexedParallelIterator,
            CB: ProducerCallback<J::Item>,
        {
            type Output = CB::Output;
            fn callback<PI: Producer<Item = J::Item>>(self, i: PI) -> CB::Output {
                self.j.with_producer(CallbackJ {
                    callback: self.callback,
                    i_len: self.i_len,
                    j_len: self.j_len,
                    i,
                })
            }
        }

        struct CallbackJ<CB, PI> {
            callback: CB,
            i_len: usize,
            j_len: usize,
            i: PI,
        }

        impl<CB, PI> ProducerCallback<PI::Item> for CallbackJ<CB, PI>
        where
            PI: Producer,
            CB: ProducerCallback<PI::Item>,
        {
            type Output = CB::Output;
            fn callback<PJ: Producer<Item = PI::Item>>(self, j: PJ) -> CB::Output {
                self.callback.callback(InterleaveProducer {
                    i: self.i,
                    j,
                    i_len: self.i_len,
                    j_len: self.j_len,
                    i_next: true,
                })
            }
        }
    }
}

/// Two producers, alternated; `i_next` says which one comes first.
struct InterleaveProducer<I, J> {
    i: I,
    j: J,
    i_len: usize,
    j_len: usize,
    i_next: bool,
}

/// How many of the first `index` items of an alternation come from the
/// sequence that goes first (of `first_len` items) and from the other.
fn counts(index: usize, first_len: usize, second_len: usize) -> (usize, usize) {
    let (half_up, half_down) = (index.div_ceil(2), index / 2);
    if half_up <= first_len && half_down <= second_len {
        (half_up, half_down)
    } else if half_up > first_len {
        // The first sequence ran out; the rest come from the second.
        (first_len, index - first_len)
    } else {
        (index - second_len, second_len)
    }
}

impl<I: Producer, J: Producer<Item = I::Item>> Producer for InterleaveProducer<I, J> {
    type Item = I::Item;
    type IntoIter = InterleaveSeq<I::IntoIter, J::IntoIter>;

    fn into_iter(self) -> Self::IntoIter {
        InterleaveSeq {
            i: self.i.into_iter(),
            j: self.j.into_iter(),
            i_next: self.i_next,
        }
    }

    fn min_len(&self) -> usize {
        self.i.min_len().max(self.j.min_len())
    }

    fn max_len(&self) -> usize {
        self.i.max_len().min(self.j.max_len())
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (from_i, from_j) = if self.i_next {
            counts(index, self.i_len, self.j_len)
        } else {
            let (from_j, from_i) = counts(index, self.j_len, self.i_len);
            (from_i, from_j)
        };
        let (i_left, i_right) = self.i.split_at(from_i);
        let (j_left, j_right) = self.j.split_at(from_j);
        // After an even number of items the same side goes first again.
        let right_i_next = self.i_next == (index % 2 == 0);
        (
            InterleaveProducer {
                i: i_left,
                j: j_left,
                i_len: from_i,
                j_len: from_j,
                i_next: self.i_next,
            },
            InterleaveProducer {
                i: i_right,
                j: j_right,
                i_len: self.i_len - from_i,
                j_len: self.j_len - from_j,
                i_next: right_i_next,
            },
        )
    }
}

/// One piece of an interleaving, as a sequential iterator.
struct InterleaveSeq<I, J> {
    i: I,
    j: J,
    i_next: bool,
}

impl<I, J> Iterator for InterleaveSeq<I, J>
where
    I: Iterator,
    J: Iterator<Item = I::Item>,
{
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let first = if self.i_next {
            self.i.next()
        } else {
            self.j.next()
        };
        match first {
            Some(item) => {
                self.i_next = !self.i_next;
                Some(item)
            }
            None if self.i_next => self.j.next(),
            None => self.i.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (i_low, i_high) = self.i.size_hint();
        let (j_low, j_high) = self.j.size_hint();
        let high = match (i_high, j_high) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
        (i_low.saturating_add(j_low), high)
    }
}

impl<I, J> DoubleEndedIterator for InterleaveSeq<I, J>
where
    I: DoubleEndedIterator + ExactSizeIterator,
    J: DoubleEndedIterator<Item = I::Item> + ExactSizeIterator,
{
    fn next_back(&mut self) -> Option<I::Item> {
        let (i_len, j_len) = (self.i.len(), self.j.len());
        // The side that goes first owns the last item iff it is longer.
        let last_from_i = if self.i_next {
            i_len > j_len
        } else {
            i_len >= j_len
        };
        if last_from_i {
            self.i.next_back()
        } else {
            self.j.next_back()
        }
    }
}

impl<I, J> ExactSizeIterator for InterleaveSeq<I, J>
where
    I: ExactSizeIterator,
    J: ExactSizeIterator<Item = I::Item>,
{
}

/// The iterator made by [`IndexedParallelIterator::interleave_shortest`]:
/// an interleaving of both iterators cut to where the shorter runs out.
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct InterleaveShortest<I, J> {
    interleave: Interleave<Take<I>, Take<J>>,
}

impl<I: IndexedParallelIterator, J: IndexedParallelIterator<Item = I::Item>>
    InterleaveShortest<I, J>
{
    pub(super) fn new(i: I, j: J) -> Self {
        let (i_len, j_len) = (i.len(), j.len());
        // Starting with `i`: it may yield one more item than `j`.
        let (i_take, j_take) = if i_len <= j_len {
            (i_len, i_len)
        } else {
            (j_len + 1, j_len)
        };
        InterleaveShortest {
            interleave: Interleave::new(i.take(i_take), j.take(j_take)),
        }
    }
}

impl<I, J> ParallelIterator for InterleaveShortest<I, J>
where
    I: IndexedParallelIterator,
    J: IndexedParallelIterator<Item = I::Item>,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<I, J> IndexedParallelIterator for InterleaveShortest<I, J>
where
    I: IndexedParallelIterator,
    J: IndexedParallelIterator<Item = I::Item>,
{
    fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.interleave.len()
    }

    fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
        self.interleave.with_producer(callback)
    }
}
