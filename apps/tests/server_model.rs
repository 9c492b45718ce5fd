//! The server's concurrency core whole, at the size a real burst has:
//! 8 concurrent requests against a dispatcher whose queue fills, with a
//! shutdown racing them. Too large for loom's exhaustive search, so a
//! shuttle model (`cargo xtask shuttle -p fearless-apps`), and a plain test
//! on real threads without a checker.
#![cfg(any(shuttle, not(loom)))]

use fearless::sync::{Arc, Mutex, RwLock, thread};
use fearless_apps::server::{Dispatcher, Exchange, Reply, ServerMetrics};

const REQUESTS: usize = 8;

/// Every answer given: (request number, status, body).
type Answers = Arc<Mutex<Vec<(usize, u16, String)>>>;

/// A request that records, under its own number, every answer it gets.
struct Probe {
    id: usize,
    answers: Answers,
}

impl Exchange for Probe {
    fn route(&self) -> &str {
        "/work"
    }

    fn respond(self, reply: Reply) {
        let mut answers = self.answers.lock().unwrap();
        answers.push((self.id, reply.status, reply.body));
    }
}

/// Checks the properties every run must keep: each request answered
/// exactly once, with 200 or a 503 that says why, and the metrics equal
/// to the answers. Returns how many were answered 200.
fn check_answers(answers: &[(usize, u16, String)], d: &Dispatcher<Probe>) -> usize {
    let mut ids: Vec<usize> = answers.iter().map(|(id, _, _)| *id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (0..REQUESTS).collect::<Vec<_>>(),
        "every request answered exactly once"
    );
    for (_, status, body) in answers {
        match status {
            200 => assert_eq!(body, "ok"),
            503 => assert!(
                body.contains("queue is full") || body.contains("shutting down"),
                "a 503 says why: {body}"
            ),
            other => panic!("unexpected status {other}"),
        }
    }
    let ok = answers.iter().filter(|(_, s, _)| *s == 200).count();
    let m = d.metrics();
    assert_eq!(
        m.total_requests(),
        REQUESTS as u64,
        "metrics count every answer"
    );
    assert_eq!(m.requests_with_status(200), ok as u64);
    assert_eq!(m.requests_with_status(503), (REQUESTS - ok) as u64);
    assert_eq!(m.in_flight().get(), 0, "nothing left in flight");
    ok
}

fn spawn_clients(d: &Arc<Dispatcher<Probe>>, answers: &Answers) -> Vec<thread::JoinHandle<()>> {
    (0..REQUESTS)
        .map(|id| {
            let (d, answers) = (Arc::clone(d), Arc::clone(answers));
            thread::spawn(move || d.dispatch(Probe { id, answers }))
        })
        .collect()
}

/// The handler is held shut while the 8 requests arrive, so one worker
/// and a one-slot queue can accept at most two of them: the rest find the
/// queue full (503) or, if the racing shutdown got there first, a closed
/// server (503). Once the gate opens the accepted ones are answered 200
/// and the shutdown completes.
#[test]
fn burst_into_a_full_queue_racing_shutdown_answers_each_once() {
    fearless::model(|| {
        let gate = Arc::new(RwLock::new(()));
        let held = Arc::clone(&gate);
        let closed = gate.write().unwrap();
        let handler = move |_: &mut Probe| {
            drop(held.read().unwrap());
            Reply::text(200, "ok")
        };
        let metrics = Arc::new(ServerMetrics::new().unwrap());
        let d = Arc::new(Dispatcher::new(1, 1, metrics, handler).unwrap());
        let answers = Arc::new(Mutex::new(Vec::new()));
        let clients = spawn_clients(&d, &answers);
        let closer = {
            let d = Arc::clone(&d);
            thread::spawn(move || d.shutdown())
        };
        for c in clients {
            c.join().unwrap();
        }
        drop(closed);
        closer.join().unwrap();
        let answers = answers.lock().unwrap().clone();
        let ok = check_answers(&answers, &d);
        assert!(ok <= 2, "one worker and one queue slot accept at most two");
    });
}

/// Two workers answering at once while 8 requests and a shutdown race:
/// the same exactly-once and metrics properties with no gate, so requests
/// are handled, queued, refused and shut out in every order.
#[test]
fn requests_racing_shutdown_on_two_workers_answer_each_once() {
    fearless::model(|| {
        let metrics = Arc::new(ServerMetrics::new().unwrap());
        let handler = |_: &mut Probe| Reply::text(200, "ok");
        let d = Arc::new(Dispatcher::new(2, 2, metrics, handler).unwrap());
        let answers = Arc::new(Mutex::new(Vec::new()));
        let clients = spawn_clients(&d, &answers);
        d.shutdown();
        for c in clients {
            c.join().unwrap();
        }
        let answers = answers.lock().unwrap().clone();
        check_answers(&answers, &d);
    });
}
