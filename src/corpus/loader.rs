//! Turning files (and JSON Lines streams such as standard input) into documents, one at a
//! time, so a corpus of any size streams through in bounded memory. A bad file or line
//! becomes a [`LoadError`] naming the path and line; the loader then carries on with the rest.
//! Calls nothing outside `corpus`.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{frontmatter, parse_published, DocId, Document, MAX_ARTICLE_BYTES};

/// The longest JSON Lines line we read; an article's text is capped below this anyway.
pub const MAX_LINE_BYTES: usize = MAX_ARTICLE_BYTES + 64 * 1024;

/// What the caller decides for files that do not say.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The publication date of files that carry none.
    pub published: Option<NaiveDate>,
}

/// A file or line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// The kinds of file we read, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    JsonLines,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "md" | "markdown" => Some(Format::Text),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        _ => None,
    }
}

/// Stream the documents in `paths` (files or directories, searched recursively in name
/// order). Items come in a stable order; errors are items too, so one bad line never stops
/// the rest.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Loader {
    let mut files = Vec::new();
    let mut pending = Vec::new();
    for path in paths {
        collect(path, true, &mut files, &mut pending);
    }
    let bytes_total = files
        .iter()
        .filter_map(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    pending.reverse();
    files.reverse();
    Loader {
        files,
        pending,
        current: None,
        opts: opts.clone(),
        bytes_total,
        bytes_done: 0,
    }
}

fn collect(
    path: &Path,
    explicit: bool,
    files: &mut Vec<(PathBuf, Format)>,
    errors: &mut Vec<LoadError>,
) {
    let error = |message: String| LoadError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return errors.push(error(format!("cannot read: {e}"))),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return errors.push(error(format!("cannot list the directory: {e}"))),
        };
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if !hidden {
                collect(&entry, false, files, errors);
            }
        }
        return;
    }
    match format_of(path) {
        Some(format) => files.push((path.to_path_buf(), format)),
        None if explicit => errors.push(error(
            "not an article file: expected .txt, .md or .jsonl".to_string(),
        )),
        None => {}
    }
}

/// An iterator over the documents of a set of files, with progress in bytes.
pub struct Loader {
    /// Files still to open, last first.
    files: Vec<(PathBuf, Format)>,
    /// Errors found while listing, reported first.
    pending: Vec<LoadError>,
    current: Option<JsonLines<BufReader<File>>>,
    opts: LoadOptions,
    bytes_total: u64,
    bytes_done: u64,
}

/// The documents of one JSON Lines stream (a `.jsonl` file, or standard input), one per
/// line; blank lines are skipped. A bad line is an error naming `path` and the line, and
/// the next line is read as usual; a read error ends the stream.
pub struct JsonLines<R> {
    path: PathBuf,
    reader: Option<R>,
    line: usize,
    bytes: u64,
    buf: Vec<u8>,
    opts: LoadOptions,
}

impl<R: BufRead> JsonLines<R> {
    /// Read `reader`, calling it `path` in errors (`<stdin>` for standard input, say).
    pub fn new(path: impl Into<PathBuf>, reader: R, opts: &LoadOptions) -> Self {
        JsonLines {
            path: path.into(),
            reader: Some(reader),
            line: 0,
            bytes: 0,
            buf: Vec::new(),
            opts: opts.clone(),
        }
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let reader = self.reader.as_mut()?;
            self.line += 1;
            let error = |message: String| LoadError {
                path: self.path.clone(),
                line: Some(self.line),
                message,
            };
            let text = match read_line(reader, &mut self.buf) {
                Ok(None) => {
                    self.reader = None;
                    return None;
                }
                Ok(Some(read)) => {
                    self.bytes += read.bytes as u64;
                    read.text(&self.buf)
                }
                Err(e) => {
                    let err = error(format!("cannot read: {e}"));
                    self.reader = None;
                    return Some(Err(err));
                }
            };
            match text {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => return Some(parse_jsonl_line(t, &self.opts).map_err(error)),
                Err(message) => return Some(Err(error(message))),
            }
        }
    }
}

impl Loader {
    /// Bytes of all listed files, for a progress bar.
    pub fn bytes_total(&self) -> u64 {
        self.bytes_total
    }

    /// Bytes read so far.
    pub fn bytes_done(&self) -> u64 {
        self.bytes_done
    }
}

impl Iterator for Loader {
    type Item = Result<Document, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.pending.pop() {
            return Some(Err(err));
        }
        loop {
            if let Some(jl) = self.current.as_mut() {
                let before = jl.bytes_read();
                let item = jl.next();
                self.bytes_done += jl.bytes_read() - before;
                match item {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
                continue;
            }
            let (path, format) = self.files.pop()?;
            let error = |message: String| LoadError {
                path: path.clone(),
                line: None,
                message,
            };
            match format {
                Format::JsonLines => match File::open(&path) {
                    Ok(f) => {
                        self.current = Some(JsonLines::new(path, BufReader::new(f), &self.opts))
                    }
                    Err(e) => return Some(Err(error(format!("cannot open: {e}")))),
                },
                Format::Text => {
                    let item = read_text_file(&path, &self.opts);
                    self.bytes_done += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                    return Some(item.map_err(error));
                }
            }
        }
    }
}

fn read_text_file(path: &Path, opts: &LoadOptions) -> Result<Document, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if len > MAX_ARTICLE_BYTES as u64 {
        return Err(format!(
            "the file is {len} bytes; articles over {MAX_ARTICLE_BYTES} bytes are refused: split it into several files"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes()))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    parse_text_article(stem, &text, opts)
}

/// One line as [`read_line`] read it.
pub struct LineRead {
    /// Bytes consumed, the line end and any skipped rest of an over-long line included.
    pub bytes: usize,
    too_long: bool,
}

impl LineRead {
    /// The line's text, or why it is not an article line (too long, not UTF-8).
    pub fn text<'a>(&self, buf: &'a [u8]) -> Result<&'a str, String> {
        if self.too_long {
            return Err(format!(
                "line is longer than {MAX_LINE_BYTES} bytes: put one article per line, each under {MAX_ARTICLE_BYTES} bytes of text"
            ));
        }
        std::str::from_utf8(buf).map_err(|_| not_utf8(buf))
    }
}

/// Read one line of a JSON Lines file into `buf` (cleared first), holding at most
/// [`MAX_LINE_BYTES`] in memory: the rest of a longer line is skipped. `None` at the end.
pub fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<LineRead>> {
    buf.clear();
    let mut bytes = reader
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)?;
    if bytes == 0 {
        return Ok(None);
    }
    let too_long = buf.len() > MAX_LINE_BYTES && !buf.ends_with(b"\n");
    if too_long {
        bytes += skip_line(reader)?;
        buf.clear();
    }
    Ok(Some(LineRead { bytes, too_long }))
}

/// Skip to just past the next line end, in bounded memory; the bytes skipped.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (chunk.len(), false),
        };
        reader.consume(used);
        skipped += used;
        if done {
            return Ok(skipped);
        }
    }
}

fn not_utf8(bytes: &[u8]) -> String {
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    format!("not valid UTF-8 (at byte {at}): save it as UTF-8")
}

/// A `.txt` or `.md` article: optional front matter, then the text. Without an `id` in the
/// front matter, the id comes from the file name and its text.
pub fn parse_text_article(stem: &str, raw: &str, opts: &LoadOptions) -> Result<Document, String> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let (meta, body) = frontmatter::split(raw)?;
    let text = body.trim().to_string();
    if text.is_empty() {
        return Err("the article has no text".to_string());
    }
    let published = match meta.get("published").or_else(|| meta.get("date")) {
        Some(raw) => Some(parse_published(raw).map_err(|e| format!("front matter: {e}"))?),
        None => opts.published,
    };
    let source = meta.get("source").cloned();
    let url = meta.get("url").cloned();
    let id = match meta.get("id") {
        Some(raw) => DocId::parse(raw).ok_or("front matter: empty id")?,
        None if url.is_some() => DocId::derive(source.as_deref(), url.as_deref(), &text),
        None => DocId(format!(
            "{}-{}",
            slug(stem),
            &DocId::derive(None, None, &text).0[5..13]
        )),
    };
    Ok(Document {
        id,
        source,
        title: meta.get("title").cloned(),
        url,
        published,
        text,
    })
}

#[derive(Deserialize)]
struct RawArticle {
    id: Option<serde_json::Value>,
    source: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

/// One JSON Lines article: `{"id","source","published","title","url","text"}`; other keys
/// are ignored, `published` and `url` may be null.
pub fn parse_jsonl_line(line: &str, opts: &LoadOptions) -> Result<Document, String> {
    let raw: RawArticle =
        serde_json::from_str(line).map_err(|e| format!("not a JSON article object: {e}"))?;
    let text = raw.text.ok_or("missing \"text\"")?;
    if text.trim().is_empty() {
        return Err("\"text\" is empty".to_string());
    }
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "\"text\" is {} bytes; articles over {MAX_ARTICLE_BYTES} bytes are refused: split it into several lines",
            text.len()
        ));
    }
    let published = match raw.published.as_deref() {
        Some(p) if !p.trim().is_empty() => {
            Some(parse_published(p).map_err(|e| format!("\"published\": {e}"))?)
        }
        _ => opts.published,
    };
    let source = raw.source.or(raw.publisher);
    let url = raw.url.filter(|u| !u.trim().is_empty());
    let id = match raw.id {
        Some(serde_json::Value::String(s)) => DocId::parse(&s).ok_or("\"id\" is empty")?,
        Some(serde_json::Value::Number(n)) => DocId(n.to_string()),
        Some(serde_json::Value::Null) | None => {
            DocId::derive(source.as_deref(), url.as_deref(), &text)
        }
        Some(other) => return Err(format!("\"id\" must be a string, not {other}")),
    };
    Ok(Document {
        id,
        source,
        title: raw.title.filter(|t| !t.trim().is_empty()),
        url,
        published,
        text,
    })
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "article".to_string()
    } else {
        out.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::File::create(&p)
            .unwrap()
            .write_all(content)
            .unwrap();
        p
    }

    #[test]
    fn reads_front_matter_and_falls_back_to_the_given_date() {
        let opts = LoadOptions {
            published: NaiveDate::from_ymd_opt(2025, 1, 1),
        };
        let doc = parse_text_article(
            "a",
            "---\ntitle: \"Talks\"\npublished: 2025-10-22\nurl: https://x.org/a\n---\nBody text.",
            &opts,
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Talks"));
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2025, 10, 22));
        assert_eq!(doc.text, "Body text.");
        let plain = parse_text_article("b", "Just text.", &opts).unwrap();
        assert_eq!(plain.published, opts.published);
        assert!(plain.id.as_str().starts_with("b-"));
    }

    #[test]
    fn bad_lines_are_reported_with_path_and_line_and_the_rest_goes_in() {
        let dir = tempfile::tempdir().unwrap();
        let good = r#"{"id":"a","text":"One."}"#;
        let content = format!(
            "{good}\nnot json\n\n{{\"id\":\"b\"}}\n{{\"id\":\"c\",\"text\":\"Two.\",\"published\":\"soon\"}}\n{{\"id\":\"d\",\"text\":\"Three.\",\"published\":null}}\n"
        );
        let path = write(dir.path(), "x.jsonl", content.as_bytes());
        let items: Vec<_> = load_paths(&[path], &LoadOptions::default()).collect();
        let ok: Vec<_> = items
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ok, ["a", "d"]);
        let errs: Vec<String> = items
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errs.len(), 3);
        assert!(
            errs[0].ends_with(
                "x.jsonl:2: not a JSON article object: expected ident at line 1 column 2"
            ),
            "{}",
            errs[0]
        );
        assert!(errs[1].contains(":4: missing \"text\""), "{}", errs[1]);
        assert!(errs[2].contains(":5: \"published\""), "{}", errs[2]);
    }

    #[test]
    fn a_json_lines_stream_is_read_from_any_reader_under_its_name() {
        let input =
            "{\"id\":\"a\",\"text\":\"One.\"}\n\nnot json\n{\"id\":\"b\",\"text\":\"Two.\"}";
        let mut lines = JsonLines::new("<stdin>", input.as_bytes(), &LoadOptions::default());
        let items: Vec<_> = lines.by_ref().collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().id.as_str(), "a");
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("<stdin>:3: not a JSON article object"),
            "{err}"
        );
        assert_eq!(items[2].as_ref().unwrap().id.as_str(), "b");
        assert_eq!(lines.bytes_read(), input.len() as u64);
        assert!(lines.next().is_none());
    }

    #[test]
    fn directories_are_read_recursively_and_invalid_utf8_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write(dir.path(), "a.txt", b"First article.");
        write(
            &dir.path().join("sub"),
            "b.md",
            b"---\nid: bee\n---\nSecond.",
        );
        write(dir.path(), "c.txt", b"bad \xff byte");
        write(dir.path(), "notes.csv", b"ignored");
        let items: Vec<_> =
            load_paths(&[dir.path().to_path_buf()], &LoadOptions::default()).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].as_ref().unwrap().id.as_str().starts_with("a-"));
        let err = items[1].as_ref().unwrap_err();
        assert!(err.to_string().contains("c.txt: not valid UTF-8"), "{err}");
        assert_eq!(items[2].as_ref().unwrap().id.as_str(), "bee");
    }

    #[test]
    fn a_missing_path_or_an_unknown_extension_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let csv = write(dir.path(), "x.csv", b"a,b");
        let items: Vec<_> =
            load_paths(&[dir.path().join("nope.txt"), csv], &LoadOptions::default()).collect();
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|r| r.is_err()));
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .message
            .contains("expected .txt, .md or .jsonl"));
    }
}
