//! `newsdex serve`: the index in a browser and over an HTTP API, read-only.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::serve::{Config, Server};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; anything but loopback lets other machines read the index
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "HOST:PORT")]
    addr: String,
    /// Requests answered at once (default twice the cores)
    #[arg(long, default_value_t = Config::default().workers)]
    workers: usize,
    /// Requests that may wait for a worker; beyond them a request is answered 503
    #[arg(long, default_value_t = Config::default().queue)]
    queue: usize,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let config = Config {
        workers: args.workers.max(1),
        queue: args.queue,
        ..Config::default()
    };
    let server = Server::bind(ix, &args.addr, config)?;
    let addr = server.addr();
    if !addr.ip().is_loopback() {
        eprintln!(
            "newsdex: warning: listening on {addr}, not on loopback: anyone who can reach this \
             machine can read the index"
        );
    }
    // The first line of stdout is the address, for scripts and tests that pick port 0.
    println!("http://{addr}/");
    eprintln!(
        "newsdex: serving {} at http://{addr}/ (Ctrl-C stops)",
        index_dir.display()
    );
    server.run()?;
    Ok(ExitCode::SUCCESS)
}
