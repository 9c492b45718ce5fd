//! Does the facade cost anything against the backend called directly?
//!
//! The facade should cost "within 2 %". Criterion cannot answer that on a shared
//! 2-core VM: it measures one variant for seconds, then the next, and the
//! machine's speed drifts by more than 2 % between those windows. So this
//! bench (no criterion) measures each pair A (the backend) / B (the facade
//! on that backend) in many short rounds, ordered A B B A (the runner is
//! `fearless_bench_support::rounds`), so that a drift
//! that is linear over a round hits both sides equally, and reports the
//! median of the per-round time ratios B/A, its interquartile range and a
//! distribution-free 95 % confidence interval of the median.
//!
//! Both sides of a pair run the same generic driver (over
//! `fearless_core::Lock` or `ReadWriteLock`); only the lock type differs.
//! The `mutex_2threads` pairs run it on two threads sharing the lock.
//!
//! Modes:
//! - `--bench [criterion options] [filter]` (what `cargo bench` and
//!   `cargo xtask bench` pass): the timing table. `--measurement-time S`
//!   and `--warm-up-time S` set each pair's budget (`--quick`: 1 and 0.5);
//!   every other criterion option is accepted and ignored. The filter keeps
//!   the pairs whose name contains it (`a|b`: either).
//! - `--instructions [N]`: runs every uncontended variant under
//!   `valgrind --tool=callgrind` for N and 2N operations (default N = 10^6)
//!   and prints the instructions per operation, from the difference of the
//!   two totals, which cancels start-up. Deterministic, unlike the timing.
//! - `--ops PAIR a|b N`: runs one side of one pair for N operations and
//!   exits (what `--instructions` runs under callgrind).
//! - no `--bench` (`cargo test --benches`): a smoke run of every pair.

use std::env::Args;
use std::hint::black_box;
use std::iter::{Peekable, Skip};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fearless_bench_support::args::{parse, selected};
use fearless_bench_support::rounds::{Rounds, Variant};
use fearless_bench_support::stats::Summary;
use fearless_core::{Lock, ReadWriteLock};
use fearless_locks::{Mutex, RwLock};

type PlMutex = parking_lot::Mutex<u64>;
type StdMutex = std::sync::Mutex<u64>;
type PlRwLock = parking_lot::RwLock<u64>;
type StdRwLock = std::sync::RwLock<u64>;

// The drivers: one per operation, generic over the lock, never inlined so
// each side is one function of the same shape. `black_box(lock)` makes every
// iteration take the lock anew.

#[inline(never)]
fn lock_unlock<L: Lock<u64>>(lock: &L, n: u64) {
    for _ in 0..n {
        *black_box(lock).lock() += 1;
    }
}

#[inline(never)]
fn read_unlock<L: ReadWriteLock<u64>>(lock: &L, n: u64) {
    for _ in 0..n {
        black_box(*black_box(lock).read());
    }
}

#[inline(never)]
fn write_unlock<L: ReadWriteLock<u64>>(lock: &L, n: u64) {
    for _ in 0..n {
        *black_box(lock).write() += 1;
    }
}

/// One side of a pair: a lock and the operation timed on it.
trait Side: Sync {
    fn run(&self, n: u64);
}

struct LockUnlock<L>(L);
struct ReadUnlock<L>(L);
struct WriteUnlock<L>(L);

impl<L: Lock<u64> + Sync> Side for LockUnlock<L> {
    fn run(&self, n: u64) {
        lock_unlock(&self.0, n);
    }
}

impl<L: ReadWriteLock<u64> + Sync> Side for ReadUnlock<L> {
    fn run(&self, n: u64) {
        read_unlock(&self.0, n);
    }
}

impl<L: ReadWriteLock<u64> + Sync> Side for WriteUnlock<L> {
    fn run(&self, n: u64) {
        write_unlock(&self.0, n);
    }
}

/// A: the backend called directly; B: the facade over it.
struct Pair {
    name: &'static str,
    /// 1: uncontended; 2: both sides timed on two threads sharing the lock.
    threads: usize,
    a: Box<dyn Side>,
    b: Box<dyn Side>,
}

fn mutex_pair<L: Lock<u64> + Sync + 'static>(name: &'static str, threads: usize) -> Pair {
    Pair {
        name,
        threads,
        a: Box::new(LockUnlock(L::new(0))),
        b: Box::new(LockUnlock(Mutex::<u64, L>::from_backend(L::new(0)))),
    }
}

fn read_pair<L: ReadWriteLock<u64> + Sync + 'static>(name: &'static str) -> Pair {
    Pair {
        name,
        threads: 1,
        a: Box::new(ReadUnlock(L::new(0))),
        b: Box::new(ReadUnlock(RwLock::<u64, L>::from_backend(L::new(0)))),
    }
}

fn write_pair<L: ReadWriteLock<u64> + Sync + 'static>(name: &'static str) -> Pair {
    Pair {
        name,
        threads: 1,
        a: Box::new(WriteUnlock(L::new(0))),
        b: Box::new(WriteUnlock(RwLock::<u64, L>::from_backend(L::new(0)))),
    }
}

fn pairs() -> Vec<Pair> {
    vec![
        mutex_pair::<PlMutex>("facade_overhead/mutex/parking_lot", 1),
        mutex_pair::<StdMutex>("facade_overhead/mutex/std", 1),
        read_pair::<PlRwLock>("facade_overhead/rwlock_read/parking_lot"),
        read_pair::<StdRwLock>("facade_overhead/rwlock_read/std"),
        write_pair::<PlRwLock>("facade_overhead/rwlock_write/parking_lot"),
        write_pair::<StdRwLock>("facade_overhead/rwlock_write/std"),
        mutex_pair::<PlMutex>("facade_overhead/mutex_2threads/parking_lot", 2),
        mutex_pair::<StdMutex>("facade_overhead/mutex_2threads/std", 2),
    ]
}

/// Times one side's run: on this thread alone, or on this thread and the
/// `helper` (contended pairs), until both have done their operations.
struct Runner<'a> {
    helper: Option<&'a Helper<'a>>,
}

/// The second thread of a contended pair: runs side `job` (0 = A, 1 = B)
/// for `n` operations each time `go` is bumped, then sets `done` to `go`.
struct Helper<'a> {
    sides: [&'a dyn Side; 2],
    go: AtomicU64,
    done: AtomicU64,
    job: AtomicU64,
    n: AtomicU64,
    stop: AtomicBool,
}

/// Spin a little, then yield: the two threads of a contended pair wait for
/// each other between rounds, and on a loaded 2-core machine a thread that
/// only spins can hold the core its partner needs for a whole time slice.
#[derive(Default)]
struct Wait(u32);

impl Wait {
    fn pause(&mut self) {
        if self.0 < 200 {
            self.0 += 1;
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }
}

impl Helper<'_> {
    fn serve(&self) {
        let mut seen = 0;
        loop {
            // Acquire: pairs with the Release bump of `go`, so `job` and `n`
            // are the round's.
            let mut wait = Wait::default();
            while self.go.load(Ordering::Acquire) == seen {
                if self.stop.load(Ordering::Relaxed) {
                    return;
                }
                wait.pause();
            }
            seen += 1;
            let side = self.sides[self.job.load(Ordering::Relaxed) as usize];
            side.run(self.n.load(Ordering::Relaxed));
            // Release: the round's end is seen after the work.
            self.done.store(seen, Ordering::Release);
        }
    }
}

impl Runner<'_> {
    fn time(&self, sides: [&dyn Side; 2], which: usize, n: u64) -> Duration {
        let start = Instant::now();
        match self.helper {
            None => sides[which].run(n),
            Some(h) => {
                h.job.store(which as u64, Ordering::Relaxed);
                h.n.store(n, Ordering::Relaxed);
                let round = h.go.fetch_add(1, Ordering::Release) + 1;
                sides[which].run(n);
                let mut wait = Wait::default();
                while h.done.load(Ordering::Acquire) != round {
                    wait.pause();
                }
            }
        }
        start.elapsed()
    }
}

/// What one pair's measurement found.
struct Outcome {
    ops: u64,
    a_ns: f64,
    b_ns: f64,
    /// time(B)/time(A) per round.
    ratio: Summary,
}

/// Times `pair` in A B B A rounds (bench-support's `rounds`) for about
/// `budget` (and at least 20 rounds) after `warm_up`, each side's run taking
/// about `round`. Per-op times are per thread.
fn measure(pair: &Pair, warm_up: Duration, budget: Duration, round: Duration) -> Outcome {
    let sides = [&*pair.a, &*pair.b];
    let helper = Helper {
        sides,
        go: AtomicU64::new(0),
        done: AtomicU64::new(0),
        job: AtomicU64::new(0),
        n: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    };
    std::thread::scope(|s| {
        let runner = if pair.threads == 2 {
            s.spawn(|| helper.serve());
            Runner {
                helper: Some(&helper),
            }
        } else {
            Runner { helper: None }
        };
        // Calibrate: the operations per side run that take about `round`,
        // judged by the median of five runs, so that neither a lucky run nor
        // one with a preemption in it decides.
        let typical = |n| {
            let mut t: Vec<Duration> = (0..5).map(|_| runner.time(sides, 0, n)).collect();
            t.sort();
            t[2]
        };
        let mut n = 256;
        while n < 1 << 30 && typical(n) < round {
            n *= 2;
        }
        let side = |which: usize| {
            let runner = &runner;
            move || [runner.time(sides, which, n).as_secs_f64()]
        };
        let mut variants = [
            Variant::new("direct", side(0)),
            Variant::new("facade", side(1)),
        ];
        let rounds = Rounds {
            warm_up,
            budget,
            min_rounds: 20,
        };
        let found = rounds.run(&mut variants).remove(0);
        helper.stop.store(true, Ordering::Relaxed);
        let per_op = |seconds: [f64; 1]| seconds[0] * 1e9 / n as f64;
        let (a_ns, b_ns) = (
            per_op(found.baseline_median()),
            per_op(found.variant_median()),
        );
        let [ratio] = found.ratio;
        Outcome {
            ops: n,
            a_ns,
            b_ns,
            ratio,
        }
    })
}

fn main() {
    // This bench's own flags, beside criterion's.
    let mut instructions_for: Option<u64> = None;
    let mut ops: Option<(String, usize, u64)> = None;
    let own_flags = |flag: &str, args: &mut Peekable<Skip<Args>>| -> Result<bool, String> {
        match flag {
            "--instructions" => {
                let n = match args.peek() {
                    Some(n) if !n.starts_with('-') => args.next(),
                    _ => None,
                };
                instructions_for = Some(match n {
                    Some(n) => n.parse().map_err(|_| "--instructions wants a count")?,
                    None => 1_000_000,
                });
                Ok(true)
            }
            "--ops" => {
                let usage = "usage: --ops PAIR a|b N";
                let pair: String = args.next().ok_or(usage)?;
                let side = match args.next().as_deref() {
                    Some("a") => 0,
                    Some("b") => 1,
                    _ => return Err(usage.into()),
                };
                let n = args.next().and_then(|n| n.parse().ok()).ok_or(usage)?;
                ops = Some((pair, side, n));
                Ok(true)
            }
            _ => Ok(false),
        }
    };
    let options = match parse(std::env::args().skip(1), own_flags) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("facade_overhead: {e}");
            std::process::exit(2);
        }
    };
    let mut pairs = pairs();
    pairs.retain(|p| selected(p.name, options.filter.as_deref()));

    if let Some((name, side, n)) = &ops {
        let Some(pair) = pairs.iter().find(|p| p.name == name) else {
            eprintln!("facade_overhead: no pair named {name}");
            std::process::exit(2);
        };
        [&pair.a, &pair.b][*side].run(*n);
        return;
    }
    if let Some(n) = instructions_for {
        std::process::exit(if instructions(&pairs, n) { 0 } else { 1 });
    }
    if !options.bench {
        // `cargo test --benches`: check every pair runs, measure nothing.
        for p in &pairs {
            let o = measure(p, Duration::ZERO, Duration::ZERO, Duration::ZERO);
            assert!(o.ratio.median > 0.0, "{}", p.name);
        }
        println!("facade_overhead: {} pairs ran", pairs.len());
        return;
    }
    if pairs.is_empty() {
        return;
    }

    let (default_warm, default_budget) = if options.quick {
        (0.5, 1.0)
    } else {
        (3.0, 5.0)
    };
    let warm_up = Duration::from_secs_f64(options.warm_up.unwrap_or(default_warm));
    let budget = Duration::from_secs_f64(options.measurement.unwrap_or(default_budget));
    let round = Duration::from_micros(500);
    println!(
        "\nfacade_overhead: time(facade)/time(direct) per A B B A round (~{} us per side run), \
         {:.1}s per pair after {:.1}s warm-up; load average {}",
        round.as_micros(),
        budget.as_secs_f64(),
        warm_up.as_secs_f64(),
        fearless_bench_support::load_average()
    );
    println!(
        "{:<28} {:>9} {:>9} {:>8} {:>15} {:>15} {:>7} {:>8}",
        "pair", "direct", "facade", "median", "IQR", "95% CI", "rounds", "ops/run"
    );
    for p in &pairs {
        let o = measure(p, warm_up, budget, round);
        println!(
            "{:<28} {:>7.2}ns {:>7.2}ns {:>8.4} {:>7.4}-{:<7.4} {:>7.4}-{:<7.4} {:>7} {:>8}",
            p.name.trim_start_matches("facade_overhead/"),
            o.a_ns,
            o.b_ns,
            o.ratio.median,
            o.ratio.q1,
            o.ratio.q3,
            o.ratio.ci.0,
            o.ratio.ci.1,
            o.ratio.rounds,
            o.ops
        );
    }
}

/// Runs every uncontended side under callgrind for `n` and `2n` operations
/// and prints instructions per operation. Returns whether all runs worked.
fn instructions(pairs: &[Pair], n: u64) -> bool {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("facade_overhead: cannot find my own executable: {e}");
            return false;
        }
    };
    let count = |pair: &str, side: &str, ops: u64| -> Option<u64> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args(["--ops", pair, side, &ops.to_string()])
            .output()
            .map_err(|e| eprintln!("facade_overhead: cannot run valgrind: {e}"))
            .ok()?;
        let text = String::from_utf8_lossy(&out.stderr);
        let collected = text
            .lines()
            .find_map(|l| {
                l.split_once("Collected :")
                    .map(|(_, n)| n.trim().parse().ok())
            })
            .flatten();
        if !out.status.success() || collected.is_none() {
            eprintln!("facade_overhead: callgrind run of {pair} {side} failed:\n{text}");
        }
        collected
    };
    println!(
        "\nfacade_overhead: instructions per operation (callgrind; (I(2N) - I(N)) / N, N = {n})"
    );
    println!(
        "{:<28} {:>9} {:>9} {:>7}",
        "pair", "direct", "facade", "extra"
    );
    let mut ok = true;
    for p in pairs.iter().filter(|p| p.threads == 1) {
        let mut per_op = [0.0; 2];
        for (i, side) in ["a", "b"].into_iter().enumerate() {
            match (count(p.name, side, n), count(p.name, side, 2 * n)) {
                (Some(one), Some(two)) => per_op[i] = (two as f64 - one as f64) / n as f64,
                _ => ok = false,
            }
        }
        println!(
            "{:<28} {:>9.2} {:>9.2} {:>+7.2}",
            p.name.trim_start_matches("facade_overhead/"),
            per_op[0],
            per_op[1],
            per_op[1] - per_op[0]
        );
    }
    ok
}
