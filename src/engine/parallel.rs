//! Analysing articles on several threads while one thread indexes them, in input order.
//!
//! Analysis (`nlp::analyze`) is pure CPU work per article and dominates ingest, so it fans
//! out to worker threads; the index takes documents one at a time, in the order they came,
//! so a document given twice in one batch ends as its later version, as it would
//! sequentially. Memory stays bounded: the input queue is small and the reorder buffer
//! holds only what workers finished ahead of a slower article.
//! Calls `corpus` types and `nlp`.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::corpus::{Document, LoadError};
use crate::nlp::{self, Analysis};

/// One item of input, analysed (or the load error it was).
pub type Analysed = Result<(Document, Analysis), LoadError>;

/// How many threads analyse by default: one per core the process may use.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Analyse `docs` on `threads` threads and hand each result to `sink` in input order.
/// Stops at the first error `sink` returns.
pub fn analyse_in_order<E>(
    docs: impl IntoIterator<Item = Result<Document, LoadError>>,
    threads: usize,
    mut sink: impl FnMut(Analysed) -> Result<(), E>,
) -> Result<(), E> {
    if threads <= 1 {
        for item in docs {
            sink(item.map(analyse))?;
        }
        return Ok(());
    }
    let (work_tx, work_rx) =
        mpsc::sync_channel::<(usize, Result<Document, LoadError>)>(threads * 4);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<(usize, Analysed)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            scope.spawn(move || loop {
                let next = rx.lock().map(|r| r.recv());
                let Ok(Ok((seq, item))) = next else { break };
                if tx.send((seq, item.map(analyse))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<usize, Analysed> = BTreeMap::new();
        let mut next_out = 0;
        let mut result = Ok(());
        let mut drain = |pending: &mut BTreeMap<usize, Analysed>, wait: bool| -> Result<(), E> {
            loop {
                while let Some(item) = pending.remove(&next_out) {
                    next_out += 1;
                    sink(item)?;
                }
                let got = if wait {
                    done_rx.recv().ok()
                } else {
                    done_rx.try_recv().ok()
                };
                match got {
                    Some((seq, item)) => {
                        pending.insert(seq, item);
                    }
                    None => return Ok(()),
                }
            }
        };
        for (seq, item) in docs.into_iter().enumerate() {
            if work_tx.send((seq, item)).is_err() {
                break;
            }
            if let Err(e) = drain(&mut pending, false) {
                result = Err(e);
                break;
            }
        }
        drop(work_tx);
        if result.is_ok() {
            result = drain(&mut pending, true);
        }
        result
    })
}

fn analyse(doc: Document) -> (Document, Analysis) {
    let _s = tracing::info_span!("extract", doc = %doc.id).entered();
    let analysis = nlp::analyze(&doc.text, doc.published);
    (doc, analysis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::loader::parse_jsonl_line;

    fn docs(n: usize) -> Vec<Result<Document, LoadError>> {
        (0..n)
            .map(|i| {
                if i % 7 == 3 {
                    return Err(LoadError {
                        path: "x".into(),
                        line: Some(i),
                        message: "bad".into(),
                    });
                }
                let line = format!(
                    r#"{{"id":"d{i}","text":"Mayor Ann Lee said the bridge {i} is safe."}}"#
                );
                Ok(parse_jsonl_line(&line, &Default::default()).unwrap())
            })
            .collect()
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            analyse_in_order(docs(50), threads, |item| {
                seen.push(match item {
                    Ok((d, a)) => {
                        assert_eq!(a.statements.len(), 1);
                        d.id.to_string()
                    }
                    Err(e) => format!("err{}", e.line.unwrap_or(0)),
                });
                Ok::<(), ()>(())
            })
            .unwrap();
            let expected: Vec<String> = (0..50)
                .map(|i| {
                    if i % 7 == 3 {
                        format!("err{i}")
                    } else {
                        format!("d{i}")
                    }
                })
                .collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut n = 0;
        let r = analyse_in_order(docs(200), 2, |_| {
            n += 1;
            if n == 10 {
                Err("full")
            } else {
                Ok(())
            }
        });
        assert_eq!(r, Err("full"));
        assert_eq!(n, 10);
    }
}
