//! Every parallel iterator, source and adaptor implements `Debug`, and
//! prints what rayon's prints: the same type name and fields, with the
//! fields that hold closures left out (as rayon leaves them out). Each case
//! is built twice, once with each crate's prelude, and the two outputs are
//! compared.
#![cfg(not(loom))]

/// The cases, as `(source text, Debug output)`, built with whichever
/// prelude is in scope where the macro is expanded.
macro_rules! cases {
    ($krate:ident) => {{
        let v: Vec<i32> = (0..10).collect();
        let w: Vec<i32> = (0..10).collect();
        let s = "a b\nc";
        let x = 7;
        let mut out: Vec<(&'static str, String)> = Vec::new();
        macro_rules! case {
            ($e:expr) => {
                out.push((stringify!($e), format!("{:?}", $e)))
            };
        }
        // Implements `Debug`, but shows internals that differ from rayon's
        // (our drains hold the drained items; hash sets differ in order).
        macro_rules! has_debug {
            ($e:expr) => {
                assert!(!format!("{:?}", $e).is_empty())
            };
        }
        // Sources.
        case!(v.par_iter());
        case!(v.clone().into_par_iter());
        case!((0..10).into_par_iter());
        case!((0..=10u8).into_par_iter());
        case!(Some(3).into_par_iter());
        case!(s.par_chars());
        case!(s.par_lines());
        case!(s.par_split('\n'));
        case!(s.par_split_whitespace());
        case!(v.par_chunks(3));
        case!(v.par_chunks_exact(3));
        case!(v.par_rchunks(3));
        case!(v.par_windows(3));
        case!(v.par_split(|x| x % 3 == 0));
        case!(v.par_chunk_by(|a, b| a == b));
        case!($krate::iter::empty::<i32>());
        case!($krate::iter::once(10));
        case!($krate::iter::repeat(x).take(3));
        case!($krate::iter::repeat_n(x, 10));
        case!($krate::iter::split(0..10, |r| (r, None)));
        case!((&v, &w).into_par_iter());
        case!((&v, &w, &v).into_par_iter());
        let mut m = v.clone();
        case!(m.par_iter_mut());
        case!(m.par_chunks_mut(3));
        case!(m.par_chunks_exact_mut(3));
        case!(m.par_rchunks_mut(3));
        case!(m.par_rchunks_exact(3));
        case!(m.par_split_mut(|x| x % 3 == 0));
        case!(m.par_chunk_by_mut(|a, b| a == b));
        has_debug!(m.par_drain(1..3));
        case!(s.par_char_indices());
        case!(s.par_bytes());
        case!(s.par_encode_utf16());
        case!(s.par_split_terminator('\n'));
        case!(s.par_split_inclusive('\n'));
        case!(s.par_matches('b'));
        case!(s.par_match_indices('b'));
        case!(s.par_split_ascii_whitespace());
        let mut text = String::from("abc");
        has_debug!(text.par_drain(1..));
        let deque: std::collections::VecDeque<i32> = (0..4).collect();
        case!(deque.par_iter());
        let tree: std::collections::BTreeMap<i32, i32> = (0..4).map(|i| (i, i)).collect();
        case!(tree.par_iter());
        case!(tree.clone().into_par_iter());
        let set: std::collections::HashSet<i32> = (0..4).collect();
        has_debug!(set.par_iter());
        let list: std::collections::LinkedList<i32> = (0..4).collect();
        case!(list.par_iter());
        let heap: std::collections::BinaryHeap<i32> = (0..4).collect();
        has_debug!(heap.par_iter());
        case!(Some(3).par_iter());
        case!(Ok::<i32, ()>(3).into_par_iter());
        has_debug!([1, 2, 3].into_par_iter());
        // Adaptors without closures.
        case!(v.par_iter().by_exponential_blocks());
        case!(v.par_iter().by_uniform_blocks(5));
        case!(v.par_iter().chain(&w));
        case!(v.par_iter().cloned());
        case!(v.par_iter().copied());
        case!(v.par_iter().enumerate());
        case!(v.par_iter().map(Some).flatten());
        case!(v.par_iter().map(Some).flatten_iter());
        case!(v.par_iter().interleave(&w));
        case!(v.par_iter().interleave_shortest(&w));
        case!(v.par_iter().intersperse(&-1));
        case!(v.par_iter().chunks(3));
        case!(v.par_iter().panic_fuse());
        case!(v.par_iter().rev());
        case!(v.par_iter().skip(1));
        case!(v.par_iter().skip_any(1));
        case!(v.par_iter().take(1));
        case!(v.par_iter().take_any(1));
        case!(v.par_iter().map(Some).while_some());
        case!(v.par_iter().with_max_len(1));
        case!(v.par_iter().with_min_len(1));
        case!(v.par_iter().zip(&w));
        case!(v.par_iter().zip_eq(&w));
        case!(v.par_iter().step_by(2));
        // Adaptors holding closures: the closures are not printed.
        case!(v.par_iter().filter(|_| true));
        case!(v.par_iter().filter_map(Some));
        case!(v.par_iter().flat_map(Some));
        case!(v.par_iter().flat_map_iter(Some));
        case!(v.par_iter().fold(|| 0, |x, _| x));
        case!(v.par_iter().fold_with(0, |x, _| x));
        case!(v.par_iter().fold_chunks(3, || 0, |x, _| x));
        case!(v.par_iter().fold_chunks_with(3, 0, |x, _| x));
        case!(v.par_iter().try_fold(|| 0, |x, _| Some(x)));
        case!(v.par_iter().try_fold_with(0, |x, _| Some(x)));
        case!(v.par_iter().inspect(|_| ()));
        case!(v.par_iter().update(|_| ()));
        case!(v.par_iter().map(|x| x));
        case!(v.par_iter().map_with(0, |_, x| x));
        case!(v.par_iter().map_init(|| 0, |_, x| x));
        case!(v.par_iter().positions(|_| true));
        case!(v.par_iter().skip_any_while(|_| false));
        case!(v.par_iter().take_any_while(|_| true));
        out
    }};
}

mod ours {
    use fearless_par::prelude::*;

    pub fn cases() -> Vec<(&'static str, String)> {
        cases!(fearless_par)
    }
}

mod rayons {
    use rayon::prelude::*;

    pub fn cases() -> Vec<(&'static str, String)> {
        cases!(rayon)
    }
}

#[test]
fn every_adaptor_prints_as_rayons_does() {
    let ours = ours::cases();
    let rayons = rayons::cases();
    assert_eq!(ours.len(), rayons.len());
    let differ: Vec<String> = ours
        .iter()
        .zip(&rayons)
        .filter(|(a, b)| a.1 != b.1 && !renamed(&a.1, &b.1))
        .map(|(a, b)| format!("{}\n  ours:  {}\n  rayon: {}", a.0, a.1, b.1))
        .collect();
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// rayon 1.12 prints its `FoldChunks` and `FoldChunksWith` as `Fold`
/// (a copied name); ours print their own names, with the same fields.
fn renamed(ours: &str, rayons: &str) -> bool {
    ["FoldChunksWith", "FoldChunks"].iter().any(|name| {
        ours.strip_prefix(name) == rayons.strip_prefix("Fold") && ours.starts_with(name)
    })
}
