//! rayon compatibility: `collect`, `par_extend`, `unzip` and `partition`
//! into every collection rayon supports, with the sequential result.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::iter::Either;
use fearless_par::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

const LENGTHS: [usize; 5] = [0, 1, 17, 1000, 20_000];

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn collect_into_every_collection() {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<u32> = (0..n as u32).map(|x| x * 31 % 1009).collect();
            let it = || v.par_iter().copied().with_max_len(64);
            assert_eq!(it().collect::<Vec<_>>(), v);
            assert_eq!(
                it().collect::<VecDeque<_>>(),
                v.iter().copied().collect::<VecDeque<_>>()
            );
            assert_eq!(
                it().collect::<LinkedList<_>>(),
                v.iter().copied().collect::<LinkedList<_>>()
            );
            assert_eq!(
                it().collect::<BinaryHeap<_>>().into_sorted_vec(),
                v.iter()
                    .copied()
                    .collect::<BinaryHeap<_>>()
                    .into_sorted_vec()
            );
            assert_eq!(
                it().collect::<HashSet<_>>(),
                v.iter().copied().collect::<HashSet<_>>()
            );
            assert_eq!(
                it().collect::<BTreeSet<_>>(),
                v.iter().copied().collect::<BTreeSet<_>>()
            );
            let pairs = || it().map(|x| (x % 50, x));
            // Later duplicates win, in input order, as with `Iterator`.
            assert_eq!(
                pairs().collect::<BTreeMap<_, _>>(),
                v.iter().map(|&x| (x % 50, x)).collect::<BTreeMap<_, _>>()
            );
            assert_eq!(
                pairs().collect::<HashMap<_, _>>(),
                v.iter().map(|&x| (x % 50, x)).collect::<HashMap<_, _>>()
            );
            assert_eq!(*it().collect::<Box<[u32]>>(), *v);
            assert_eq!(*it().collect::<Rc<[u32]>>(), *v);
            assert_eq!(*it().collect::<Arc<[u32]>>(), *v);
            assert_eq!(
                it().collect::<Cow<'_, [u32]>>(),
                Cow::<[u32]>::Owned(v.clone())
            );
            it().map(drop).collect::<()>();

            let chars = || it().map(|x| char::from(b'a' + (x % 26) as u8));
            let expected: String = v
                .iter()
                .map(|&x| char::from(b'a' + (x % 26) as u8))
                .collect();
            assert_eq!(chars().collect::<String>(), expected);
            let chars_vec: Vec<char> = expected.chars().collect();
            assert_eq!(chars_vec.par_iter().collect::<String>(), expected);
            let strings: Vec<String> = v.iter().map(u32::to_string).collect();
            let joined: String = strings.concat();
            assert_eq!(
                strings.par_iter().map(String::as_str).collect::<String>(),
                joined
            );
            assert_eq!(strings.clone().into_par_iter().collect::<String>(), joined);
            assert_eq!(
                strings
                    .par_iter()
                    .map(|s| Cow::Borrowed(s.as_str()))
                    .collect::<String>(),
                joined
            );
            assert_eq!(
                strings
                    .par_iter()
                    .map(|s| s.clone().into_boxed_str())
                    .collect::<String>(),
                joined
            );
            assert_eq!(&*chars().collect::<Box<str>>(), expected);
            let os: std::ffi::OsString = strings.par_iter().map(std::ffi::OsStr::new).collect();
            assert_eq!(os, std::ffi::OsString::from(&joined));
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn option_and_result_collect_stop_at_failure() {
    in_every_mode(|| {
        let all: Option<Vec<u32>> = (0..1000u32).into_par_iter().map(Some).collect();
        assert_eq!(all, Some((0..1000).collect()));
        let none: Option<Vec<u32>> = (0..1000u32)
            .into_par_iter()
            .map(|x| (x != 500).then_some(x))
            .collect();
        assert_eq!(none, None);
        let ok: Result<BTreeSet<u32>, String> = (0..100u32).into_par_iter().map(Ok).collect();
        assert_eq!(ok.map(|s| s.len()), Ok(100));
        let err: Result<Vec<u32>, u32> = (0..1000u32)
            .into_par_iter()
            .map(|x| if x % 400 == 399 { Err(x) } else { Ok(x) })
            .collect();
        assert!(matches!(err, Err(399 | 799)));
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn extend_unzip_and_partition() {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<u32> = (0..n as u32).collect();
            let mut out = vec![7u32];
            out.par_extend(v.par_iter());
            out.par_extend(v.par_iter().copied().filter(|x| x % 2 == 0));
            let mut expected = vec![7u32];
            expected.extend(&v);
            expected.extend(v.iter().filter(|x| *x % 2 == 0));
            assert_eq!(out, expected);
            let mut s = String::from(">");
            s.par_extend(v.par_iter().map(|x| if x % 2 == 0 { 'e' } else { 'o' }));
            assert_eq!(s.len(), n + 1);
            let mut set: HashSet<u32> = HashSet::new();
            set.par_extend(v.par_iter());
            assert_eq!(set.len(), n);

            let (a, b): (Vec<u32>, VecDeque<u32>) = v.par_iter().map(|&x| (x, x * 2)).unzip();
            assert_eq!(a, v);
            assert!(b.iter().zip(&v).all(|(b, a)| *b == a * 2));
            let (l, r): (Vec<u32>, BTreeSet<u32>) = v.par_iter().partition_map(|&x| {
                if x % 3 == 0 {
                    Either::Left(x)
                } else {
                    Either::Right(x)
                }
            });
            assert_eq!(
                l,
                v.iter().copied().filter(|x| x % 3 == 0).collect::<Vec<_>>()
            );
            assert_eq!(r.len(), n - l.len());
            let ((x, y), z): ((Vec<u32>, Vec<u32>), Vec<u32>) =
                v.par_iter().map(|&i| ((i, i + 1), i + 2)).unzip();
            assert_eq!((x.len(), y.len(), z.len()), (n, n, n));
            let pair: (Vec<u32>, Vec<u32>) = v.par_iter().map(|&i| (i, i)).collect();
            assert_eq!(pair.0, v);
            let either: (Vec<u32>, Vec<u32>) = v
                .par_iter()
                .map(|&i| {
                    if i % 2 == 0 {
                        Either::Left(i)
                    } else {
                        Either::Right(i)
                    }
                })
                .collect();
            assert_eq!(either.0.len() + either.1.len(), n);
            let mut target: (Vec<u32>, Vec<u32>) = (vec![], vec![]);
            target.par_extend(v.par_iter().map(|&i| (i, i)));
            assert_eq!(target.1, v);
            let mut either_vec: Either<Vec<u32>, Vec<u32>> = Either::Right(vec![]);
            either_vec.par_extend(v.par_iter().copied());
            assert_eq!(either_vec.right(), Some(v.clone()));
        }
    });
}
