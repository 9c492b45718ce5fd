//! `FromParallelIterator` for the standard collections, `String`,
//! `OsString`, smart
//! pointers to slices, `Cow`, `Option`, `Result` and `()`.

use super::{FromParallelIterator, IntoParallelIterator, ParallelExtend, ParallelIterator};
#[cfg(not(loom))]
use fearless_core::sync::Arc;
use fearless_core::sync::Mutex;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::ffi::{OsStr, OsString};
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;

/// Builds a default collection and extends it.
fn collect_extended<C, I>(par_iter: I) -> C
where
    I: IntoParallelIterator,
    C: ParallelExtend<I::Item> + Default,
{
    let mut collection = C::default();
    collection.par_extend(par_iter);
    collection
}

/// Implements `FromParallelIterator<$item>` by extending a default value.
macro_rules! from_extend {
    ($($coll:ty, $item:ty, [$($gen:tt)*] where [$($bounds:tt)*];)*) => {$(
        impl<$($gen)*> FromParallelIterator<$item> for $coll
        where
            $($bounds)*
        {
            fn from_par_iter<I>(par_iter: I) -> Self
            where
                I: IntoParallelIterator<Item = $item>,
            {
                collect_extended(par_iter)
            }
        }
    )*};
}

from_extend! {
    Vec<T>, T, [T] where [T: Send];
    VecDeque<T>, T, [T] where [T: Send];
    BinaryHeap<T>, T, [T] where [T: Ord + Send];
    LinkedList<T>, T, [T] where [T: Send];
    BTreeSet<T>, T, [T] where [T: Ord + Send];
    BTreeMap<K, V>, (K, V), [K, V] where [K: Ord + Send, V: Send];
    HashSet<T, S>, T, [T, S] where [T: Eq + Hash + Send, S: BuildHasher + Default + Send];
    HashMap<K, V, S>, (K, V), [K, V, S] where [K: Eq + Hash + Send, V: Send, S: BuildHasher + Default + Send];
    String, char, [] where [];
    String, &'a char, ['a] where [];
    String, &'a str, ['a] where [];
    String, String, [] where [];
    String, Box<str>, [] where [];
    String, Cow<'a, str>, ['a] where [];
    (), (), [] where [];
    OsString, &'a OsStr, ['a] where [];
    OsString, OsString, [] where [];
    OsString, Cow<'a, OsStr>, ['a] where [];
}

/// Implements `FromParallelIterator<$item> for Box<str>` through `String`.
macro_rules! boxed_str {
    ($($item:ty $(, $a:lifetime)?);*) => {$(
        impl$(<$a>)? FromParallelIterator<$item> for Box<str> {
            fn from_par_iter<I>(par_iter: I) -> Self
            where
                I: IntoParallelIterator<Item = $item>,
            {
                String::from_par_iter(par_iter).into_boxed_str()
            }
        }
    )*};
}

boxed_str!(char; &'a char, 'a; &'a str, 'a; String; Box<str>; Cow<'a, str>, 'a);

impl<T: Send> FromParallelIterator<T> for Box<[T]> {
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>,
    {
        Vec::from_par_iter(par_iter).into_boxed_slice()
    }
}

impl<T: Send> FromParallelIterator<T> for Rc<[T]> {
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>,
    {
        Vec::from_par_iter(par_iter).into()
    }
}

// Under loom, `fearless_core::sync::Arc` is loom's, which has no
// `From<Vec<T>>`; the impl is for the standard `Arc`.
#[cfg(not(loom))]
impl<T: Send> FromParallelIterator<T> for Arc<[T]> {
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>,
    {
        Vec::from_par_iter(par_iter).into()
    }
}

impl<'a, C, T> FromParallelIterator<T> for Cow<'a, C>
where
    C: ToOwned<Owned: FromParallelIterator<T>> + ?Sized,
    T: Send,
{
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>,
    {
        Cow::Owned(C::Owned::from_par_iter(par_iter))
    }
}

/// Collects `Some` values into `Some(collection)`, or gives `None` if any
/// item is `None` (and stops the other pieces early).
///
/// ```
/// use fearless_par::prelude::*;
///
/// let all: Option<Vec<i32>> = (0..5).into_par_iter().map(Some).collect();
/// assert_eq!(all, Some(vec![0, 1, 2, 3, 4]));
/// let none: Option<Vec<i32>> = (0..5).into_par_iter().map(|x| (x != 3).then_some(x)).collect();
/// assert_eq!(none, None);
/// ```
impl<C, T> FromParallelIterator<Option<T>> for Option<C>
where
    C: FromParallelIterator<T>,
    T: Send,
{
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = Option<T>>,
    {
        use fearless_core::sync::atomic::{AtomicBool, Ordering};
        let found_none = AtomicBool::new(false);
        let collection = par_iter
            .into_par_iter()
            .inspect(|item| {
                if item.is_none() {
                    // Relaxed: read after the iterator has finished (joins
                    // synchronize), and meanwhile only as a stop hint.
                    found_none.store(true, Ordering::Relaxed);
                }
            })
            .while_some()
            .collect();
        // Relaxed: see above.
        if found_none.load(Ordering::Relaxed) {
            None
        } else {
            Some(collection)
        }
    }
}

/// Collects `Ok` values into `Ok(collection)`, or gives some `Err` if any
/// item is one (and stops the other pieces early).
///
/// ```
/// use fearless_par::prelude::*;
///
/// let r: Result<Vec<i32>, String> = (0..5).into_par_iter().map(Ok).collect();
/// assert_eq!(r, Ok(vec![0, 1, 2, 3, 4]));
/// ```
impl<C, T, E> FromParallelIterator<Result<T, E>> for Result<C, E>
where
    C: FromParallelIterator<T>,
    T: Send,
    E: Send,
{
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = Result<T, E>>,
    {
        let saved_error = Mutex::new(None);
        let collection = par_iter
            .into_par_iter()
            .map(|item| match item {
                Ok(item) => Some(item),
                Err(error) => {
                    // The first error to get here is kept; a poisoned lock
                    // only means another closure panicked, which propagates
                    // anyway.
                    if let Ok(mut guard) = saved_error.lock() {
                        if guard.is_none() {
                            *guard = Some(error);
                        }
                    }
                    None
                }
            })
            .while_some()
            .collect();
        match saved_error.into_inner() {
            Ok(Some(error)) => Err(error),
            Ok(None) => Ok(collection),
            Err(poisoned) => match poisoned.into_inner() {
                Some(error) => Err(error),
                None => Ok(collection),
            },
        }
    }
}
