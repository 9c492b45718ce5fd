//! `par_sort_by_cached_key`: keys are computed once per item, in
//! parallel, sorted with their positions, and the slice is permuted to
//! match (the standard library's algorithm, with the two expensive steps
//! parallel).

use crate::iter::{IndexedParallelIterator, ParallelIterator};
use crate::slice::ParallelSliceMut;

pub(super) fn sort<T, K, F>(v: &mut [T], f: &F)
where
    T: Send,
    F: Fn(&T) -> K + Sync,
    K: Ord + Send,
{
    if v.len() < 2 {
        return;
    }
    // Keys need `T: Sync` to be read in parallel; `T` is only `Send`, so
    // they are computed through exclusive references, one per item.
    let mut keyed: Vec<(K, usize)> = crate::iter::IntoParallelRefMutIterator::par_iter_mut(v)
        .enumerate()
        .map(|(i, x)| (f(&*x), i))
        .collect();
    // Positions are distinct, so the unstable sort keeps equal keys in
    // their original order: the sort is stable.
    keyed.par_sort_unstable();
    for i in 0..v.len() {
        // Follow the chain of earlier swaps to where item `keyed[i]` is
        // now.
        let mut index = keyed[i].1;
        while index < i {
            index = keyed[index].1;
        }
        keyed[i].1 = index;
        v.swap(i, index);
    }
}
