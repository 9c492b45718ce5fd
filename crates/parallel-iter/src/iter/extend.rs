//! `ParallelExtend` for the standard collections. Items are gathered in
//! parallel, piece by piece in input order (see `collect.rs`), then the
//! collection is extended sequentially with the pieces; for `Vec` the
//! first piece is moved in without copying when the vector is empty, and
//! an iterator of known length (`opt_len`) writes straight into the
//! vector's spare capacity (`collect_in_place.rs`).

use super::collect::vec_list;
use super::{IntoParallelIterator, ParallelExtend, ParallelIterator};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::ffi::{OsStr, OsString};
use std::hash::{BuildHasher, Hash};

/// The total length of a list of pieces.
fn total_len<T>(list: &LinkedList<Vec<T>>) -> usize {
    list.iter().map(Vec::len).sum()
}

impl<T: Send> ParallelExtend<T> for Vec<T> {
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = T>,
    {
        let par_iter = par_iter.into_par_iter();
        // A known length means an indexed iterator: its items are written
        // in place, with no vector per piece.
        if let Some(len) = par_iter.opt_len() {
            super::collect_in_place::extend(par_iter, len, self);
            return;
        }
        let mut list = vec_list(par_iter);
        if self.is_empty() && list.len() == 1 {
            if let Some(only) = list.pop_front() {
                *self = only;
            }
            return;
        }
        self.reserve(total_len(&list));
        for mut piece in list {
            self.append(&mut piece);
        }
    }
}

impl<'a, T: Copy + Send + Sync + 'a> ParallelExtend<&'a T> for Vec<T> {
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = &'a T>,
    {
        self.par_extend(par_iter.into_par_iter().copied());
    }
}

/// Implements `ParallelExtend<T>` and `ParallelExtend<&T>` (for `Copy`
/// items) by gathering the pieces, reserving, and extending with them.
macro_rules! extend_by_pieces {
    ($coll:ident<$($p:ident),*> where [$($bounds:tt)*], $item:ty, $ref_item:ty, $reserve:expr) => {
        impl<$($p),*> ParallelExtend<$item> for $coll<$($p),*>
        where
            $($bounds)*
        {
            fn par_extend<I>(&mut self, par_iter: I)
            where
                I: IntoParallelIterator<Item = $item>,
            {
                let list = vec_list(par_iter.into_par_iter());
                let reserve: fn(&mut Self, usize) = $reserve;
                reserve(self, total_len(&list));
                for piece in list {
                    self.extend(piece);
                }
            }
        }

        impl<'a, $($p),*> ParallelExtend<$ref_item> for $coll<$($p),*>
        where
            $($bounds)*
            Self: Extend<$ref_item>,
            $ref_item: Send,
        {
            fn par_extend<I>(&mut self, par_iter: I)
            where
                I: IntoParallelIterator<Item = $ref_item>,
            {
                let list = vec_list(par_iter.into_par_iter());
                let reserve: fn(&mut Self, usize) = $reserve;
                reserve(self, total_len(&list));
                for piece in list {
                    self.extend(piece);
                }
            }
        }
    };
}

extend_by_pieces!(VecDeque<T> where [T: Send,], T, &'a T, VecDeque::reserve);
extend_by_pieces!(BinaryHeap<T> where [T: Ord + Send,], T, &'a T, BinaryHeap::reserve);
extend_by_pieces!(LinkedList<T> where [T: Send,], T, &'a T, |_, _| {});
extend_by_pieces!(BTreeSet<T> where [T: Ord + Send,], T, &'a T, |_, _| {});
extend_by_pieces!(BTreeMap<K, V> where [K: Ord + Send, V: Send,], (K, V), (&'a K, &'a V), |_, _| {});
extend_by_pieces!(HashSet<T, S> where [T: Eq + Hash + Send, S: BuildHasher + Send,], T, &'a T, HashSet::reserve);
extend_by_pieces!(HashMap<K, V, S> where [K: Eq + Hash + Send, V: Send, S: BuildHasher + Send,], (K, V), (&'a K, &'a V), HashMap::reserve);

/// Implements `ParallelExtend<$item> for String` through pieces of items.
macro_rules! extend_string {
    ($($item:ty $(, $a:lifetime)?);*) => {$(
        impl$(<$a>)? ParallelExtend<$item> for String {
            fn par_extend<I>(&mut self, par_iter: I)
            where
                I: IntoParallelIterator<Item = $item>,
            {
                // Each piece becomes one `String`, so pieces of `char`s cost
                // one allocation each, not one per item.
                let pieces = vec_list(par_iter.into_par_iter().fold(String::new, |mut s, item| {
                    s.extend(std::iter::once(item));
                    s
                }));
                self.reserve(pieces.iter().flatten().map(String::len).sum());
                for piece in pieces.into_iter().flatten() {
                    self.push_str(&piece);
                }
            }
        }
    )*};
}

extend_string!(char; &'a char, 'a; &'a str, 'a; String; Box<str>; Cow<'a, str>, 'a);

impl ParallelExtend<()> for () {
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = ()>,
    {
        par_iter.into_par_iter().for_each(drop);
    }
}

/// Implements `ParallelExtend<$item> for OsString`: each piece folds into
/// one `OsString`, pushed in order.
macro_rules! extend_os_string {
    ($($item:ty $(, $a:lifetime)?);*) => {$(
        impl$(<$a>)? ParallelExtend<$item> for OsString {
            fn par_extend<I>(&mut self, par_iter: I)
            where
                I: IntoParallelIterator<Item = $item>,
            {
                let pieces = vec_list(par_iter.into_par_iter().fold(OsString::new, |mut s, item| {
                    s.extend(std::iter::once(item));
                    s
                }));
                for piece in pieces.into_iter().flatten() {
                    self.push(piece);
                }
            }
        }
    )*};
}

extend_os_string!(&'a OsStr, 'a; OsString; Cow<'a, OsStr>, 'a);
