//! A few iterators and sorts on a two-thread pool that is dropped (its
//! threads joined) at the end, small enough for Miri: the pool's `unsafe`
//! code under real iterator workloads, with forced splitting.
#![cfg(not(loom))]

use fearless_par::prelude::*;

#[test]
fn iterators_and_sorts_on_a_dropped_pool() {
    let pool = fearless_par::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("build a pool");
    let n: u32 = if cfg!(miri) { 64 } else { 10_000 };
    let sort_len: u32 = if cfg!(miri) { 4_200 } else { 50_000 };
    pool.install(|| {
        let v: Vec<u32> = (0..n).collect();
        let sum: u64 = v.par_iter().with_max_len(4).map(|&x| u64::from(x)).sum();
        assert_eq!(sum, u64::from(n) * u64::from(n - 1) / 2);
        let evens: Vec<u32> = v
            .par_iter()
            .with_max_len(4)
            .copied()
            .filter(|x| x % 2 == 0)
            .collect();
        assert_eq!(evens, (0..n).step_by(2).collect::<Vec<_>>());
        let strings: Vec<String> = v
            .clone()
            .into_par_iter()
            .with_max_len(4)
            .map(|x| x.to_string())
            .collect();
        assert_eq!(strings[7], "7");
        assert_eq!(
            v.par_iter().with_max_len(4).find_any(|&&x| x == n - 1),
            Some(&(n - 1))
        );

        // The unindexed level and the early-exit protocols, forked too.
        let nested: Vec<u32> = v
            .par_iter()
            .with_max_len(4)
            .flat_map(|&x| (0..x % 3).into_par_iter().with_max_len(1))
            .collect();
        assert_eq!(nested, v.iter().flat_map(|&x| 0..x % 3).collect::<Vec<_>>());
        assert_eq!(
            v.par_iter().with_max_len(4).find_first(|&&x| x % 10 == 9),
            Some(&9)
        );
        let (small, big): (Vec<u32>, Vec<u32>) =
            v.par_iter().with_max_len(4).partition(|&&x| x < n / 2);
        assert_eq!((small.len(), big.len()), (n as usize / 2, n as usize / 2));
        let mut bridged: Vec<u32> = (0..n).par_bridge().collect();
        bridged.sort_unstable();
        assert_eq!(bridged, v);

        let mut w: Vec<u32> = (0..sort_len)
            .map(|x| x.wrapping_mul(2_654_435_761) % 1000)
            .collect();
        let mut expected = w.clone();
        expected.sort();
        let mut u = w.clone();
        w.par_sort();
        assert_eq!(w, expected);
        u.par_sort_unstable();
        assert_eq!(u, expected);
    });
    drop(pool);
}
