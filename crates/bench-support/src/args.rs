//! A bench's command line, read the way criterion reads its own.
//!
//! `cargo bench` passes `--bench`; `cargo xtask bench` adds criterion's
//! options (`--warm-up-time 0.5 --measurement-time 1 --sample-size 10 ...`)
//! and a filter. A bench without criterion must accept all of that: it
//! reads the options it uses, skips the values of the others, and takes
//! the one positional argument as the filter.
//!
//! Why our own parser: criterion parses its command line inside
//! `Criterion::configure_from_args`, which exits on any flag it does not
//! know (a bench's own, such as `facade_overhead`'s `--instructions`) and
//! offers no getter for what it read; a clap parser would have to declare
//! every criterion option (the list below) all the same, and would fail on
//! the next one criterion adds, where this loop ignores it.

use std::iter::Peekable;

/// The options every interleaved bench reads.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// `--bench`: measure. Without it (`cargo test --benches`) a bench only
    /// checks that everything runs.
    pub bench: bool,
    /// `--quick`: short budgets.
    pub quick: bool,
    /// `--warm-up-time S`, in seconds.
    pub warm_up: Option<f64>,
    /// `--measurement-time S`, in seconds.
    pub measurement: Option<f64>,
    /// The positional argument: which variants to run (see [`selected`]).
    pub filter: Option<String>,
}

/// Criterion options that take a value (skipped, not read as the filter).
const VALUED: &[&str] = &[
    "--warm-up-time",
    "--measurement-time",
    "--sample-size",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--save-baseline",
    "-s",
    "--baseline",
    "-b",
    "--baseline-lenient",
    "--load-baseline",
    "--output-format",
    "--color",
    "-c",
    "--profile-time",
    "--plotting-backend",
    "--format",
    "--logfile",
];

/// Reads `args` (the command line without the program name).
///
/// `extra` sees each flag first, with the remaining arguments, and returns
/// `Ok(true)` if it is one of the bench's own flags (taking any values it
/// needs from the iterator). Unknown flags are ignored; a time that is not
/// a non-negative number of seconds is an error.
///
/// ```
/// use fearless_bench_support::args::{Options, parse};
///
/// let args = ["--bench", "--warm-up-time", "0.5", "--sample-size", "10", "mutex|rwlock"];
/// let o = parse(args.into_iter().map(String::from), |_, _| Ok(false)).unwrap();
/// assert_eq!(o, Options {
///     bench: true,
///     quick: false,
///     warm_up: Some(0.5),
///     measurement: None,
///     filter: Some("mutex|rwlock".into()),
/// });
/// let bad = ["--measurement-time", "-1"].into_iter().map(String::from);
/// assert!(parse(bad, |_, _| Ok(false)).is_err());
/// ```
pub fn parse<I, F>(args: I, mut extra: F) -> Result<Options, String>
where
    I: Iterator<Item = String>,
    F: FnMut(&str, &mut Peekable<I>) -> Result<bool, String>,
{
    let mut o = Options::default();
    let mut args = args.peekable();
    let seconds = |v: Option<String>, name: &str| -> Result<f64, String> {
        v.and_then(|v| v.parse().ok())
            .filter(|s: &f64| s.is_finite() && *s >= 0.0)
            .ok_or_else(|| format!("{name} wants a number of seconds"))
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if inline.is_none() && extra(&flag, &mut args)? {
            continue;
        }
        let mut value = || inline.clone().or_else(|| args.next());
        match flag.as_str() {
            "--bench" => o.bench = true,
            "--quick" => o.quick = true,
            "--warm-up-time" => o.warm_up = Some(seconds(value(), &flag)?),
            "--measurement-time" => o.measurement = Some(seconds(value(), &flag)?),
            f if VALUED.contains(&f) => {
                value();
            }
            f if f.starts_with('-') => {}
            _ => o.filter = Some(arg),
        }
    }
    Ok(o)
}

/// Whether `name` passes the filter: it contains the filter, or one of its
/// `|`-separated alternatives. No filter passes everything.
///
/// ```
/// use fearless_bench_support::args::selected;
///
/// assert!(selected("versus/spsc/bounded1", Some("bounded1|select")));
/// assert!(!selected("versus/seq/unbounded", Some("bounded1|select")));
/// assert!(selected("anything", None));
/// ```
pub fn selected(name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|f| f.split('|').any(|alt| name.contains(alt)))
}
