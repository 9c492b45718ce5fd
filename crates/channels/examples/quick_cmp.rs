// Local quick comparison (not committed).
use std::time::Instant;

macro_rules! scenario {
    ($name:expr, $mk:expr, $prod:expr, $cons:expr, $n:expr) => {{
        let mut ts = vec![];
        for _ in 0..5 {
            let (s, r) = $mk;
            let t = Instant::now();
            std::thread::scope(|sc| {
                for _ in 0..$prod {
                    let s = s.clone();
                    sc.spawn(move || {
                        for i in 0..$n / $prod {
                            s.send(i).unwrap();
                        }
                    });
                }
                for _ in 0..$cons {
                    let r = r.clone();
                    sc.spawn(move || {
                        for _ in 0..$n / $cons {
                            r.recv().unwrap();
                        }
                    });
                }
            });
            ts.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ts.sort_by(|a, b| a.partial_cmp(b).unwrap());
        ts[2]
    }};
}

fn main() {
    let n: usize = 200_000;
    for (p, c) in [(1usize, 1usize), (4, 1), (4, 4)] {
        for cap in [Some(0usize), Some(1), Some(1000), None] {
            let f = match cap {
                Some(k) => scenario!("f", fearless_channels::bounded::<usize>(k), p, c, n),
                None => scenario!("f", fearless_channels::unbounded::<usize>(), p, c, n),
            };
            let x = match cap {
                Some(k) => scenario!("x", crossbeam_channel::bounded::<usize>(k), p, c, n),
                None => scenario!("x", crossbeam_channel::unbounded::<usize>(), p, c, n),
            };
            println!(
                "{p}x{c} cap {cap:?}: fearless {f:.1} ms, crossbeam {x:.1} ms, ratio(xb/f) {:.2}",
                x / f
            );
        }
    }
}
