//! `newsdex serve`: one index, read-only, over HTTP: a JSON API whose parameters are the CLI's
//! flags and whose answers are the `--json` shapes, and a page that runs in a browser on it.
//!
//! tiny_http parses requests on its own threads; a fixed pool of workers answers them from a
//! bounded queue, so a slow query holds one worker while the others go on, and a request that
//! finds the queue full is answered 503 at once instead of waiting without bound.

mod api;
mod export;

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::TrySendError;
use tiny_http::{Header, Response, StatusCode};

use crate::error::{Error, Result};
use crate::index::NewsIndex;

pub use api::{ENDPOINTS, MAX_OFFSET, MAX_PAGE, MAX_QUERY_CHARS};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Requests answered at once.
    pub workers: usize,
    /// Requests that may wait for a worker; more are refused with 503.
    pub queue: usize,
    /// How often at most the index is checked for a new commit.
    pub refresh: Duration,
}

impl Default for Config {
    /// A worker a core: a slow query holds one while the others go on, and a query is not
    /// slowed by others sharing its core (on 2 cores, 8 clients of faceted searches over
    /// reuters-20k five times over: 2 workers p99 23.4-26.2 ms in four runs of 30 s, 4 workers 30.3-31.0 ms
    /// in three, at 530-601 and 580-594 requests/s).
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            workers: cores,
            queue: 64,
            refresh: Duration::from_millis(500),
        }
    }
}

/// A server bound to its address, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    state: Arc<State>,
    config: Config,
}

/// What every worker shares.
struct State {
    ix: Arc<NewsIndex>,
    /// When the index was last checked for a new commit.
    refreshed: Mutex<Instant>,
    refresh: Duration,
}

impl State {
    /// Sees the last commit of a `newsdex index` running beside the server, at most once per
    /// `refresh`; a worker that finds another refreshing goes on with what it has.
    fn refresh(&self) {
        let Ok(mut last) = self.refreshed.try_lock() else {
            return;
        };
        if last.elapsed() < self.refresh {
            return;
        }
        if let Err(e) = self.ix.refresh() {
            eprintln!("newsdex: cannot reload the index: {e}");
        }
        *last = Instant::now();
    }
}

impl Server {
    /// Binds `addr` (port 0 picks a free one) over an open index.
    pub fn bind(ix: NewsIndex, addr: &str, config: Config) -> Result<Server> {
        let listen_err = |msg: String| Error::Listen {
            addr: addr.to_string(),
            msg,
        };
        let listener = TcpListener::bind(addr).map_err(|e| listen_err(e.to_string()))?;
        let local = listener
            .local_addr()
            .map_err(|e| listen_err(e.to_string()))?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| listen_err(e.to_string()))?;
        ix.refresh()?;
        Ok(Server {
            http: Arc::new(http),
            addr: local,
            state: Arc::new(State {
                ix: Arc::new(ix),
                refreshed: Mutex::new(Instant::now()),
                refresh: config.refresh,
            }),
            config,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends.
    pub fn run(self) -> Result<()> {
        let (tx, rx) = crossbeam_channel::bounded::<tiny_http::Request>(self.config.queue);
        let mut workers = Vec::new();
        for _ in 0..self.config.workers.max(1) {
            let rx = rx.clone();
            let state = self.state.clone();
            workers.push(std::thread::spawn(move || {
                for req in rx {
                    answer(&state, req);
                }
            }));
        }
        for req in self.http.incoming_requests() {
            match tx.try_send(req) {
                Ok(()) => {}
                Err(TrySendError::Full(req)) => {
                    let resp = api::error_response(503, None, "too many requests at once; retry")
                        .with_header(header("Retry-After", "1"));
                    // The client may be gone already; nothing to do then.
                    let _ = req.respond(resp);
                }
                Err(TrySendError::Disconnected(_)) => break,
            }
        }
        drop(tx);
        for w in workers {
            let _ = w.join();
        }
        Ok(())
    }
}

/// Answers one request on a worker; a panic in a handler costs that request a 500, not the
/// worker.
fn answer(state: &State, req: tiny_http::Request) {
    state.refresh();
    let url = req.url().to_string();
    let method = req.method().clone();
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        api::route(&state.ix, &method, &url)
    }))
    .unwrap_or_else(|_| {
        eprintln!("newsdex: internal error answering {url}");
        api::Reply::error(500, None, "internal error")
    });
    // A client that went away mid-answer is not the server's problem.
    let _ = req.respond(reply.into_response());
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// The headers every answer carries: no sniffing, no framing, scripts and styles only from
/// the server itself (so even text that slipped through unescaped could not run).
fn common_headers<R: std::io::Read>(resp: Response<R>) -> Response<R> {
    resp.with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ))
}

fn status(code: u16) -> StatusCode {
    StatusCode(code)
}
