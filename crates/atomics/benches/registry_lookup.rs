//! Updating a registered counter: looking it up by name each time versus
//! holding its handle.
// `criterion_main!` generates an undocumented `pub fn main`.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fearless_atomics::Registry;

fn lookup(c: &mut Criterion) {
    let registry = Registry::new();
    // A realistic registry: a few dozen series besides the one we update.
    for route in 0..32 {
        let route = format!("/r{route}");
        registry
            .counter_with_labels(
                "http_requests_total",
                "",
                &[("route", &route), ("status", "200")],
            )
            .unwrap();
    }
    let held = registry
        .counter_with_labels(
            "http_requests_total",
            "",
            &[("route", "/work"), ("status", "200")],
        )
        .unwrap();

    let mut group = c.benchmark_group("registry_counter_update");
    group.throughput(Throughput::Elements(1));
    group.bench_function("held_handle", |b| b.iter(|| black_box(&held).inc()));
    group.bench_function("lookup_by_name", |b| {
        b.iter(|| {
            registry
                .counter_with_labels(
                    black_box("http_requests_total"),
                    "",
                    &[("route", "/work"), ("status", "200")],
                )
                .unwrap()
                .inc();
        });
    });
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
