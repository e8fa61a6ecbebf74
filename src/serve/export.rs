//! An export: every hit of a request, read page after page while the answer is written, so a
//! result set of any size costs one page of memory.

use std::io::{self, Read};
use std::sync::Arc;

use crate::index::NewsIndex;
use crate::output::{csv_header, csv_record, SearchLine};
use crate::query::{Request, Target};

/// Hits read per page.
const PAGE: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    /// The hit lines of `--json`.
    Jsonl,
}

/// A reader of the whole export; a page is searched when the last one has been read.
pub struct Export {
    ix: Arc<NewsIndex>,
    target: Target,
    req: Request,
    format: ExportFormat,
    buf: Vec<u8>,
    at: usize,
    /// No page left to read.
    done: bool,
}

impl Export {
    pub fn new(ix: Arc<NewsIndex>, target: Target, mut req: Request, format: ExportFormat) -> Self {
        req.offset = 0;
        req.limit = PAGE;
        let mut buf = Vec::new();
        if format == ExportFormat::Csv {
            buf = csv_bytes(|w| w.write_record(csv_header(target)));
        }
        Export {
            ix,
            target,
            req,
            format,
            buf,
            at: 0,
            done: false,
        }
    }

    fn next_page(&mut self) -> io::Result<()> {
        let (total, hits) = self
            .ix
            .page(self.target, &self.req)
            .map_err(io::Error::other)?;
        self.buf.clear();
        self.at = 0;
        match self.format {
            ExportFormat::Csv => {
                self.buf = csv_bytes(|w| {
                    for h in &hits {
                        w.write_record(csv_record(self.target, h))?;
                    }
                    Ok(())
                });
            }
            ExportFormat::Jsonl => {
                for h in &hits {
                    crate::output::json_line(&mut self.buf, &SearchLine::Hit(h))?;
                }
            }
        }
        self.req.offset += hits.len();
        self.done = hits.is_empty() || self.req.offset >= total;
        Ok(())
    }
}

fn csv_bytes(f: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory fails only on a bug.
    f(&mut w).expect("CSV into memory");
    w.into_inner().expect("CSV into memory")
}

impl Read for Export {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.buf.len() {
            if self.done {
                return Ok(0);
            }
            self.next_page()?;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
