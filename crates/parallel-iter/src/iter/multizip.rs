//! Tuples of indexed parallel iterables zip into one iterator of tuples:
//! `(a, b, c).into_par_iter()` (up to 12 elements), also through `&` and
//! `&mut` to a tuple.

use super::plumbing::{Consumer, ProducerCallback, UnindexedConsumer};
use super::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};

/// The iterator made by calling `into_par_iter()` on a tuple.
///
/// ```
/// use fearless_par::prelude::*;
///
/// let (a, b, c) = (vec![1, 2, 3], vec![10, 20, 30], vec![100, 200, 300]);
/// let sums: Vec<i32> = (&a, &b, &c).into_par_iter().map(|(x, y, z)| x + y + z).collect();
/// assert_eq!(sums, [111, 222, 333]);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MultiZip<T> {
    tuple: T,
}

/// Builds the nested zip `((a, b), c)...` of a tuple of iterators and
/// flattens its items back into a tuple.
macro_rules! multizip {
    ($(($($T:ident $i:tt),+) => $pat:pat => $flat:expr;)+) => {$(
        impl<$($T),+> IntoParallelIterator for ($($T,)+)
        where
            $($T: IntoParallelIterator<Iter: IndexedParallelIterator>,)+
        {
            type Item = ($($T::Item,)+);
            type Iter = MultiZip<($($T::Iter,)+)>;

            fn into_par_iter(self) -> Self::Iter {
                MultiZip { tuple: ($(self.$i.into_par_iter(),)+) }
            }
        }

        impl<'a, $($T),+> IntoParallelIterator for &'a ($($T,)+)
        where
            $($T: Sync, &'a $T: IntoParallelIterator<Iter: IndexedParallelIterator>,)+
        {
            type Item = ($(<&'a $T as IntoParallelIterator>::Item,)+);
            type Iter = MultiZip<($(<&'a $T as IntoParallelIterator>::Iter,)+)>;

            fn into_par_iter(self) -> Self::Iter {
                MultiZip { tuple: ($((&self.$i).into_par_iter(),)+) }
            }
        }

        impl<'a, $($T),+> IntoParallelIterator for &'a mut ($($T,)+)
        where
            $($T: Send, &'a mut $T: IntoParallelIterator<Iter: IndexedParallelIterator>,)+
        {
            type Item = ($(<&'a mut $T as IntoParallelIterator>::Item,)+);
            type Iter = MultiZip<($(<&'a mut $T as IntoParallelIterator>::Iter,)+)>;

            fn into_par_iter(self) -> Self::Iter {
                MultiZip { tuple: ($((&mut self.$i).into_par_iter(),)+) }
            }
        }

        impl<$($T),+> ParallelIterator for MultiZip<($($T,)+)>
        where
            $($T: IndexedParallelIterator,)+
        {
            type Item = ($($T::Item,)+);

            fn drive_unindexed<CONSUMER>(self, consumer: CONSUMER) -> CONSUMER::Result
            where
                CONSUMER: UnindexedConsumer<Self::Item>,
            {
                self.drive(consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                Some(self.len())
            }
        }

        impl<$($T),+> IndexedParallelIterator for MultiZip<($($T,)+)>
        where
            $($T: IndexedParallelIterator,)+
        {
            fn drive<CONSUMER>(self, consumer: CONSUMER) -> CONSUMER::Result
            where
                CONSUMER: Consumer<Self::Item>,
            {
                multizip!(@zip self.tuple, $($T $i),+).map(|$pat| $flat).drive(consumer)
            }

            fn len(&self) -> usize {
                let lens = [$(self.tuple.$i.len()),+];
                lens.into_iter().min().unwrap_or(0)
            }

            fn with_producer<CB>(self, callback: CB) -> CB::Output
            where
                CB: ProducerCallback<Self::Item>,
            {
                multizip!(@zip self.tuple, $($T $i),+)
                    .map(|$pat| $flat)
                    .with_producer(callback)
            }
        }
    )+};
    // The nested zip of the tuple's fields, left-leaning.
    (@zip $t:expr, $A:ident $a:tt $(, $T:ident $i:tt)*) => {{
        let tuple = $t;
        let zipped = tuple.$a;
        $( let zipped = zipped.zip(tuple.$i); )*
        zipped
    }};
}

multizip! {
    (A 0) => a_ => (a_,);
    (A 0, B 1) => (a_, b_) => (a_, b_);
    (A 0, B 1, C 2) => ((a_, b_), c_) => (a_, b_, c_);
    (A 0, B 1, C 2, D 3) => (((a_, b_), c_), d_) => (a_, b_, c_, d_);
    (A 0, B 1, C 2, D 3, E 4) => ((((a_, b_), c_), d_), e_) => (a_, b_, c_, d_, e_);
    (A 0, B 1, C 2, D 3, E 4, F 5) => (((((a_, b_), c_), d_), e_), f_) => (a_, b_, c_, d_, e_, f_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6) => ((((((a_, b_), c_), d_), e_), f_), g_) => (a_, b_, c_, d_, e_, f_, g_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7) => (((((((a_, b_), c_), d_), e_), f_), g_), h_) => (a_, b_, c_, d_, e_, f_, g_, h_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8) => ((((((((a_, b_), c_), d_), e_), f_), g_), h_), i_) => (a_, b_, c_, d_, e_, f_, g_, h_, i_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9) => (((((((((a_, b_), c_), d_), e_), f_), g_), h_), i_), j_) => (a_, b_, c_, d_, e_, f_, g_, h_, i_, j_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10) => ((((((((((a_, b_), c_), d_), e_), f_), g_), h_), i_), j_), k_) => (a_, b_, c_, d_, e_, f_, g_, h_, i_, j_, k_);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11) => (((((((((((a_, b_), c_), d_), e_), f_), g_), h_), i_), j_), k_), l_) => (a_, b_, c_, d_, e_, f_, g_, h_, i_, j_, k_, l_);
}
