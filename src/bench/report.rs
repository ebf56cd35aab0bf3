//! The results of a benchmark run and the markdown report made of them
//! (`docs/performance.md`). Each measurement is one JSON file in a results directory,
//! written by a `whosaid bench` subcommand (or by `/usr/bin/time` for process start-up), so
//! a long run (one million articles) can be measured once and reported again later.
//! The figures are formatted and judged against their targets here ([`targets`]); the
//! wording and layout are the template `performance.md.j2`'s.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Targets the issue sets.
pub const TARGET_EXTRACT_VS_SPACY: f64 = 200.0;
pub const TARGET_P99_MS_100K: f64 = 10.0;
pub const TARGET_P99_MS_1M: f64 = 25.0;
pub const TARGET_SERVE_RSS_MB_1M: f64 = 500.0;
pub const TARGET_COLD_START_S_1M: f64 = 1.0;

/// Extraction alone (`nlp::analyze`), one thread.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Extract {
    pub articles: u64,
    pub mb: f64,
    pub cpu_s: f64,
    pub wall_s: f64,
    pub mb_per_cpu_s: f64,
}

/// The reference pipeline, as `../shared/bench/spacy_speed.py` prints it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Spacy {
    pub pipeline: String,
    pub articles: u64,
    pub mb: f64,
    pub cpu_s: f64,
    pub mb_per_cpu_s: f64,
}

/// One ingest (load + analysis + indexing + commits) into a fresh data directory.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Ingest {
    pub articles: u64,
    pub statements: u64,
    pub threads: usize,
    pub mb: f64,
    pub wall_s: f64,
    pub cpu_s: f64,
    pub index_bytes: u64,
    pub peak_rss_mb: Option<f64>,
    /// Peak anonymous memory (heap and stacks, without mapped index files), MB.
    #[serde(default)]
    pub peak_anon_mb: Option<f64>,
}

impl Ingest {
    pub fn mb_per_s(&self) -> f64 {
        ratio(self.mb, self.wall_s)
    }
    pub fn mb_per_cpu_s(&self) -> f64 {
        ratio(self.mb, self.cpu_s)
    }
    pub fn index_mb_per_text_mb(&self) -> f64 {
        ratio(self.index_bytes as f64 / 1e6, self.mb)
    }
}

/// One pass of the question mix, answered in process.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Ask {
    /// "cold" (page cache dropped before opening) or "warm" (after a first pass).
    pub label: String,
    pub questions: usize,
    /// Questions that got at least one statement or passage.
    pub answered: usize,
    pub open_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The same over the answering thread's CPU time: on a shared machine a question may
    /// wait for a core, which wall time counts and CPU time does not.
    #[serde(default)]
    pub cpu_p50_ms: f64,
    #[serde(default)]
    pub cpu_p99_ms: f64,
    /// p50 and p99 per question kind.
    pub by_kind: BTreeMap<String, (f64, f64)>,
    pub peak_rss_mb: Option<f64>,
    /// Peak anonymous memory (heap and stacks, without mapped index files), MB.
    #[serde(default)]
    pub peak_anon_mb: Option<f64>,
    /// Resident memory after the pass: anonymous and file-backed (mapped index), MB.
    #[serde(default)]
    pub rss_anon_mb: Option<f64>,
    #[serde(default)]
    pub rss_file_mb: Option<f64>,
    /// The mapped part after the pass, by file extension (MB, largest first).
    #[serde(default)]
    pub rss_file_by_ext_mb: Vec<(String, f64)>,
    /// Run in a memory cgroup (read from `ask-limited.json`; the label says the limit).
    #[serde(skip)]
    pub limited: bool,
}

/// `serve --check` timed from outside by `/usr/bin/time` (process start to exit).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ServeStart {
    pub wall_s: f64,
    pub max_rss_kb: u64,
}

/// What the benchmark ran on.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Machine {
    pub cpu: String,
    pub cores: u32,
    pub memory_gb: f64,
    pub kernel: String,
    pub date: String,
    pub commit: String,
    /// How the cold runs emptied the page cache, or why they could not.
    pub cold_cache: String,
}

/// Everything measured for one corpus size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Size {
    pub articles: u64,
    pub ingest: Vec<Ingest>,
    pub ask: Vec<Ask>,
    pub serve_start: Option<ServeStart>,
}

/// A results directory, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub machine: Machine,
    pub extract: Option<Extract>,
    pub spacy: Option<Spacy>,
    pub sizes: Vec<Size>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>, ReportError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ReportError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            })
        }
    };
    if text.trim().is_empty() {
        // A measurement still running (or killed before it printed): not measured yet.
        return Ok(None);
    }
    serde_json::from_str(text.trim())
        .map(Some)
        .map_err(|e| ReportError::Read {
            path: path.display().to_string(),
            message: format!("{e} (re-run the measurement that writes it)"),
        })
}

impl Results {
    /// Read `dir`: `machine.json`, `extract.json`, `spacy.json` and `sizes/N/*.json`.
    pub fn read(dir: &Path) -> Result<Results, ReportError> {
        let mut sizes = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir.join("sizes")) {
            let mut ns: Vec<u64> = entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect();
            ns.sort_unstable();
            for n in ns {
                let d = dir.join("sizes").join(n.to_string());
                let mut s = Size {
                    articles: n,
                    serve_start: read(&d.join("serve-start.json"))?,
                    ..Size::default()
                };
                for t in ["1", "2"] {
                    s.ingest
                        .extend(read::<Ingest>(&d.join(format!("ingest-{t}.json")))?);
                }
                for l in ["cold", "warm", "limited"] {
                    let pass = read::<Ask>(&d.join(format!("ask-{l}.json")))?;
                    s.ask.extend(pass.map(|a| Ask {
                        limited: l == "limited",
                        ..a
                    }));
                }
                sizes.push(s);
            }
        }
        Ok(Results {
            machine: read(&dir.join("machine.json"))?.unwrap_or_default(),
            extract: read(&dir.join("extract.json"))?,
            spacy: read(&dir.join("spacy.json"))?,
            sizes,
        })
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

fn thousands(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1000 && n % 1000 == 0 => format!("{}k", n / 1000),
        n => n.to_string(),
    }
}

fn opt_mb(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.0}"))
}

/// How a measurement stands against its target; the template words it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    Missed,
    /// Shown beside the target, not judged: the cold pass reads from disk for the first time.
    FirstReadsFromDisk,
}

impl Verdict {
    fn of(ok: bool) -> Verdict {
        if ok {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }
}

/// One row of the targets table.
#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub target: String,
    pub measured: String,
    pub verdict: Verdict,
}

/// What the report template shows: figures formatted as the tables print them, verdicts
/// apart from their wording.
#[derive(Debug, Serialize)]
struct View<'a> {
    command: &'a str,
    machine: &'a Machine,
    memory_gb: String,
    extraction: Option<Vec<String>>,
    spacy: Option<Vec<String>>,
    /// How many times as much text whosaid extracts per CPU-second as spaCy.
    extraction_ratio: Option<String>,
    target_extract_vs_spacy: String,
    ingest: Vec<Vec<String>>,
    ask: Vec<Vec<String>>,
    serving: Vec<Vec<String>>,
    targets: Vec<TargetRow>,
    notes: &'a str,
}

const TEMPLATE: &str = include_str!("performance.md.j2");

/// The report, as markdown. `command` is what regenerates it; `notes` (the profile and
/// where the time goes) is appended as written.
pub fn render(r: &Results, command: &str, notes: &str) -> String {
    let view = View {
        command,
        machine: &r.machine,
        memory_gb: format!("{:.0}", r.machine.memory_gb),
        extraction: r.extract.as_ref().map(|e| {
            vec![
                format!("{:.2}", e.mb),
                format!("{:.3}", e.cpu_s),
                format!("{:.2}", e.mb_per_cpu_s),
            ]
        }),
        spacy: r.spacy.as_ref().map(|s| {
            vec![
                s.pipeline.clone(),
                format!("{:.2}", s.mb),
                format!("{:.2}", s.cpu_s),
                format!("{:.4}", s.mb_per_cpu_s),
            ]
        }),
        extraction_ratio: extraction_ratio(r).map(|x| format!("{x:.0}")),
        target_extract_vs_spacy: format!("{TARGET_EXTRACT_VS_SPACY:.0}"),
        ingest: ingest_rows(r),
        ask: ask_rows(r),
        serving: serving_rows(r),
        targets: targets(r),
        notes: notes.trim_end(),
    };
    let mut env = minijinja::Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("plain delimiters make a valid syntax"),
    );
    // The template ships in the binary and the view is ours: a failure here is a bug.
    env.add_template("performance.md", TEMPLATE)
        .expect("the shipped report template parses");
    env.get_template("performance.md")
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&view))))
        .expect("the shipped report template renders its view")
}

fn extraction_ratio(r: &Results) -> Option<f64> {
    let (e, s) = (r.extract.as_ref()?, r.spacy.as_ref()?);
    Some(ratio(e.mb_per_cpu_s, s.mb_per_cpu_s))
}

fn ingest_rows(r: &Results) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in &r.sizes {
        for i in &s.ingest {
            rows.push(vec![
                thousands(s.articles),
                format!("{:.0}", i.mb),
                i.threads.to_string(),
                format!("{:.1}", i.wall_s),
                format!("{:.2}", i.mb_per_s()),
                format!("{:.2}", i.mb_per_cpu_s()),
                i.statements.to_string(),
                format!("{:.2}", i.index_mb_per_text_mb()),
                opt_mb(i.peak_rss_mb),
                opt_mb(i.peak_anon_mb),
            ]);
        }
    }
    rows
}

fn ask_rows(r: &Results) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in &r.sizes {
        for a in &s.ask {
            let kinds: Vec<String> = a
                .by_kind
                .iter()
                .map(|(k, (_, p99))| format!("{k} {p99:.1}"))
                .collect();
            rows.push(vec![
                thousands(s.articles),
                a.label.clone(),
                format!("{:.0}", a.open_ms),
                format!("{:.2}", a.p50_ms),
                format!("{:.2}", a.p99_ms),
                format!("{:.1}", a.max_ms),
                format!("{:.2}", a.cpu_p50_ms),
                format!("{:.2}", a.cpu_p99_ms),
                format!("{}/{}", a.answered, a.questions),
                kinds.join(", "),
            ]);
        }
    }
    rows
}

fn serving_rows(r: &Results) -> Vec<Vec<String>> {
    r.sizes
        .iter()
        .map(|s| {
            let free = || s.ask.iter().filter(|a| !a.limited);
            let serving = free().filter_map(|a| a.peak_rss_mb).reduce(f64::max);
            let heap = free().filter_map(|a| a.peak_anon_mb).reduce(f64::max);
            let limited = s.ask.iter().find(|a| a.limited);
            let start = s.serve_start.as_ref();
            vec![
                thousands(s.articles),
                start.map_or("n/a".into(), |t| format!("{:.2}", t.wall_s)),
                start.map_or("n/a".into(), |t| {
                    format!("{:.0}", t.max_rss_kb as f64 / 1024.0)
                }),
                opt_mb(serving),
                opt_mb(heap),
                limited.map_or("n/a".into(), |a| {
                    format!("{} (limit {})", opt_mb(a.peak_rss_mb), a.label)
                }),
            ]
        })
        .collect()
}

/// The targets and how each measurement stands against its own.
pub fn targets(r: &Results) -> Vec<TargetRow> {
    let mut rows = Vec::new();
    if let Some(x) = extraction_ratio(r) {
        rows.push(TargetRow {
            target: format!("extraction ≥ {TARGET_EXTRACT_VS_SPACY:.0}× spaCy per CPU-second"),
            measured: format!("{x:.0}×"),
            verdict: Verdict::of(x >= TARGET_EXTRACT_VS_SPACY),
        });
    }
    for s in &r.sizes {
        let limit = match s.articles {
            100_000 => TARGET_P99_MS_100K,
            1_000_000 => TARGET_P99_MS_1M,
            _ => continue,
        };
        for a in &s.ask {
            // The cold pass reads every page it touches from disk for the first time: it
            // is shown beside the targets, which are for a serving process.
            rows.push(TargetRow {
                target: format!(
                    "`ask` p99 ≤ {limit:.0} ms at {} ({})",
                    thousands(s.articles),
                    a.label
                ),
                measured: format!("{:.2} ms", a.p99_ms),
                verdict: if a.label == "cold" {
                    Verdict::FirstReadsFromDisk
                } else {
                    Verdict::of(a.p99_ms <= limit)
                },
            });
        }
        if s.articles == 1_000_000 {
            rows.push(serving_target(s));
            if let Some(t) = &s.serve_start {
                rows.push(TargetRow {
                    target: format!("cold start ≤ {TARGET_COLD_START_S_1M:.0} s at 1M"),
                    measured: format!("{:.2} s", t.wall_s),
                    verdict: Verdict::of(t.wall_s <= TARGET_COLD_START_S_1M),
                });
            }
        }
    }
    rows.extend(ingest_memory_target(r));
    rows
}

/// Serving RSS: the process given a memory limit must stay within the target and still
/// answer within the latency target; without a limit, what it maps is shown beside.
fn serving_target(s: &Size) -> TargetRow {
    let free = s
        .ask
        .iter()
        .filter(|a| !a.limited)
        .filter_map(|a| a.peak_rss_mb)
        .reduce(f64::max);
    let heap = s.ask.iter().filter_map(|a| a.peak_anon_mb).reduce(f64::max);
    let unlimited = format!(
        "without a limit: peak RSS {} MB, heap {} MB",
        opt_mb(free),
        opt_mb(heap)
    );
    let target = format!("serving RSS ≤ {TARGET_SERVE_RSS_MB_1M:.0} MB at 1M");
    match s.ask.iter().find(|a| a.limited) {
        Some(a) => {
            let rss = a.peak_rss_mb.unwrap_or(f64::INFINITY);
            TargetRow {
                target,
                measured: format!(
                    "{} MB under a {} limit, p99 {:.2} ms there ({unlimited})",
                    opt_mb(a.peak_rss_mb),
                    a.label,
                    a.p99_ms
                ),
                verdict: Verdict::of(rss <= TARGET_SERVE_RSS_MB_1M && a.p99_ms <= TARGET_P99_MS_1M),
            }
        }
        None => TargetRow {
            target,
            measured: unlimited,
            verdict: Verdict::of(free.is_some_and(|m| m <= TARGET_SERVE_RSS_MB_1M)),
        },
    }
}

/// Ingest memory is bounded: from the next smaller corpus to the largest, on the same
/// threads, the peak grows by half at most. Smaller corpora stay under the merge cap, so
/// their lower peaks say nothing of the bound.
fn ingest_memory_target(r: &Results) -> Option<TargetRow> {
    // Heap where sampled (mapped index files grow with the index by nature and are the
    // kernel's to drop), else the whole RSS.
    let heap = r
        .sizes
        .iter()
        .flat_map(|s| &s.ingest)
        .all(|i| i.peak_anon_mb.is_some());
    let measure = if heap { "peak heap" } else { "peak RSS" };
    let peaks: Vec<(u64, usize, f64)> = r
        .sizes
        .iter()
        .flat_map(|s| {
            s.ingest.iter().filter_map(move |i| {
                let peak = if heap { i.peak_anon_mb } else { i.peak_rss_mb };
                peak.map(|p| (s.articles, i.threads, p))
            })
        })
        .collect();
    let largest = peaks.iter().max_by_key(|p| (p.0, p.1))?;
    let before = peaks
        .iter()
        .filter(|p| p.1 == largest.1 && p.0 < largest.0)
        .max_by_key(|p| p.0)?;
    let list: Vec<String> = peaks
        .iter()
        .map(|(n, t, p)| format!("{} ×{t}: {p:.0} MB", thousands(*n)))
        .collect();
    Some(TargetRow {
        target: format!(
            "ingest memory bounded ({measure} at {} within 1.5× that at {}, ×{} threads)",
            thousands(largest.0),
            thousands(before.0),
            largest.1
        ),
        measured: list.join("; "),
        verdict: Verdict::of(largest.2 <= 1.5 * before.2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> Results {
        Results {
            machine: Machine {
                cpu: "Test CPU".into(),
                cores: 2,
                memory_gb: 8.0,
                kernel: "6.1".into(),
                date: "2026-11-25".into(),
                commit: "abc1234".into(),
                cold_cache: "page cache dropped".into(),
            },
            extract: Some(Extract {
                articles: 1000,
                mb: 1.0,
                cpu_s: 0.1,
                wall_s: 0.1,
                mb_per_cpu_s: 10.0,
            }),
            spacy: Some(Spacy {
                pipeline: "core_web_sm".into(),
                articles: 1000,
                mb: 1.0,
                cpu_s: 20.0,
                mb_per_cpu_s: 0.05,
            }),
            sizes: vec![Size {
                articles: 100_000,
                ingest: vec![Ingest {
                    articles: 100_000,
                    statements: 300_000,
                    threads: 2,
                    mb: 150.0,
                    wall_s: 30.0,
                    cpu_s: 50.0,
                    index_bytes: 300_000_000,
                    peak_rss_mb: Some(250.0),
                    peak_anon_mb: Some(120.0),
                }],
                ask: vec![Ask {
                    label: "warm".into(),
                    questions: 200,
                    answered: 160,
                    p50_ms: 2.0,
                    p99_ms: 12.5,
                    ..Ask::default()
                }],
                serve_start: None,
            }],
        }
    }

    #[test]
    fn the_report_shows_the_figures_and_judges_the_targets() {
        let rows = targets(&results());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].verdict, Verdict::Met);
        assert_eq!(rows[1].verdict, Verdict::Missed);
        let md = render(
            &results(),
            "scripts/bench.sh",
            "## Where the time goes\n\nx",
        );
        assert!(md.contains("Generated by `scripts/bench.sh` on 2026-11-25"));
        assert!(md.contains("| 100k | 150 | 2 | 30.0 | 5.00 | 3.00 | 300000 | 2.00 | 250 | 120 |"));
        assert!(md.contains("**200×**"));
        assert!(md.contains("| extraction ≥ 200× spaCy per CPU-second | 200× | met |"));
        assert!(md.contains("| `ask` p99 ≤ 10 ms at 100k (warm) | 12.50 ms | **missed** |"));
        assert!(md.ends_with("## Where the time goes\n\nx\n"));
        assert!(
            !md.contains("ingest memory bounded"),
            "one size cannot show a bound"
        );
        let mut r = results();
        let mut bigger = r.sizes[0].clone();
        bigger.articles = 1_000_000;
        bigger.ingest[0].peak_anon_mb = Some(170.0);
        r.sizes.push(bigger);
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains("| ingest memory bounded (peak heap at 1M within 1.5× that at 100k, ×2 threads) | 100k ×2: 120 MB; 1M ×2: 170 MB | met |"), "{md}");
        r.sizes[1].ingest[0].peak_anon_mb = Some(190.0);
        assert!(render(&r, "", "").contains("1M ×2: 190 MB | **missed** |"));
    }

    #[test]
    fn serving_memory_is_judged_under_a_limit_with_its_latency() {
        let mut r = results();
        let pass = |label: &str, rss: f64, p99: f64, limited: bool| Ask {
            label: label.into(),
            p99_ms: p99,
            peak_rss_mb: Some(rss),
            peak_anon_mb: Some(30.0),
            limited,
            ..Ask::default()
        };
        r.sizes.push(Size {
            articles: 1_000_000,
            ask: vec![
                pass("warm", 1900.0, 20.0, false),
                pass("500 MB", 480.0, 22.0, true),
            ],
            ..Size::default()
        });
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains("| serving RSS ≤ 500 MB at 1M | 480 MB under a 500 MB limit, p99 22.00 ms there (without a limit: peak RSS 1900 MB, heap 30 MB) | met |"), "{md}");
        r.sizes[1].ask[1].p99_ms = 40.0;
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains(
            "p99 40.00 ms there (without a limit: peak RSS 1900 MB, heap 30 MB) | **missed** |"
        ));
        r.sizes[1].ask.pop();
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains("| serving RSS ≤ 500 MB at 1M | without a limit: peak RSS 1900 MB, heap 30 MB | **missed** |"));
    }

    #[test]
    fn the_cold_pass_is_shown_beside_the_latency_target_not_judged() {
        let mut r = results();
        r.sizes[0].ask.push(Ask {
            label: "cold".into(),
            p99_ms: 80.0,
            ..Ask::default()
        });
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains(
            "| `ask` p99 ≤ 10 ms at 100k (cold) | 80.00 ms | shown, not judged: first reads from disk |"
        ));
        assert!(md.contains("| `ask` p99 ≤ 10 ms at 100k (warm) | 12.50 ms | **missed** |"));
    }

    #[test]
    fn a_run_without_spacy_says_it_was_skipped() {
        let mut r = results();
        r.spacy = None;
        let md = render(&r, "scripts/bench.sh", "");
        assert!(md.contains("spaCy: skipped"));
        assert!(!md.contains("~/"), "no machine's paths in the report");
        assert!(!md.contains("spaCy per CPU-second |"));
    }

    #[test]
    fn results_round_trip_through_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let r = results();
        let d = dir.path();
        let w = |p: &Path, v: &dyn erased::Json| {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, v.json()).unwrap();
        };
        w(&d.join("machine.json"), &r.machine);
        w(&d.join("extract.json"), r.extract.as_ref().unwrap());
        w(&d.join("spacy.json"), r.spacy.as_ref().unwrap());
        let s = &r.sizes[0];
        w(&d.join("sizes/100000/ingest-2.json"), &s.ingest[0]);
        w(&d.join("sizes/100000/ask-warm.json"), &s.ask[0]);
        assert_eq!(Results::read(d).unwrap(), r);
        // The pass run under a memory limit is known by its file.
        w(&d.join("sizes/100000/ask-limited.json"), &s.ask[0]);
        let read = Results::read(d).unwrap();
        assert!(!read.sizes[0].ask[0].limited && read.sizes[0].ask[1].limited);
        std::fs::write(d.join("extract.json"), "{oops").unwrap();
        let err = Results::read(d).unwrap_err().to_string();
        assert!(err.contains("extract.json"), "{err}");
    }

    mod erased {
        pub trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn sizes_read_as_short_numbers() {
        assert_eq!(thousands(10_000), "10k");
        assert_eq!(thousands(1_000_000), "1M");
        assert_eq!(thousands(1234), "1234");
    }
}
