//! `render_prometheus()` output is accepted by the `prometheus-parse`
//! crate, and the values it reads back are the ones recorded.
#![cfg(not(loom))]

use fearless_atomics::Registry;
use prometheus_parse::{Sample, Scrape, Value};

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("the exposition parses")
}

fn find<'a>(scrape: &'a Scrape, metric: &str, labels: &[(&str, &str)]) -> &'a Sample {
    scrape
        .samples
        .iter()
        .find(|s| {
            s.metric == metric
                && labels.len() == s.labels.len()
                && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v))
        })
        .unwrap_or_else(|| panic!("no sample {metric} {labels:?} in {:#?}", scrape.samples))
}

fn registry() -> Registry {
    let r = Registry::new();
    for (route, status, n) in [
        ("/work", "200", 7),
        ("/work", "500", 2),
        ("/health", "200", 40),
    ] {
        r.counter_with_labels(
            "http_requests_total",
            "Requests served, by route and status.",
            &[("route", route), ("status", status)],
        )
        .unwrap()
        .add(n);
    }
    r.gauge("queue_depth", "Jobs waiting.").unwrap().set(-3);
    let latency = r
        .histogram_with_labels(
            "job_latency_ns",
            "Job latency in nanoseconds.",
            &[("queue", "fast")],
        )
        .unwrap();
    for v in [0, 1, 2, 5, 5, 900, 1_000_000] {
        latency.record(v);
    }
    r.histogram("empty_latency_ns", "Never recorded.").unwrap();
    r
}

#[test]
fn counters_and_gauges_read_back() {
    let text = registry().render_prometheus();
    let scrape = parse(&text);
    assert_eq!(
        scrape.docs.get("http_requests_total").map(String::as_str),
        Some("Requests served, by route and status.")
    );
    for (route, status, n) in [
        ("/work", "200", 7.0),
        ("/work", "500", 2.0),
        ("/health", "200", 40.0),
    ] {
        let s = find(
            &scrape,
            "http_requests_total",
            &[("route", route), ("status", status)],
        );
        assert_eq!(s.value, Value::Counter(n));
    }
    assert_eq!(find(&scrape, "queue_depth", &[]).value, Value::Gauge(-3.0));
    // One HELP and one TYPE per family, however many series it has.
    assert_eq!(
        text.matches("# TYPE http_requests_total counter\n").count(),
        1
    );
    assert_eq!(text.matches("# HELP http_requests_total ").count(), 1);
}

#[test]
fn histograms_read_back_as_cumulative_buckets() {
    let scrape = parse(&registry().render_prometheus());
    let h = find(&scrape, "job_latency_ns", &[("queue", "fast")]);
    let Value::Histogram(buckets) = &h.value else {
        panic!("not a histogram: {:?}", h.value);
    };
    // 64 power-of-two bounds and +Inf.
    assert_eq!(buckets.len(), 65);
    let at = |le: f64| buckets.iter().find(|b| b.less_than == le).unwrap().count;
    assert_eq!(at(0.0), 1.0);
    assert_eq!(at(1.0), 2.0);
    assert_eq!(at(3.0), 3.0);
    assert_eq!(at(7.0), 5.0);
    assert_eq!(at(1023.0), 6.0);
    assert_eq!(at(1_048_575.0), 7.0);
    assert_eq!(at(f64::INFINITY), 7.0);
    assert!(
        buckets.windows(2).all(|w| w[0].count <= w[1].count),
        "cumulative"
    );
    let sum = find(&scrape, "job_latency_ns_sum", &[("queue", "fast")]);
    assert_eq!(sum.value, Value::Untyped(1_000_913.0));
    let count = find(&scrape, "job_latency_ns_count", &[("queue", "fast")]);
    assert_eq!(count.value, Value::Untyped(7.0));

    let empty = find(&scrape, "empty_latency_ns", &[]);
    let Value::Histogram(buckets) = &empty.value else {
        panic!("not a histogram");
    };
    assert!(buckets.iter().all(|b| b.count == 0.0));
}

#[test]
fn exposition_follows_the_text_format() {
    let r = registry();
    r.counter_with_labels(
        "escapes_total",
        "Back\\slash and\nnewline.",
        &[("v", "a\"b\\c\nd")],
    )
    .unwrap()
    .inc();
    let text = r.render_prometheus();
    assert!(text.ends_with('\n'));
    assert!(text.contains("# HELP escapes_total Back\\\\slash and\\nnewline.\n"));
    assert!(text.contains("escapes_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
    assert!(text.contains("job_latency_ns_bucket{queue=\"fast\",le=\"+Inf\"} 7\n"));
    assert!(text.contains("# TYPE job_latency_ns histogram\n"));
    // Every line is a comment or `name[{labels}] value`.
    for line in text.lines() {
        if line.starts_with('#') {
            assert!(
                line.starts_with("# HELP ") || line.starts_with("# TYPE "),
                "{line}"
            );
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap();
        assert!(value == "+Inf" || value.parse::<f64>().is_ok(), "{line}");
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()),
            "{line}"
        );
    }
    // The parser still accepts the escaped lines.
    parse(&text);
}

#[test]
fn labels_in_any_order_name_the_same_series() {
    let r = Registry::new();
    let a = r
        .counter_with_labels("x_total", "", &[("a", "1"), ("b", "2")])
        .unwrap();
    let b = r
        .counter_with_labels("x_total", "", &[("b", "2"), ("a", "1")])
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    let c = r
        .counter_with_labels("x_total", "", &[("a", "1"), ("b", "3")])
        .unwrap();
    assert!(!std::sync::Arc::ptr_eq(&a, &c));
}
