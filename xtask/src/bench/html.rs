//! The report as one self-contained HTML page: per group a horizontal bar
//! chart drawn as inline SVG by this module (no scripts, no fonts or styles
//! from the network), followed by the same table as the Markdown report.

use super::report::{self, Group, Report, Row};
use super::verdict::{self, Verdict};
use std::fmt::Write as _;

/// Colour-blind-safe palette (Okabe-Ito), one colour per variant of a group.
const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

const LABEL_W: f64 = 230.0;
const BAR_W: f64 = 400.0;
const TEXT_W: f64 = 300.0;
const ROW_H: f64 = 22.0;
const BAR_H: f64 = 16.0;
const PARAM_H: f64 = 22.0;
const MAX_LABEL: usize = 32;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a bar's length shows: throughput when every row has one (longer is
/// better), else time per iteration (shorter is better).
fn value_and_range(r: &Row, throughput: bool) -> (f64, f64, f64) {
    let (lo, hi) = r.m.spread_ns;
    match (throughput, r.m.id.throughput) {
        (true, Some(t)) => {
            let work = t.count() as f64 * 1e9;
            let per_sec = r.per_sec.unwrap_or(work / r.m.median_ns);
            // A longer time is a lower rate: the interval flips.
            let low = if hi > 0.0 { work / hi } else { per_sec };
            let high = if lo > 0.0 { work / lo } else { per_sec };
            (per_sec, low, high)
        }
        _ => (r.m.median_ns, lo.max(0.0), hi),
    }
}

/// One group's chart.
pub fn chart(g: &Group) -> String {
    let throughput = g.has_throughput();
    let params = g.has_params();
    let rows: usize = g.comparisons.iter().map(|c| c.rows.len()).sum();
    let height = rows as f64 * ROW_H
        + if params {
            g.comparisons.len() as f64 * PARAM_H
        } else {
            0.0
        }
        + 8.0;
    let width = LABEL_W + BAR_W + TEXT_W;
    // Throughput shares one scale across the group, so scaling with the
    // parameter (threads, sizes) shows too; times, which can differ by
    // orders of magnitude between sizes, are scaled per parameter.
    let group_max = g
        .comparisons
        .iter()
        .flat_map(|c| &c.rows)
        .map(|r| value_and_range(r, throughput).2)
        .fold(0.0_f64, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        escape(&g.name)
    );
    let mut y = 4.0;
    for c in &g.comparisons {
        if params {
            let _ = write!(
                svg,
                r#"<text x="4" y="{:.1}" class="param">{}</text>"#,
                y + PARAM_H - 7.0,
                escape(&format!("parameter {}", c.param.as_deref().unwrap_or("-")))
            );
            y += PARAM_H;
        }
        let scale_max = if throughput {
            group_max
        } else {
            c.rows
                .iter()
                .map(|r| value_and_range(r, false).2)
                .fold(0.0_f64, f64::max)
        };
        let x_of = |v: f64| {
            if scale_max > 0.0 {
                LABEL_W + BAR_W * (v / scale_max).clamp(0.0, 1.0)
            } else {
                LABEL_W
            }
        };
        for r in &c.rows {
            let (value, low, high) = value_and_range(r, throughput);
            let variant = r.m.variant();
            let colour_index = g.variants.iter().position(|v| v == variant).unwrap_or(0);
            let colour = PALETTE[colour_index % PALETTE.len()];
            let label = if variant.chars().count() > MAX_LABEL {
                let short: String = variant.chars().take(MAX_LABEL - 1).collect();
                format!("{short}…")
            } else {
                variant.to_string()
            };
            let weight = if r.slowdown <= 1.0 { "bold" } else { "normal" };
            let mid = y + BAR_H / 2.0;
            let what = match (r.per_sec, r.m.id.throughput) {
                (Some(p), Some(t)) if throughput => report::format_rate(p, t),
                _ => report::format_time(r.m.median_ns),
            };
            let _ = write!(
                svg,
                concat!(
                    r#"<g><title>{title}</title>"#,
                    r#"<text x="{lx}" y="{ty:.1}" text-anchor="end" font-weight="{weight}">{label}</text>"#,
                    r#"<rect x="{x0}" y="{y:.1}" width="{w:.1}" height="{bh}" fill="{colour}"/>"#,
                    r#"<line x1="{wl:.1}" x2="{wh:.1}" y1="{mid:.1}" y2="{mid:.1}" class="whisker"/>"#,
                    r#"<text x="{tx}" y="{ty:.1}">{what} · {ratio}</text></g>"#
                ),
                title = escape(&format!(
                    "{variant}: median {} ({}), {}, time vs first: {}",
                    report::format_time(r.m.median_ns),
                    report::format_spread(&r.m),
                    report::format_ratio(r),
                    report::format_vs_first(r, g.variants.first().map_or("", String::as_str))
                )),
                lx = LABEL_W - 8.0,
                ty = mid + 4.5,
                weight = weight,
                label = escape(&label),
                x0 = LABEL_W,
                y = y,
                w = x_of(value) - LABEL_W,
                bh = BAR_H,
                colour = colour,
                wl = x_of(low),
                wh = x_of(high),
                mid = mid,
                tx = LABEL_W + BAR_W + 8.0,
                what = escape(&what),
                ratio = escape(&report::format_ratio(r)),
            );
            y += ROW_H;
        }
    }
    svg.push_str("</svg>");
    svg
}

fn table(g: &Group) -> String {
    let (header, rows) = report::table(g);
    let mut out = String::from("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", escape(&cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The verdict, rows below a goal highlighted.
fn verdict_table(verdicts: &[Verdict]) -> String {
    let mut out = String::from(
        "<h2>Verdict</h2><p class=\"note\">Per workload: the fastest variant, our best \
         variant's throughput over the best peer's (above 1 we are faster), and the goals \
         of <code>xtask/bench.toml</code>; missed goals are highlighted.</p><table><thead><tr>",
    );
    for h in verdict::HEADER {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for v in verdicts {
        out.push_str(if v.below_goal() {
            "<tr class=\"below\">"
        } else {
            "<tr>"
        });
        for cell in verdict::cells(v) {
            let _ = write!(out, "<td>{}</td>", escape(&cell));
        }
        out.push_str("</tr>");
    }
    let _ = write!(
        out,
        "</tbody></table><p class=\"note\">{}</p>",
        escape(&verdict::summary(verdicts))
    );
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}\
svg{font-size:12px;display:block;margin:.5em 0}svg text{fill:#222}svg .param{font-weight:bold;fill:#555}\
svg .whisker{stroke:#222;stroke-width:1.5}table{border-collapse:collapse;font-size:13px;margin-bottom:2em}\
td,th{border-bottom:1px solid #ddd;padding:2px 10px;text-align:left}\
.note{color:#555;font-size:14px}tr.below td{background:#fde2e1}code{background:#f4f4f4;padding:0 3px}";

/// A fragment id for a group: its crate and name, with anything but ASCII
/// letters and digits replaced by `-`.
fn anchor(package: &str, group: &str) -> String {
    format!("{package}-{group}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The whole page.
pub fn render(report: &Report, verdicts: &[Verdict]) -> String {
    let info = &report.info;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>fearless benchmark report</title><style>{STYLE}</style></head><body>\
         <h1>fearless benchmark report</h1><ul class=\"note\">"
    );
    let _ = write!(
        out,
        "<li>command: <code>{}</code></li><li>started: {}</li><li>cores: {}</li>",
        escape(&info.command),
        escape(&info.started),
        info.cores
    );
    if let Some(load) = &info.load {
        let _ = write!(
            out,
            "<li>load average before the run: {}</li>",
            escape(load)
        );
    }
    if let Some(commit) = &info.commit {
        let _ = write!(out, "<li>commit: {}</li>", escape(commit));
    }
    if !info.criterion_args.is_empty() {
        let _ = write!(
            out,
            "<li>criterion options: <code>{}</code></li>",
            escape(&info.criterion_args.join(" "))
        );
    }
    if info.rounds > 1 {
        let _ = write!(out, "<li>rounds: {} (interleaved)</li>", info.rounds);
    }
    let _ = write!(
        out,
        "</ul><p class=\"note\">Ratios compare variants measured in this run on this machine. \
         Bars show throughput (longer is better) or, for groups without one, time per \
         iteration (shorter is better); the black whisker shows the spread. The {}. \
         The fastest variant of each parameter is in bold.</p>",
        escape(report::spread_note(info))
    );
    out.push_str(&verdict_table(verdicts));
    out.push_str("<h2>Every group</h2><nav><ul>");
    for k in &report.crates {
        for g in &k.groups {
            let _ = write!(
                out,
                "<li><a href=\"#{}\">{} / {}</a></li>",
                anchor(&k.package, &g.name),
                escape(&k.package),
                escape(&g.name)
            );
        }
    }
    out.push_str("</ul></nav>");
    for k in &report.crates {
        let _ = write!(out, "<h2>{}</h2>", escape(&k.package));
        for g in &k.groups {
            let _ = write!(
                out,
                "<section id=\"{}\"><h3>{}</h3>{}{}</section>",
                anchor(&k.package, &g.name),
                escape(&g.name),
                chart(g),
                table(g)
            );
        }
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::report::tests::{m, sample};
    use crate::bench::report::{RunInfo, build_crate};

    fn page() -> String {
        let report = Report {
            info: RunInfo {
                command: "cargo xtask bench".into(),
                rounds: 1,
                ..Default::default()
            },
            crates: vec![sample()],
        };
        let config = crate::bench::config::Config::parse(
            "[crate.fearless-demo]\nours = [\"sharded\"]\n[[goal]]\ngroup = \"incr\"\nagainst = \"seqcst\"\nat_least = 8.0\n",
        )
        .unwrap();
        render(&report, &verdict::verdicts(&report, &config))
    }

    #[test]
    fn the_verdict_heads_the_page() {
        let html = page();
        let verdict = html.find("<h2>Verdict</h2>").unwrap();
        assert!(verdict < html.find("<svg").unwrap());
        assert!(html.contains("<tr class=\"below\">"));
        assert!(html.contains("BELOW: &gt;= 8x seqcst"));
    }

    #[test]
    fn one_self_contained_chart_per_group() {
        let html = page();
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("</svg>").count(), 2);
        assert!(!html.contains("<script"));
        assert!(!html.contains("src="));
        assert!(!html.contains("<link"));
        // Every row of every group has a bar.
        assert_eq!(html.matches("<rect").count(), 7);
    }

    #[test]
    fn bar_lengths_are_proportional_to_throughput() {
        let k = build_crate(
            "c",
            vec![
                m("g", "fast", None, 1000, 1000.0, 0.0, 0),
                m("g", "slow", None, 1000, 4000.0, 0.0, 1),
            ],
        );
        let svg = chart(&k.groups[0]);
        assert!(svg.contains(&format!("width=\"{:.1}\"", BAR_W)), "{svg}");
        assert!(
            svg.contains(&format!("width=\"{:.1}\"", BAR_W / 4.0)),
            "{svg}"
        );
    }

    #[test]
    fn every_group_is_linked_from_the_top() {
        let html = page();
        assert!(html.contains("<a href=\"#fearless-demo-incr\">fearless-demo / incr</a>"));
        assert!(html.contains("<section id=\"fearless-demo-incr\">"));
        assert_eq!(anchor("c", "a b/<c>"), "c-a-b--c-");
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(escape("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&#39;");
        let k = build_crate("c", vec![m("<g>", "f&", None, 1, 10.0, 1.0, 0)]);
        let svg = chart(&k.groups[0]);
        assert!(svg.contains("&lt;g&gt;") && svg.contains("f&amp;"));
        // The one `<g>` is the row's own element, not the group's name.
        assert_eq!(svg.matches("<g>").count(), 1);
    }
}
