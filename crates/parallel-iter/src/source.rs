//! The boilerplate of an indexed source: a type that can hand out a
//! `Producer` and knows its length implements both iterator traits the
//! same way (bridge to the consumer; `opt_len` is the length).

/// Implements `ParallelIterator` and `IndexedParallelIterator` for
/// `$ty` (generics in brackets), whose items are `$item`, whose length is
/// `$len` and whose producer is `$producer` (both given `$this`).
macro_rules! indexed_source {
    (
        impl[$($gen:tt)*] $ty:ty, item $item:ty, where [$($bounds:tt)*],
        |$this:ident| len $len:expr, producer $producer:expr
    ) => {
        impl<$($gen)*> $crate::iter::ParallelIterator for $ty
        where
            $($bounds)*
        {
            type Item = $item;

            fn drive_unindexed<C>(self, consumer: C) -> C::Result
            where
                C: $crate::iter::plumbing::UnindexedConsumer<$item>,
            {
                $crate::iter::plumbing::bridge(self, consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                let $this = self;
                Some($len)
            }
        }

        impl<$($gen)*> $crate::iter::IndexedParallelIterator for $ty
        where
            $($bounds)*
        {
            fn drive<C>(self, consumer: C) -> C::Result
            where
                C: $crate::iter::plumbing::Consumer<$item>,
            {
                $crate::iter::plumbing::bridge(self, consumer)
            }

            fn len(&self) -> usize {
                let $this = self;
                $len
            }

            fn with_producer<CB>(self, callback: CB) -> CB::Output
            where
                CB: $crate::iter::plumbing::ProducerCallback<$item>,
            {
                let $this = self;
                callback.callback($producer)
            }
        }
    };
}

pub(crate) use indexed_source;
