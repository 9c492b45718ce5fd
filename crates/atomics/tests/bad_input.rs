//! Bad input gets a documented error value, never a panic or a wrong number.
#![cfg(not(loom))]

use fearless_atomics::{
    Histogram, InvalidPrecision, MetricKind, QuantileError, Registry, RegistryError,
    ShardedCounter, ZeroShards,
};

#[test]
fn zero_shards() {
    assert_eq!(ShardedCounter::with_shards(0).err(), Some(ZeroShards));
    assert!(ShardedCounter::with_shards(1).is_ok());
}

#[test]
fn quantile_out_of_range_or_nan() {
    let h = Histogram::new();
    h.record(5);
    let s = h.snapshot();
    for q in [-0.0001, 1.0001, -1.0, 2.0, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(s.quantile(q), Err(QuantileError::OutOfRange(q)));
    }
    assert!(matches!(s.quantile(f64::NAN), Err(QuantileError::OutOfRange(q)) if q.is_nan()));
    assert_eq!(s.quantile(-0.0), Ok(5), "negative zero is zero");
}

#[test]
fn quantile_of_empty_histogram() {
    let s = Histogram::new().snapshot();
    assert_eq!(s.quantile(0.5), Err(QuantileError::Empty));
    assert_eq!(
        (s.count(), s.sum(), s.min(), s.max(), s.mean()),
        (0, 0, None, None, None)
    );
    // Range errors win over emptiness: the caller's bug is reported first.
    assert_eq!(s.quantile(7.0), Err(QuantileError::OutOfRange(7.0)));
}

#[test]
fn precision_too_large() {
    assert_eq!(
        Histogram::with_precision(Histogram::MAX_PRECISION + 1).err(),
        Some(InvalidPrecision(Histogram::MAX_PRECISION + 1))
    );
    assert!(Histogram::with_precision(0).is_ok());
}

#[test]
fn invalid_metric_names() {
    let r = Registry::new();
    for bad in [
        "",
        "1st",
        "with space",
        "dash-ed",
        "dot.ted",
        "ünïcode",
        "brace{",
    ] {
        assert_eq!(
            r.counter(bad, "").err(),
            Some(RegistryError::InvalidMetricName { name: bad.into() }),
            "{bad:?}"
        );
        assert!(r.histogram(bad, "").is_err());
        assert!(r.gauge(bad, "").is_err());
    }
    assert!(r.counter("ns:ok_total", "").is_ok(), "colons are allowed");
    assert!(r.render_prometheus().starts_with("# HELP ns:ok_total"));
}

#[test]
fn invalid_or_reserved_or_duplicate_label_names() {
    let r = Registry::new();
    for bad in ["", "__name__", "9x", "a-b", "a:b"] {
        assert_eq!(
            r.counter_with_labels("c_total", "", &[(bad, "v")]).err(),
            Some(RegistryError::InvalidLabelName { name: bad.into() })
        );
    }
    assert_eq!(
        r.histogram_with_labels("h", "", &[("le", "1")]).err(),
        Some(RegistryError::InvalidLabelName { name: "le".into() })
    );
    assert!(
        r.counter_with_labels("c_total", "", &[("le", "1")]).is_ok(),
        "le is fine on counters"
    );
    assert_eq!(
        r.gauge_with_labels("g", "", &[("a", "1"), ("b", "2"), ("a", "3")])
            .err(),
        Some(RegistryError::DuplicateLabel { name: "a".into() })
    );
}

#[test]
fn same_name_with_another_kind() {
    let r = Registry::new();
    r.histogram("latency", "").unwrap();
    assert_eq!(
        r.counter_with_labels("latency", "", &[("x", "y")]).err(),
        Some(RegistryError::KindMismatch {
            name: "latency".into(),
            registered: MetricKind::Histogram,
            requested: MetricKind::Counter,
        })
    );
    assert!(r.gauge("latency", "").is_err());
    assert!(r.histogram("latency", "").is_ok());
}

#[test]
fn sample_name_collisions() {
    let r = Registry::new();
    r.histogram("rpc", "").unwrap();
    for clash in ["rpc_count", "rpc_sum", "rpc_bucket"] {
        assert_eq!(
            r.counter(clash, "").err(),
            Some(RegistryError::NameCollision {
                name: clash.into(),
                existing: "rpc".into()
            })
        );
    }
    let r = Registry::new();
    r.gauge("job_count", "").unwrap();
    assert_eq!(
        r.histogram("job", "").err(),
        Some(RegistryError::NameCollision {
            name: "job".into(),
            existing: "job_count".into()
        })
    );
}

#[test]
fn errors_display_the_offending_name() {
    let e = Registry::new().counter("bad name", "").unwrap_err();
    assert!(e.to_string().contains("bad name"));
    assert!(ZeroShards.to_string().contains("shard"));
    assert!(QuantileError::OutOfRange(2.0).to_string().contains('2'));
}
