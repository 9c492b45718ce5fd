//! Turning measurements into comparisons: per group, per parameter, which
//! variant is fastest and by how much; and rendering them as text and
//! Markdown.

use super::criterion_files::{Measurement, Throughput};
use super::verdict::{self, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the run was, printed above the tables so a report explains itself.
#[derive(Clone, Debug, Default)]
pub struct RunInfo {
    /// The command line, e.g. `cargo xtask bench --quick`.
    pub command: String,
    /// When the run started, as UTC text.
    pub started: String,
    /// How many cores the machine offers.
    pub cores: usize,
    /// `/proc/loadavg` before the run, when available.
    pub load: Option<String>,
    /// The measured commit, when git knows it.
    pub commit: Option<String>,
    /// The criterion options used.
    pub criterion_args: Vec<String>,
    /// How many times each crate's benches ran (interleaved by crate).
    pub rounds: usize,
}

/// One variant's row in a comparison.
#[derive(Clone, Debug)]
pub struct Row {
    /// The measurement.
    pub m: Measurement,
    /// Work per second (elements or bytes), when the group set a throughput.
    pub per_sec: Option<f64>,
    /// How many times slower than the fastest variant here (1.0 for it).
    pub slowdown: f64,
    /// Whether its spread overlaps the fastest's, so the order is not
    /// established by this run.
    pub within_noise: bool,
    /// Its time per unit of work over the reference's (the group's first
    /// variant), when the reference was measured with this parameter.
    pub vs_first: Option<Ratio>,
}

/// A ratio with its spread: over several rounds, the median of the
/// per-round ratios and their range (each round's ratio compares two
/// variants measured minutes apart at most, so machine noise that moves
/// both cancels); in one round, the ratio of the medians with the range
/// their confidence intervals allow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ratio {
    /// The median ratio.
    pub median: f64,
    /// The lowest ratio.
    pub low: f64,
    /// The highest ratio.
    pub high: f64,
}

/// The variants of a group measured with one parameter value, fastest first.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The parameter (`BenchmarkId::new(_, parameter)`), if any.
    pub param: Option<String>,
    /// Fastest first.
    pub rows: Vec<Row>,
}

/// A `benchmark_group`: one question, its competitors side by side.
#[derive(Clone, Debug)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// Its variants, in the order they were measured.
    pub variants: Vec<String>,
    /// One comparison per parameter value, in parameter order.
    pub comparisons: Vec<Comparison>,
}

impl Group {
    /// Whether the group compares per parameter.
    pub fn has_params(&self) -> bool {
        self.comparisons.iter().any(|c| c.param.is_some())
    }

    /// Whether every row reports a throughput.
    pub fn has_throughput(&self) -> bool {
        self.comparisons
            .iter()
            .flat_map(|c| &c.rows)
            .all(|r| r.per_sec.is_some())
    }
}

/// The results of one crate's benches.
#[derive(Clone, Debug)]
pub struct CrateResults {
    /// The package name.
    pub package: String,
    /// Its groups, in the order they were measured.
    pub groups: Vec<Group>,
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Report {
    /// How the numbers were taken.
    pub info: RunInfo,
    /// Per crate.
    pub crates: Vec<CrateResults>,
}

/// Groups one crate's measurements and ranks each comparison.
pub fn build_crate(package: &str, mut measurements: Vec<Measurement>) -> CrateResults {
    measurements.sort_by_key(|m| m.measured_at);
    // Group ids in order of first measurement.
    let mut order: Vec<String> = Vec::new();
    let mut by_group: BTreeMap<String, Vec<Measurement>> = BTreeMap::new();
    for m in measurements {
        if !by_group.contains_key(&m.id.group_id) {
            order.push(m.id.group_id.clone());
        }
        by_group.entry(m.id.group_id.clone()).or_default().push(m);
    }
    let groups = order
        .into_iter()
        .map(|name| {
            let ms = by_group.remove(&name).unwrap_or_default();
            build_group(name, ms)
        })
        .collect();
    CrateResults {
        package: package.to_string(),
        groups,
    }
}

fn build_group(name: String, ms: Vec<Measurement>) -> Group {
    let mut variants: Vec<String> = Vec::new();
    let mut params: Vec<Option<String>> = Vec::new();
    for m in &ms {
        if !variants.iter().any(|v| v == m.variant()) {
            variants.push(m.variant().to_string());
        }
        if !params.contains(&m.id.value_str) {
            params.push(m.id.value_str.clone());
        }
    }
    sort_params(&mut params);
    let comparisons = params
        .into_iter()
        .map(|param| {
            let rows: Vec<Measurement> = ms
                .iter()
                .filter(|m| m.id.value_str == param)
                .cloned()
                .collect();
            let mut rows = rank(rows);
            let reference = variants.first().and_then(|first| {
                rows.iter()
                    .find(|r| r.m.variant() == first)
                    .map(|r| r.m.clone())
            });
            if let Some(reference) = reference {
                for r in &mut rows {
                    r.vs_first = Some(interval_ratio(&r.m, &reference));
                }
            }
            Comparison { param, rows }
        })
        .collect();
    Group {
        name,
        variants,
        comparisons,
    }
}

/// Time per unit of work: per element (or byte) when the measurement has a
/// throughput, else per iteration.
fn unit_cost(m: &Measurement) -> f64 {
    match m.id.throughput {
        Some(t) if t.count() > 0 => m.median_ns / t.count() as f64,
        _ => m.median_ns,
    }
}

/// `m`'s time over `reference`'s, with the widest range their spreads
/// allow.
fn interval_ratio(m: &Measurement, reference: &Measurement) -> Ratio {
    let scale = |x: &Measurement| unit_cost(x) / x.median_ns;
    let (m_lo, m_hi) = m.spread_ns;
    let (r_lo, r_hi) = reference.spread_ns;
    let (sm, sr) = (scale(m), scale(reference));
    let median = unit_cost(m) / unit_cost(reference);
    let low = if r_hi > 0.0 {
        m_lo * sm / (r_hi * sr)
    } else {
        median
    };
    let high = if r_lo > 0.0 {
        m_hi * sm / (r_lo * sr)
    } else {
        median
    };
    Ratio {
        median,
        low: low.min(median),
        high: high.max(median),
    }
}

/// Builds a crate's results from several rounds: the measurements merge as
/// [`merge_rounds`] says, and each row's ratio to the group's first variant
/// becomes the median and range of its per-round ratios.
pub fn build_crate_from_rounds(package: &str, rounds: Vec<Vec<Measurement>>) -> CrateResults {
    let mut k = build_crate(package, merge_rounds(rounds.clone()));
    if rounds.len() < 2 {
        return k;
    }
    let find = |round: &[Measurement], group: &str, variant: &str, param: &Option<String>| {
        round
            .iter()
            .find(|m| m.id.group_id == group && m.variant() == variant && m.id.value_str == *param)
            .map(unit_cost)
    };
    for g in &mut k.groups {
        let Some(first) = g.variants.first().cloned() else {
            continue;
        };
        for c in &mut g.comparisons {
            for r in &mut c.rows {
                let ratios: Vec<f64> = rounds
                    .iter()
                    .filter_map(|round| {
                        let mine = find(round, &g.name, r.m.variant(), &c.param)?;
                        let theirs = find(round, &g.name, &first, &c.param)?;
                        Some(mine / theirs)
                    })
                    .collect();
                if !ratios.is_empty() {
                    r.vs_first = Some(Ratio {
                        median: median(&ratios),
                        low: ratios.iter().copied().fold(f64::INFINITY, f64::min),
                        high: ratios.iter().copied().fold(0.0, f64::max),
                    });
                }
            }
        }
    }
    k
}

/// Numeric parameters (thread counts, sizes) in numeric order; anything else
/// keeps the order it was measured in.
fn sort_params(params: &mut [Option<String>]) {
    let numeric = |p: &Option<String>| p.as_deref().and_then(|s| s.trim().parse::<f64>().ok());
    if params.iter().all(|p| numeric(p).is_some()) {
        params.sort_by(|a, b| numeric(a).unwrap().total_cmp(&numeric(b).unwrap()));
    }
}

/// Ranks one comparison, fastest first. When every row has a throughput in
/// the same unit, rows compare by time per unit of work (so a variant that
/// does more work per iteration is not penalised); otherwise by time per
/// iteration.
pub fn rank(ms: Vec<Measurement>) -> Vec<Row> {
    let first = ms.first().and_then(|m| m.id.throughput);
    let per_work = first.is_some_and(|t0| {
        ms.iter().all(|m| {
            m.id.throughput
                .is_some_and(|t| t.same_unit(t0) && t.count() > 0)
        })
    });
    let units = |m: &Measurement| match m.id.throughput {
        Some(t) if per_work => t.count() as f64,
        _ => 1.0,
    };
    let cost = |m: &Measurement| m.median_ns / units(m);
    let mut ms = ms;
    ms.sort_by(|a, b| cost(a).total_cmp(&cost(b)));
    let Some(best) = ms.first().cloned() else {
        return Vec::new();
    };
    let best_cost = cost(&best);
    let best_high = best.spread_ns.1 / units(&best);
    ms.into_iter()
        .enumerate()
        .map(|(i, m)| Row {
            per_sec: m
                .id
                .throughput
                .map(|t| t.count() as f64 * 1e9 / m.median_ns),
            slowdown: cost(&m) / best_cost,
            within_noise: i > 0 && m.spread_ns.0 / units(&m) <= best_high,
            vs_first: None,
            m,
        })
        .collect()
}

/// Merges several rounds of the same benchmarks into one measurement each:
/// the median of the rounds' medians, with the range of those medians as
/// the spread (how much the answer moved over time, which is what noise
/// from other processes does). A benchmark measured in one round only keeps
/// criterion's own interval.
pub fn merge_rounds(rounds: Vec<Vec<Measurement>>) -> Vec<Measurement> {
    let mut order: Vec<BenchmarkKey> = Vec::new();
    let mut by_id: BTreeMap<BenchmarkKey, Vec<Measurement>> = BTreeMap::new();
    for m in rounds.into_iter().flatten() {
        let key = (
            m.id.group_id.clone(),
            m.id.function_id.clone(),
            m.id.value_str.clone(),
        );
        if !by_id.contains_key(&key) {
            order.push(key.clone());
        }
        by_id.entry(key).or_default().push(m);
    }
    order
        .into_iter()
        .filter_map(|key| {
            let mut ms = by_id.remove(&key)?;
            if ms.len() == 1 {
                return ms.pop();
            }
            let mut first = ms[0].clone();
            let medians: Vec<f64> = ms.iter().map(|m| m.median_ns).collect();
            let mads: Vec<f64> = ms.iter().map(|m| m.mad_ns).collect();
            first.median_ns = median(&medians);
            first.spread_ns = (
                medians.iter().copied().fold(f64::INFINITY, f64::min),
                medians.iter().copied().fold(0.0, f64::max),
            );
            first.mad_ns = median(&mads);
            first.mean_ns = ms.iter().map(|m| m.mean_ns).sum::<f64>() / ms.len() as f64;
            Some(first)
        })
        .collect()
}

type BenchmarkKey = (String, Option<String>, Option<String>);

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// A time in ns as three significant digits with a unit: `12.3 ns`, `1.50 µs`.
pub fn format_time(ns: f64) -> String {
    let (v, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    format!("{} {unit}", three_digits(v))
}

/// A rate in the unit of `t`: `81.3 Melem/s`, `1.20 GiB/s`, `950 kB/s`.
pub fn format_rate(per_sec: f64, t: Throughput) -> String {
    let (base, prefixes, unit): (f64, [&str; 4], &str) = match t {
        Throughput::Elements(_) | Throughput::ElementsAndBytes { .. } => {
            (1e3, ["", "K", "M", "G"], "elem/s")
        }
        Throughput::Bits(_) => (1e3, ["", "k", "M", "G"], "bit/s"),
        Throughput::Bytes(_) => (1024.0, ["", "Ki", "Mi", "Gi"], "B/s"),
        Throughput::BytesDecimal(_) => (1e3, ["", "k", "M", "G"], "B/s"),
    };
    let mut v = per_sec;
    let mut i = 0;
    while v >= base && i < prefixes.len() - 1 {
        v /= base;
        i += 1;
    }
    format!("{} {}{unit}", three_digits(v), prefixes[i])
}

fn three_digits(v: f64) -> String {
    if v >= 99.95 {
        format!("{v:.0}")
    } else if v >= 9.995 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The spread as a relative half-width around the median: `±1.2%`.
pub fn format_spread(m: &Measurement) -> String {
    let (lo, hi) = m.spread_ns;
    let half = (m.median_ns - lo).max(hi - m.median_ns).max(0.0);
    format!("±{:.1}%", 100.0 * half / m.median_ns)
}

/// `fastest`, `2.31x slower`, or `1.04x slower (within noise)`.
pub fn format_ratio(r: &Row) -> String {
    if r.slowdown <= 1.0 && !r.within_noise {
        "fastest".to_string()
    } else if r.within_noise {
        format!("{:.2}x slower (within noise)", r.slowdown)
    } else {
        format!("{:.2}x slower", r.slowdown)
    }
}

/// The ratio to the group's first variant: `first` for that variant,
/// else `1.25x (1.10-1.40x)`; above 1 the variant is slower than the first.
pub fn format_vs_first(r: &Row, first: &str) -> String {
    match r.vs_first {
        _ if r.m.variant() == first => "first".to_string(),
        Some(q) => format!("{:.2}x ({:.2}-{:.2}x)", q.median, q.low, q.high),
        None => "-".to_string(),
    }
}

/// A group as a table: the header and one row of cells per variant and
/// parameter; the parameter cell is filled on the first row of each
/// comparison only.
pub fn table(g: &Group) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header = Vec::new();
    if g.has_params() {
        header.push("parameter");
    }
    header.extend([
        "variant",
        "median time",
        "throughput",
        "spread",
        "vs fastest",
        "time vs first",
    ]);
    let mut rows = Vec::new();
    for c in &g.comparisons {
        for (i, r) in c.rows.iter().enumerate() {
            let mut cells = Vec::new();
            if g.has_params() {
                let p = if i == 0 {
                    c.param.as_deref().unwrap_or("-")
                } else {
                    ""
                };
                cells.push(p.to_string());
            }
            cells.push(r.m.variant().to_string());
            cells.push(format_time(r.m.median_ns));
            cells.push(match (r.per_sec, r.m.id.throughput) {
                (Some(p), Some(t)) => format_rate(p, t),
                _ => "-".to_string(),
            });
            cells.push(format_spread(&r.m));
            cells.push(format_ratio(r));
            cells.push(format_vs_first(
                r,
                g.variants.first().map_or("", String::as_str),
            ));
            rows.push(cells);
        }
    }
    (header, rows)
}

/// What "spread" and "time vs first" mean in this report.
pub fn spread_note(info: &RunInfo) -> &'static str {
    if info.rounds > 1 {
        "spread is the range of the per-round medians around their median; \
         \"time vs first\" is the variant's time per unit of work over the \
         group's first variant's (the reference): the median of the per-round \
         ratios, with their range"
    } else {
        "spread is criterion's 95% confidence interval of the median; \
         \"time vs first\" is the variant's time per unit of work over the \
         group's first variant's (the reference), with the range the two \
         confidence intervals allow (run with --rounds for the spread across \
         runs)"
    }
}

fn info_lines(info: &RunInfo) -> Vec<String> {
    let mut lines = vec![
        format!("command: `{}`", info.command),
        format!("started: {}", info.started),
        format!("cores: {}", info.cores),
    ];
    if let Some(load) = &info.load {
        lines.push(format!("load average before the run: {load}"));
    }
    if let Some(commit) = &info.commit {
        lines.push(format!("commit: {commit}"));
    }
    if !info.criterion_args.is_empty() {
        lines.push(format!(
            "criterion options: `{}`",
            info.criterion_args.join(" ")
        ));
    }
    if info.rounds > 1 {
        lines.push(format!(
            "rounds: {} (each crate's benches ran {} times, interleaved; each row is the median of its rounds)",
            info.rounds, info.rounds
        ));
    }
    lines
}

/// The report for the terminal: aligned columns, one block per group.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for k in &report.crates {
        let _ = writeln!(out, "\n{}", k.package);
        for g in &k.groups {
            let _ = writeln!(out, "\n  {}", g.name);
            let (header, rows) = table(g);
            let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |cells: &mut dyn Iterator<Item = &str>| {
                let mut s = String::from("  ");
                for (cell, w) in cells.zip(&widths) {
                    let pad = w - cell.chars().count();
                    let _ = write!(s, "  {cell}{}", " ".repeat(pad));
                }
                s.trim_end().to_string()
            };
            let _ = writeln!(out, "{}", line(&mut header.iter().copied()));
            for row in &rows {
                let _ = writeln!(out, "{}", line(&mut row.iter().map(String::as_str)));
            }
        }
    }
    let _ = writeln!(
        out,
        "\nThe {}; \"within noise\": the spreads overlap, so this run does not order them.",
        spread_note(&report.info)
    );
    out
}

/// The report as Markdown: run information, the verdict, then a table per
/// group.
pub fn render_markdown(report: &Report, verdicts: &[Verdict]) -> String {
    let mut out = String::from("# Benchmark report\n\n");
    for l in info_lines(&report.info) {
        let _ = writeln!(out, "- {l}");
    }
    let _ = writeln!(out, "\n{}", verdict::render_markdown(verdicts));
    let _ = writeln!(out, "## Every group");
    let _ = writeln!(
        out,
        "\nRatios compare variants measured in this run on this machine; \
         absolute times do not carry across machines or runs. The {}; \
         \"within noise\" means the variant's spread overlaps the fastest's.",
        spread_note(&report.info)
    );
    for k in &report.crates {
        let _ = writeln!(out, "\n## {}", k.package);
        for g in &k.groups {
            let _ = writeln!(out, "\n### {}\n", g.name);
            write_group_markdown(&mut out, g);
        }
    }
    out
}

fn write_group_markdown(out: &mut String, g: &Group) {
    let (header, rows) = table(g);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// One crate's figures for docs/benchmarks.md: when, where and how they
/// were measured, the crate's rows of the verdict, and a table per group
/// (under `####` headings, as they sit inside the crate's section).
pub fn render_crate_doc(info: &RunInfo, verdicts: &[Verdict], k: &CrateResults) -> String {
    let mut out = format!(
        "Measured {} at commit {} on {} cores, load average {} before the run, \
         by `{}`{}.\n",
        info.started,
        info.commit.as_deref().unwrap_or("(unknown)"),
        info.cores,
        info.load.as_deref().unwrap_or("(unknown)"),
        info.command,
        if info.rounds > 1 {
            format!(" ({} interleaved rounds)", info.rounds)
        } else {
            String::new()
        }
    );
    let mine: Vec<Verdict> = verdicts
        .iter()
        .filter(|v| v.package == k.package)
        .cloned()
        .collect();
    if !mine.is_empty() {
        let _ = write!(out, "\n{}", verdict::render_markdown_table(&mine));
    }
    for g in &k.groups {
        let _ = writeln!(out, "\n#### {}\n", g.name);
        write_group_markdown(&mut out, g);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::bench::criterion_files::BenchmarkJson;
    use std::time::{Duration, SystemTime};

    /// A measurement for tests: `median` ns with a ±`half` ns spread,
    /// measured `at` seconds after the epoch.
    pub fn m(
        group: &str,
        f: &str,
        param: Option<&str>,
        elems: u64,
        median: f64,
        half: f64,
        at: u64,
    ) -> Measurement {
        Measurement {
            id: BenchmarkJson {
                group_id: group.into(),
                function_id: Some(f.into()),
                value_str: param.map(Into::into),
                throughput: (elems > 0).then_some(Throughput::Elements(elems)),
            },
            median_ns: median,
            spread_ns: (median - half, median + half),
            mad_ns: half,
            mean_ns: median,
            measured_at: SystemTime::UNIX_EPOCH + Duration::from_secs(at),
        }
    }

    pub fn sample() -> CrateResults {
        build_crate(
            "fearless-demo",
            vec![
                m("incr", "seqcst", Some("2"), 1000, 4000.0, 100.0, 1),
                m("incr", "sharded", Some("2"), 1000, 1000.0, 50.0, 2),
                m("incr", "seqcst", Some("10"), 1000, 9000.0, 100.0, 3),
                m("incr", "sharded", Some("10"), 1000, 8950.0, 100.0, 4),
                m("incr", "seqcst", Some("1"), 1000, 2000.0, 10.0, 5),
                m("incr", "sharded", Some("1"), 1000, 2500.0, 10.0, 6),
                m("alone", "x", None, 0, 12.0, 1.0, 0),
            ],
        )
    }

    #[test]
    fn groups_in_measurement_order_and_params_in_numeric_order() {
        let k = sample();
        let names: Vec<_> = k.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["alone", "incr"]);
        let incr = &k.groups[1];
        let params: Vec<_> = incr
            .comparisons
            .iter()
            .map(|c| c.param.as_deref().unwrap())
            .collect();
        assert_eq!(params, ["1", "2", "10"]);
        assert_eq!(incr.variants, ["seqcst", "sharded"]);
        assert!(incr.has_params() && incr.has_throughput());
        assert!(!k.groups[0].has_params() && !k.groups[0].has_throughput());
    }

    #[test]
    fn ranks_fastest_first_per_parameter_with_ratios() {
        let k = sample();
        let incr = &k.groups[1];
        let at = |p: &str| {
            incr.comparisons
                .iter()
                .find(|c| c.param.as_deref() == Some(p))
                .unwrap()
        };
        let two = at("2");
        assert_eq!(two.rows[0].m.variant(), "sharded");
        assert_eq!(two.rows[0].slowdown, 1.0);
        assert_eq!(two.rows[1].slowdown, 4.0);
        assert!(!two.rows[1].within_noise);
        assert_eq!(two.rows[0].per_sec, Some(1e9));
        // At 1 thread the order flips: "which is fastest here".
        assert_eq!(at("1").rows[0].m.variant(), "seqcst");
        // At 10 the intervals overlap: a tie in this run.
        let ten = at("10");
        assert!(ten.rows[1].within_noise);
        assert_eq!(format_ratio(&ten.rows[1]), "1.01x slower (within noise)");
        assert_eq!(format_ratio(&two.rows[1]), "4.00x slower");
        assert_eq!(format_ratio(&two.rows[0]), "fastest");
    }

    #[test]
    fn compares_per_unit_of_work_when_throughputs_differ() {
        // `big` does four times the work in twice the time: it is faster.
        let rows = rank(vec![
            m("g", "small", None, 100, 1000.0, 1.0, 0),
            m("g", "big", None, 400, 2000.0, 1.0, 0),
        ]);
        assert_eq!(rows[0].m.variant(), "big");
        assert_eq!(rows[1].slowdown, 2.0);
        // Without throughput on every row, time per iteration decides.
        let rows = rank(vec![
            m("g", "small", None, 100, 1000.0, 1.0, 0),
            m("g", "none", None, 0, 2000.0, 1.0, 0),
        ]);
        assert_eq!(rows[0].m.variant(), "small");
        assert_eq!(rows[1].per_sec, None);
        assert!(rank(Vec::new()).is_empty());
    }

    #[test]
    fn merging_rounds_takes_the_median_and_the_range_of_medians() {
        let rounds = vec![
            vec![
                m("g", "a", None, 1, 100.0, 1.0, 1),
                m("g", "b", None, 1, 50.0, 1.0, 2),
            ],
            vec![m("g", "a", None, 1, 130.0, 1.0, 3)],
            vec![m("g", "a", None, 1, 90.0, 1.0, 4)],
        ];
        let merged = merge_rounds(rounds);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].variant(), "a");
        assert_eq!(merged[0].median_ns, 100.0);
        assert_eq!(merged[0].spread_ns, (90.0, 130.0));
        // A benchmark seen once keeps criterion's interval.
        assert_eq!(merged[1].spread_ns, (49.0, 51.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn ratios_to_the_first_variant_take_the_median_and_range_over_rounds() {
        // `ours` is measured first in its group: it is the reference.
        let round = |ours: f64, theirs: f64, t: u64| {
            vec![
                m("g", "ours", None, 10, ours, 1.0, t),
                m("g", "theirs", None, 10, theirs, 1.0, t + 1),
            ]
        };
        let rounds = vec![
            round(100.0, 200.0, 1),
            round(300.0, 300.0, 3),
            round(100.0, 150.0, 5),
        ];
        let k = build_crate_from_rounds("c", rounds);
        let g = &k.groups[0];
        assert_eq!(g.variants, ["ours", "theirs"]);
        let row = |v: &str| {
            g.comparisons[0]
                .rows
                .iter()
                .find(|r| r.m.variant() == v)
                .unwrap()
        };
        // Per round: 2.0, 1.0, 1.5; the medians of the times (100 vs 200)
        // would say 2.0 instead.
        let q = row("theirs").vs_first.unwrap();
        assert_eq!((q.median, q.low, q.high), (1.5, 1.0, 2.0));
        assert_eq!(format_vs_first(row("theirs"), "ours"), "1.50x (1.00-2.00x)");
        assert_eq!(format_vs_first(row("ours"), "ours"), "first");
        // One round: the ratio of the medians, widened by both intervals.
        let k = build_crate_from_rounds("c", vec![round(100.0, 200.0, 1)]);
        let q = k.groups[0].comparisons[0].rows[1].vs_first.unwrap();
        assert_eq!(q.median, 2.0);
        assert!((q.low - 199.0 / 101.0).abs() < 1e-9);
        assert!((q.high - 201.0 / 99.0).abs() < 1e-9);
    }

    #[test]
    fn formats_times_rates_and_spreads_in_human_units() {
        assert_eq!(format_time(12.345), "12.3 ns");
        assert_eq!(format_time(999.0), "999 ns");
        assert_eq!(format_time(1500.0), "1.50 µs");
        assert_eq!(format_time(2.5e7), "25.0 ms");
        assert_eq!(format_time(3.2e9), "3.20 s");
        assert_eq!(format_rate(81.3e6, Throughput::Elements(1)), "81.3 Melem/s");
        assert_eq!(format_rate(950.0, Throughput::Elements(1)), "950 elem/s");
        assert_eq!(format_rate(2.0e9, Throughput::Elements(1)), "2.00 Gelem/s");
        assert_eq!(format_rate(4e12, Throughput::Elements(1)), "4000 Gelem/s");
        assert_eq!(format_rate(1536.0, Throughput::Bytes(1)), "1.50 KiB/s");
        assert_eq!(format_rate(1.2e6, Throughput::BytesDecimal(1)), "1.20 MB/s");
        let x = m("g", "f", None, 0, 1000.0, 12.0, 0);
        assert_eq!(format_spread(&x), "±1.2%");
    }

    #[test]
    fn markdown_has_a_table_per_group_with_parameters() {
        let report = Report {
            info: RunInfo {
                command: "cargo xtask bench --quick".into(),
                rounds: 1,
                ..Default::default()
            },
            crates: vec![sample()],
        };
        let md = render_markdown(&report, &[]);
        assert!(md.contains("## fearless-demo"));
        assert!(md.contains("### incr"));
        assert!(
            md.contains("| parameter | variant | median time | throughput | spread | vs fastest | time vs first |")
        );
        assert!(md.contains(
            "| 2 | sharded | 1.00 µs | 1.00 Gelem/s | ±5.0% | fastest | 0.25x (0.23-0.27x) |"
        ));
        assert!(
            md.contains("|  | seqcst | 4.00 µs | 250 Melem/s | ±2.5% | 4.00x slower | first |")
        );
        assert!(md.contains(
            "| variant | median time | throughput | spread | vs fastest | time vs first |\n| --- |"
        ));
        let doc = render_crate_doc(&report.info, &[], &report.crates[0]);
        assert!(doc.starts_with("Measured  at commit (unknown) on 0 cores"));
        assert!(doc.contains("by `cargo xtask bench --quick`.\n\n#### alone\n\n| variant |"));
        assert!(doc.contains("\n#### incr\n\n| parameter |"));
        let text = render_text(&report);
        assert!(text.contains("fearless-demo"));
        assert!(
            text.lines()
                .any(|l| l.contains("sharded") && l.contains("fastest"))
        );
    }
}
