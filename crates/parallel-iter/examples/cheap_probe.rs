//! Runs the 1,000-cheap-items loop 100,000 times, parallel (`par`) or
//! sequential (`seq`): a profiling aid for `perf stat`.
use fearless_par::prelude::*;
use std::hint::black_box;

fn main() {
    let v: Vec<u64> = (0..1000).collect();
    let par = std::env::args().nth(1).as_deref() == Some("par");
    let mut total = 0;
    for _ in 0..100_000 {
        let v = black_box(&v);
        total += if par {
            v.par_iter().filter(|&&x| x % 3 != 0).map(|&x| x * x % 1000).sum::<u64>()
        } else {
            v.iter().filter(|&&x| x % 3 != 0).map(|&x| x * x % 1000).sum::<u64>()
        };
    }
    println!("{total}");
}
