//! The timeline picture from the command line: `whosaid chart` on a fresh data directory
//! holding a few dated articles quoting one person.

use std::path::Path;

use crate::support::cli::{self, stderr, stdout};

/// Articles quoting Mark Rutte on four days, as JSON Lines for `whosaid ingest`.
const RUTTE: [(&str, &str, &str); 5] = [
    (
        "2025-03-04",
        "Rutte on spending",
        "NATO Secretary General Mark Rutte said the allies must raise defence spending quickly.",
    ),
    (
        "2025-04-10",
        "Rutte on Ukraine",
        "Mark Rutte said Ukraine needed more air defence before the winter.",
    ),
    (
        "2025-06-25",
        "The Hague summit",
        "Mark Rutte said the summit in The Hague agreed on defence spending of five percent.",
    ),
    (
        "2025-09-12",
        "Rutte on drones",
        "Mark Rutte said the drones over Poland were a reckless attack on Ukraine's neighbour.",
    ),
    (
        "2025-09-30",
        "Rutte in Kyiv",
        "Mark Rutte said the alliance would keep supporting Ukraine with air defence.",
    ),
];

/// A data directory with the Rutte articles ingested.
fn with_rutte(data: &Path, scratch: &Path) {
    let jsonl = scratch.join("rutte.jsonl");
    let lines: Vec<String> = RUTTE
        .iter()
        .enumerate()
        .map(|(i, (published, title, text))| {
            serde_json::json!({"id": format!("rutte-{i}"), "title": title, "published": published, "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).expect("write articles");
    let o = cli::run(data, &["ingest", jsonl.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The PNG's width and height, after checking its signature and that it decodes.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(
        bytes.get(..8),
        Some(&b"\x89PNG\r\n\x1a\n"[..]),
        "PNG signature"
    );
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).expect("the PNG decodes");
    (pixmap.width(), pixmap.height())
}

#[test]
fn chart_draws_a_persons_statements_as_png_and_svg() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());

    let png = scratch.path().join("rutte.png");
    let o = cli::run(
        data.path(),
        &["chart", "Mark Rutte", "--out", png.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains(
            "Timeline of statements by Mark Rutte, 4 March 2025 – 30 September 2025: 5 statements"
        ),
        "{said}"
    );
    let bytes = std::fs::read(&png).expect("the PNG was written");
    assert_eq!(png_size(&bytes), (800, 400));

    let svg = scratch.path().join("rutte.svg");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Rutte",
            "--out",
            svg.to_str().expect("utf-8"),
            "--since",
            "2025-06-01",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let drawing = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(drawing.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        drawing.contains("Mark Rutte · 25 June 2025 – 30 September 2025"),
        "the title has the name and the span since --since: {drawing}"
    );
    assert!(drawing.contains("3 statements"), "{drawing}");
}

#[test]
fn chart_of_someone_unknown_names_who_was_looked_for() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());
    let out = scratch.path().join("x.png");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Jens Nobody",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no one called \"Jens Nobody\" in the index"),
        "{err}"
    );
    assert!(!out.exists(), "no picture for no one");
}

#[test]
fn chart_with_nothing_in_range_says_so_and_writes_nothing() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());
    let out = scratch.path().join("x.svg");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Mark Rutte",
            "--out",
            out.to_str().expect("utf-8"),
            "--until",
            "2024-12-31",
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no dated statements by Mark Rutte to draw until 31 December 2024"),
        "{err}"
    );
    assert!(!out.exists(), "no empty picture");
}

#[test]
fn chart_refuses_an_output_it_cannot_write() {
    let data = tempfile::tempdir().expect("temp dir");
    let o = cli::run(data.path(), &["chart", "Mark Rutte", "--out", "rutte.jpg"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("must end in .png"), "{}", stderr(&o));
}
