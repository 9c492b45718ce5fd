//! The verdict: one row per workload (a group at one parameter value) with
//! its winner, our best variant's ratio against the best peer, and each
//! goal of `xtask/bench.toml` that applies, marked when below it.
//!
//! Nothing here knows a bench by name: the roles and goals come from the
//! config, so a new group shows up as soon as it writes results.

use super::config::{Config, Goal};
use super::report::{Comparison, Report, Row};
use std::fmt::Write as _;

/// One goal checked against one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalCheck {
    /// The goal in words, e.g. `>= 5x std_rwlock_arc`.
    pub text: String,
    /// Our throughput over the peer's, when both were measured.
    pub ratio: Option<f64>,
    /// Whether the ratio reaches the goal (None: not measured).
    pub met: Option<bool>,
}

/// One workload's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The package.
    pub package: String,
    /// The criterion group.
    pub group: String,
    /// The parameter value, if the group has several.
    pub param: Option<String>,
    /// The fastest variant.
    pub winner: String,
    /// Our fastest variant, if the group has one of ours.
    pub ours: Option<String>,
    /// The fastest peer (not ours, not a baseline), if any.
    pub peer: Option<String>,
    /// Our best's throughput over the best peer's.
    pub ratio: Option<f64>,
    /// The goals about this workload.
    pub goals: Vec<GoalCheck>,
}

impl Verdict {
    /// Whether some goal of this workload was measured and missed.
    pub fn below_goal(&self) -> bool {
        self.goals.iter().any(|g| g.met == Some(false))
    }

    /// `locks/config_load_with_writer`, with `/param` when there is one.
    pub fn workload(&self) -> String {
        let short = self
            .package
            .strip_prefix("fearless-")
            .unwrap_or(&self.package);
        match &self.param {
            Some(p) => format!("{short}/{}/{p}", self.group),
            None => format!("{short}/{}", self.group),
        }
    }
}

/// The verdict of every workload in the report, in report order.
pub fn verdicts(report: &Report, config: &Config) -> Vec<Verdict> {
    let mut out = Vec::new();
    for k in &report.crates {
        let roles = config.roles(&k.package);
        for g in &k.groups {
            for c in &g.comparisons {
                let Some(winner) = c.rows.first() else {
                    continue;
                };
                // Rows are fastest first: the first match is the best.
                let ours = c.rows.iter().find(|r| roles.is_ours(r.m.variant()));
                let peer = c
                    .rows
                    .iter()
                    .find(|r| !roles.is_ours(r.m.variant()) && !roles.is_baseline(r.m.variant()));
                let goals = config
                    .goals
                    .iter()
                    .filter(|goal| goal.applies(&k.package, &g.name, c.param.as_deref()))
                    .map(|goal| check(goal, c, ours, peer))
                    .collect();
                out.push(Verdict {
                    package: k.package.clone(),
                    group: g.name.clone(),
                    param: c.param.clone(),
                    winner: winner.m.variant().to_string(),
                    ours: ours.map(|r| r.m.variant().to_string()),
                    peer: peer.map(|r| r.m.variant().to_string()),
                    ratio: ours.zip(peer).map(|(o, p)| throughput_ratio(o, p)),
                    goals,
                });
            }
        }
    }
    out
}

/// `ours`' throughput over `peer`'s: their cost per unit of work (both
/// relative to the comparison's fastest) the other way round.
fn throughput_ratio(ours: &Row, peer: &Row) -> f64 {
    peer.slowdown / ours.slowdown
}

fn check(
    goal: &Goal,
    c: &Comparison,
    best_ours: Option<&Row>,
    best_peer: Option<&Row>,
) -> GoalCheck {
    let find = |name: &str| c.rows.iter().find(|r| r.m.variant() == name);
    let ours = match &goal.ours {
        Some(name) => find(name),
        None => best_ours,
    };
    let peer = match &goal.against {
        Some(name) => find(name),
        None => best_peer,
    };
    let peer_name = goal
        .against
        .clone()
        .or_else(|| peer.map(|p| p.m.variant().to_string()))
        .unwrap_or_else(|| "the best peer".to_string());
    let mut text = goal.describe(&peer_name);
    if let Some(name) = &goal.ours {
        text = format!("{name} {text}");
    }
    let ratio = ours.zip(peer).map(|(o, p)| throughput_ratio(o, p));
    GoalCheck {
        text,
        ratio,
        met: ratio.map(|r| r >= goal.threshold()),
    }
}

/// The table's header.
pub const HEADER: [&str; 4] = ["workload", "winner", "ours vs best peer", "goal"];

/// The cells of one verdict, in [`HEADER`] order.
pub fn cells(v: &Verdict) -> [String; 4] {
    let versus = match (&v.ours, &v.peer, v.ratio) {
        (Some(ours), Some(peer), Some(r)) => format!("{r:.2}x ({ours} vs {peer})"),
        (Some(_), None, _) => "ours only".to_string(),
        (None, Some(_), _) => "no variant of ours".to_string(),
        _ => "-".to_string(),
    };
    let goal = if v.goals.is_empty() {
        "-".to_string()
    } else {
        v.goals
            .iter()
            .map(|g| match (g.met, g.ratio) {
                (Some(true), Some(r)) => format!("met: {} ({r:.2}x)", g.text),
                (Some(false), Some(r)) => format!("BELOW: {} ({r:.2}x)", g.text),
                _ => format!("not measured: {}", g.text),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    [v.workload(), v.winner.clone(), versus, goal]
}

/// A one-line count: `12 workloads, 5 with goals: 4 met, 1 below`.
pub fn summary(vs: &[Verdict]) -> String {
    let checks: Vec<&GoalCheck> = vs.iter().flat_map(|v| &v.goals).collect();
    let met = checks.iter().filter(|g| g.met == Some(true)).count();
    let below = checks.iter().filter(|g| g.met == Some(false)).count();
    let won = vs
        .iter()
        .filter(|v| v.ratio.is_some_and(|r| r >= 1.0))
        .count();
    let versus = vs.iter().filter(|v| v.ratio.is_some()).count();
    format!(
        "{} workload{}; ours ahead of the best peer in {won} of {versus}; goals: {met} met, {below} below{}",
        vs.len(),
        if vs.len() == 1 { "" } else { "s" },
        if checks.len() > met + below {
            format!(", {} not measured", checks.len() - met - below)
        } else {
            String::new()
        }
    )
}

/// The verdict for the terminal, columns aligned; rows below a goal start
/// with `!`.
pub fn render_text(vs: &[Verdict]) -> String {
    let rows: Vec<[String; 4]> = vs.iter().map(cells).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |mark: &str, cells: &[&str]| {
        let mut s = format!("{mark:<2}");
        for (cell, w) in cells.iter().zip(&widths) {
            let pad = w - cell.chars().count();
            let _ = write!(s, "{cell}{}  ", " ".repeat(pad));
        }
        s.trim_end().to_string()
    };
    let mut out =
        String::from("\nverdict (ratios: our throughput over the peer's; above 1 we are faster)\n");
    let _ = writeln!(out, "{}", line("", &HEADER));
    for (v, row) in vs.iter().zip(&rows) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "{}",
            line(if v.below_goal() { "!" } else { "" }, &cells)
        );
    }
    let _ = writeln!(out, "{}", summary(vs));
    out
}

/// The verdict as a Markdown table.
pub fn render_markdown(vs: &[Verdict]) -> String {
    let mut out = String::from(
        "## Verdict\n\nPer workload: the fastest variant, our best variant's throughput \
         over the best peer's (above 1 we are faster), and the goals of \
         `xtask/bench.toml`; **BELOW** marks a missed goal.\n\n",
    );
    out.push_str(&render_markdown_table(vs));
    out
}

/// The verdict's Markdown table and its one-line summary, without heading.
pub fn render_markdown_table(vs: &[Verdict]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", HEADER.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(HEADER.len()));
    for v in vs {
        let cells: Vec<String> = cells(v)
            .iter()
            .map(|c| c.replace('|', "\\|").replace("BELOW", "**BELOW**"))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\n{}", summary(vs));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::report::tests::m;
    use crate::bench::report::{RunInfo, build_crate};

    fn report() -> Report {
        let ms = vec![
            m("load", "config_cell_load", None, 2, 10.0, 0.5, 1),
            m("load", "arc_swap", None, 2, 15.0, 0.5, 2),
            m("load", "std_rwlock_arc", None, 2, 40.0, 0.5, 3),
            m("mix", "fearless", Some("2"), 1, 30.0, 0.5, 4),
            m("mix", "sequential", Some("2"), 1, 10.0, 0.5, 5),
            m("mix", "rayon", Some("2"), 1, 20.0, 0.5, 6),
            m("solo", "fearless_a", None, 1, 5.0, 0.5, 7),
        ];
        Report {
            info: RunInfo::default(),
            crates: vec![build_crate("fearless-demo", ms)],
        }
    }

    fn config() -> Config {
        Config::parse(
            "[crate.fearless-demo]\nours = [\"fearless\", \"config_cell\"]\nbaselines = [\"sequential\"]\n\
             [[goal]]\ngroup = \"load\"\nagainst = \"std_rwlock_arc\"\nat_least = 5.0\n\
             [[goal]]\ngroup = \"mix\"\nwithin = 1.2\n\
             [[goal]]\ngroup = \"mix\"\nagainst = \"kanal\"\nwithin = 1.2\n",
        )
        .unwrap()
    }

    #[test]
    fn each_workload_gets_its_winner_ratio_and_goals() {
        let vs = verdicts(&report(), &config());
        assert_eq!(vs.len(), 3);
        let load = &vs[0];
        assert_eq!(load.winner, "config_cell_load");
        assert_eq!(load.peer.as_deref(), Some("arc_swap"));
        assert!((load.ratio.unwrap() - 1.5).abs() < 1e-9);
        // 40 / 10 = 4x a std RwLock: below the goal of 5x.
        assert_eq!(load.goals[0].met, Some(false));
        assert!(load.below_goal());

        // The baseline wins but is never the best peer.
        let mix = &vs[1];
        assert_eq!(
            (mix.winner.as_str(), mix.param.as_deref()),
            ("sequential", Some("2"))
        );
        assert_eq!(mix.peer.as_deref(), Some("rayon"));
        assert!((mix.ratio.unwrap() - 20.0 / 30.0).abs() < 1e-9);
        assert_eq!(mix.goals[0].met, Some(false));
        assert_eq!(mix.goals[1].met, None, "kanal was not measured");

        let solo = &vs[2];
        assert_eq!(
            (solo.ours.as_deref(), solo.peer.as_deref()),
            (Some("fearless_a"), None)
        );
        assert!(solo.goals.is_empty() && !solo.below_goal());
    }

    #[test]
    fn renders_marks_and_a_summary() {
        let vs = verdicts(&report(), &config());
        let text = render_text(&vs);
        let load = text.lines().find(|l| l.contains("demo/load")).unwrap();
        assert!(load.starts_with('!'));
        assert!(load.contains("1.50x (config_cell_load vs arc_swap)"));
        assert!(load.contains("BELOW: >= 5x std_rwlock_arc (4.00x)"));
        let solo = text.lines().find(|l| l.contains("demo/solo")).unwrap();
        assert!(solo.starts_with(' ') && solo.contains("ours only"));
        assert!(text.contains("3 workloads; ours ahead of the best peer in 1 of 2; goals: 0 met, 2 below, 1 not measured"));
        let md = render_markdown(&vs);
        assert!(md.contains("| workload | winner | ours vs best peer | goal |"));
        assert!(md.contains("| demo/mix/2 | sequential | 0.67x (fearless vs rayon) | **BELOW**: within 1.2x of rayon (0.67x); not measured: within 1.2x of kanal |"));
    }
}
