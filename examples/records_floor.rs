//! What ingest costs with extraction taken out: every article is read and analysed first,
//! untimed, and then only the indexing is timed: `Index::add` (the records built, earlier
//! versions looked up) and the commits every 2,000 articles, with the service's writer, merge
//! policy and `en_stem`, up to the last merge. The CPU time is the process's, split into the
//! calling thread (the records built and handed over) and tantivy's threads (indexing,
//! stemming, the doc store, merges). It bounds `whosaid ingest` from above for the records
//! the answers read: with extraction free, ingest could go no faster than this.
//! `taskset -c 0 target/release/examples/records_floor ARTICLES.jsonl EMPTY_DIR`
use std::path::Path;
use std::time::Duration;

use whosaid::corpus::loader::{parse_jsonl_line, LoadOptions};
use whosaid::index::Index;

const COMMIT_ARTICLES: usize = 2_000;

fn cpu(who: libc::c_int) -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(dir)) = (args.next(), args.next()) else {
        return Err("usage: records_floor ARTICLES.jsonl EMPTY_DIR".into());
    };
    let opts = LoadOptions::default();
    let before_analysis = cpu(libc::RUSAGE_SELF);
    let mut analysed = Vec::new();
    for line in std::fs::read_to_string(&input)?.lines() {
        let doc = parse_jsonl_line(line, &opts)?;
        let analysis = whosaid::nlp::analyze(&doc.text, doc.published);
        analysed.push((doc, analysis));
    }
    let analysis_cpu = cpu(libc::RUSAGE_SELF) - before_analysis;
    let bytes: usize = analysed.iter().map(|(d, _)| d.text.len()).sum();

    let index = Index::open(Path::new(&dir))?;
    let (process, caller) = (cpu(libc::RUSAGE_SELF), cpu(libc::RUSAGE_THREAD));
    for (n, (doc, analysis)) in analysed.iter().enumerate() {
        index.add(doc, analysis)?;
        if (n + 1) % COMMIT_ARTICLES == 0 {
            index.commit()?;
        }
    }
    index.commit()?;
    index.close_writer()?;
    let caller = cpu(libc::RUSAGE_THREAD) - caller;
    let all = cpu(libc::RUSAGE_SELF) - process;
    let mb = bytes as f64 / 1e6;
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "{} articles, {mb:.1} MB; reading and extraction {:.2} CPU-s ({:.1} MB per CPU-s)",
        analysed.len(),
        analysis_cpu.as_secs_f64(),
        rate(analysis_cpu)
    );
    println!(
        "indexing {:.2} CPU-s ({:.2} MB per CPU-s): calling thread {:.2}, tantivy's threads {:.2}",
        all.as_secs_f64(),
        rate(all),
        caller.as_secs_f64(),
        (all - caller).as_secs_f64()
    );
    println!(
        "with extraction free: {:.2} MB per CPU-s; with records also free: {:.2}",
        rate(all),
        rate(all - caller)
    );
    Ok(())
}
