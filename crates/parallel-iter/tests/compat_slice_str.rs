//! rayon compatibility: `ParallelSlice`, `ParallelSliceMut` and
//! `ParallelString` give what the sequential slice and `str` methods give.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::prelude::*;

const LENGTHS: [usize; 6] = [0, 1, 2, 9, 1000, 20_000];

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn slice_views_equal_sequential() {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<u32> = (0..n as u32).map(|x| x * 17 % 10).collect();
            for size in [1, 2, 3, 64] {
                assert_eq!(
                    v.par_chunks(size).collect::<Vec<_>>(),
                    v.chunks(size).collect::<Vec<_>>()
                );
                assert_eq!(
                    v.par_rchunks(size).collect::<Vec<_>>(),
                    v.rchunks(size).collect::<Vec<_>>()
                );
                let exact = v.par_chunks_exact(size);
                assert_eq!(exact.remainder(), v.chunks_exact(size).remainder());
                assert_eq!(
                    exact.collect::<Vec<_>>(),
                    v.chunks_exact(size).collect::<Vec<_>>()
                );
                let rexact = v.par_rchunks_exact(size);
                assert_eq!(rexact.remainder(), v.rchunks_exact(size).remainder());
                assert_eq!(
                    rexact.rev().collect::<Vec<_>>(),
                    v.rchunks_exact(size).rev().collect::<Vec<_>>()
                );
                assert_eq!(
                    v.par_windows(size).collect::<Vec<_>>(),
                    v.windows(size).collect::<Vec<_>>()
                );
                assert_eq!(
                    v.par_chunks(size).rev().collect::<Vec<_>>(),
                    v.chunks(size).rev().collect::<Vec<_>>()
                );
            }
            assert_eq!(
                v.par_array_windows::<3>()
                    .map(|w| w.iter().sum::<u32>())
                    .collect::<Vec<_>>(),
                v.windows(3)
                    .map(|w| w.iter().sum::<u32>())
                    .collect::<Vec<_>>()
            );
            let sep = |x: &u32| *x == 3;
            assert_eq!(
                v.par_split(sep).collect::<Vec<_>>(),
                v.split(sep).collect::<Vec<_>>()
            );
            assert_eq!(
                v.par_split_inclusive(sep).collect::<Vec<_>>(),
                v.split_inclusive(sep).collect::<Vec<_>>()
            );
            let same = |a: &u32, b: &u32| a / 4 == b / 4;
            assert_eq!(
                v.par_chunk_by(same).collect::<Vec<_>>(),
                v.chunk_by(same).collect::<Vec<_>>()
            );

            let mut m = v.clone();
            m.par_split_mut(sep).for_each(|part| part.reverse());
            let mut expected = v.clone();
            expected.split_mut(sep).for_each(<[u32]>::reverse);
            assert_eq!(m, expected);
            m.par_split_inclusive_mut(sep)
                .for_each(|part| part.reverse());
            expected.split_inclusive_mut(sep).for_each(<[u32]>::reverse);
            assert_eq!(m, expected);
            m.par_chunk_by_mut(same)
                .for_each(|part| part.sort_unstable());
            expected.chunk_by_mut(same).for_each(<[u32]>::sort_unstable);
            assert_eq!(m, expected);
            m.par_chunks_exact_mut(3).for_each(|c| c[0] += 1);
            expected.chunks_exact_mut(3).for_each(|c| c[0] += 1);
            m.par_rchunks_mut(4).for_each(|c| c[0] += 2);
            expected.rchunks_mut(4).for_each(|c| c[0] += 2);
            m.par_rchunks_exact_mut(5)
                .enumerate()
                .for_each(|(i, c)| c[0] += i as u32);
            expected
                .rchunks_exact_mut(5)
                .enumerate()
                .for_each(|(i, c)| c[0] += i as u32);
            assert_eq!(m, expected);
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn sort_by_cached_key_is_stable() {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<(u32, usize)> = (0..n).map(|i| ((i as u32 * 7919) % 13, i)).collect();
            let mut par = v.clone();
            par.par_sort_by_cached_key(|p| p.0.to_string());
            let mut seq = v.clone();
            seq.sort_by_cached_key(|p| p.0.to_string());
            assert_eq!(par, seq);
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn string_methods_equal_sequential() {
    in_every_mode(|| {
        let unit = "héllo, wörld→ a\tb\r\nc  dd\n\n e,f\u{2003}g,,\n";
        for reps in [0, 1, 3, 500] {
            let s = unit.repeat(reps);
            let s = s.as_str();
            assert_eq!(
                s.par_chars().collect::<Vec<_>>(),
                s.chars().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_char_indices().collect::<Vec<_>>(),
                s.char_indices().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_bytes().collect::<Vec<_>>(),
                s.bytes().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_encode_utf16().collect::<Vec<_>>(),
                s.encode_utf16().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_lines().collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split_whitespace().collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split_ascii_whitespace().collect::<Vec<_>>(),
                s.split_ascii_whitespace().collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split(',').collect::<Vec<_>>(),
                s.split(',').collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split(&[',', 'ö'][..]).collect::<Vec<_>>(),
                s.split(&[',', 'ö'][..]).collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split([',', '→']).collect::<Vec<_>>(),
                s.split([',', '→']).collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split(&[' ']).collect::<Vec<_>>(),
                s.split(&[' ']).collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split_inclusive('\n').collect::<Vec<_>>(),
                s.split_inclusive('\n').collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_split_terminator('\n').collect::<Vec<_>>(),
                s.split_terminator('\n').collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_matches(char::is_alphabetic).collect::<Vec<_>>(),
                s.matches(char::is_alphabetic).collect::<Vec<_>>()
            );
            assert_eq!(
                s.par_match_indices('l').collect::<Vec<_>>(),
                s.match_indices('l').collect::<Vec<_>>()
            );
            let owned = String::from(s);
            assert_eq!(owned.par_chars().count(), s.chars().count());
        }
    });
}
