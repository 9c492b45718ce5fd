//! An irregular workload: the rows of a Mandelbrot image cost very
//! different amounts (rows through the set iterate to the limit, rows
//! outside escape at once), split by recursive `join` down to single rows.
//! Ours against rayon's `join` with the same splitting, and sequential.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const WIDTH: usize = 256;
const HEIGHT: usize = 256;
const MAX_ITER: u32 = 256;

fn escape_time(cx: f64, cy: f64) -> u32 {
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let mut i = 0;
    while i < MAX_ITER && x * x + y * y <= 4.0 {
        let t = x * x - y * y + cx;
        y = 2.0 * x * y + cy;
        x = t;
        i += 1;
    }
    i
}

/// Renders `rows`, the rows starting at `first`.
fn render_rows(first: usize, rows: &mut [u32]) {
    for (r, row) in rows.chunks_mut(WIDTH).enumerate() {
        let cy = -1.5 + 3.0 * (first + r) as f64 / HEIGHT as f64;
        for (c, px) in row.iter_mut().enumerate() {
            let cx = -2.2 + 3.0 * c as f64 / WIDTH as f64;
            *px = escape_time(cx, cy);
        }
    }
}

/// How to fork two closures: the only difference between the competitors.
trait Fork: Copy + Send + Sync {
    fn fork<A: FnOnce() + Send, B: FnOnce() + Send>(self, a: A, b: B);
}

#[derive(Clone, Copy)]
struct Fearless;

impl Fork for Fearless {
    fn fork<A: FnOnce() + Send, B: FnOnce() + Send>(self, a: A, b: B) {
        fearless_par::join(a, b);
    }
}

#[derive(Clone, Copy)]
struct Rayon;

impl Fork for Rayon {
    fn fork<A: FnOnce() + Send, B: FnOnce() + Send>(self, a: A, b: B) {
        rayon::join(a, b);
    }
}

/// Halves the rows until one is left, forking each half.
fn render_split<F: Fork>(fork: F, first: usize, rows: &mut [u32]) {
    let n = rows.len() / WIDTH;
    if n <= 1 {
        render_rows(first, rows);
        return;
    }
    let (top, bottom) = rows.split_at_mut(n / 2 * WIDTH);
    fork.fork(
        || render_split(fork, first, top),
        || render_split(fork, first + n / 2, bottom),
    );
}

fn bench_mandelbrot(c: &mut Criterion) {
    let ours = fearless_par::ThreadPoolBuilder::new().build().unwrap();
    let theirs = rayon::ThreadPoolBuilder::new().build().unwrap();
    let mut expected = vec![0u32; WIDTH * HEIGHT];
    render_rows(0, &mut expected);
    let mut image = vec![0u32; WIDTH * HEIGHT];
    ours.install(|| render_split(Fearless, 0, &mut image));
    assert_eq!(image, expected);

    let mut group = c.benchmark_group("irregular_mandelbrot_rows");
    group.throughput(Throughput::Elements((WIDTH * HEIGHT) as u64));
    let size = format!("{WIDTH}x{HEIGHT}");
    group.bench_function(BenchmarkId::new("fearless", &size), |b| {
        b.iter(|| ours.install(|| render_split(Fearless, 0, black_box(&mut image))))
    });
    group.bench_function(BenchmarkId::new("rayon", &size), |b| {
        b.iter(|| theirs.install(|| render_split(Rayon, 0, black_box(&mut image))))
    });
    group.bench_function(BenchmarkId::new("sequential", &size), |b| {
        b.iter(|| render_rows(0, black_box(&mut image)))
    });
    group.finish();
}

// criterion's macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, bench_mandelbrot);
}

criterion_main!(group::benches);
