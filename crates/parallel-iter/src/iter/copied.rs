//! `copied` and `cloned`: turn `&T` items into `T`.

use super::plumbing::Producer;
use super::{IndexedParallelIterator, ParallelIterator};

macro_rules! by_value_adaptor {
    ($name:ident, $producer:ident, $bound:ident, $std:ident, $method:ident, $what:literal) => {
        #[doc = concat!("The iterator made by [`ParallelIterator::", stringify!($method), "`].")]
        #[derive(Debug, Clone)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<I> {
            base: I,
        }

        impl<I> $name<I> {
            pub(super) fn new(base: I) -> Self {
                $name { base }
            }
        }

        impl<'a, T, I> ParallelIterator for $name<I>
        where
            I: ParallelIterator<Item = &'a T>,
            T: 'a + $bound + Send + Sync,
        {
            type Item = T;
            type Producer = $producer<I::Producer>;

            fn into_producer(self) -> Self::Producer {
                $producer {
                    base: self.base.into_producer(),
                }
            }
        }

        impl<'a, T, I> IndexedParallelIterator for $name<I>
        where
            I: IndexedParallelIterator<Item = &'a T>,
            T: 'a + $bound + Send + Sync,
        {
            fn len(&self) -> usize {
                self.base.len()
            }
        }

        #[doc = concat!("The producer of [`", stringify!($name), "`]: ", $what, " every item.")]
        #[derive(Debug)]
        pub struct $producer<P> {
            base: P,
        }

        impl<'a, T, P> Producer for $producer<P>
        where
            P: Producer<Item = &'a T>,
            T: 'a + $bound,
        {
            type Item = T;
            type IntoIter = std::iter::$std<P::IntoIter>;

            fn len(&self) -> usize {
                self.base.len()
            }

            fn split_at(self, index: usize) -> (Self, Self) {
                let (left, right) = self.base.split_at(index);
                ($producer { base: left }, $producer { base: right })
            }

            fn into_iter(self) -> Self::IntoIter {
                self.base.into_iter().$method()
            }

            fn min_len(&self) -> usize {
                self.base.min_len()
            }

            fn max_len(&self) -> usize {
                self.base.max_len()
            }
        }
    };
}

by_value_adaptor!(Copied, CopiedProducer, Copy, Copied, copied, "copies");
by_value_adaptor!(Cloned, ClonedProducer, Clone, Cloned, cloned, "clones");
