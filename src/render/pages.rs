//! The statement explorer's HTML pages: the minijinja templates in `prompts/web/`, shipped
//! in the binary and overridable from `web/` in the templates directory, like the chat
//! templates. Every value is HTML-escaped on output (auto-escape is on for every page), so
//! article text is shown, never run.
//! Knows nothing of HTTP: `web` builds the data each page shows and serves the result.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::{phrasing, template_error, TemplateError, FUEL};

/// The page templates, by name, with their shipped defaults.
pub const PAGE_TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html.j2",
        include_str!("../../prompts/web/layout.html.j2"),
    ),
    (
        "_statement.html.j2",
        include_str!("../../prompts/web/_statement.html.j2"),
    ),
    (
        "home.html.j2",
        include_str!("../../prompts/web/home.html.j2"),
    ),
    (
        "person.html.j2",
        include_str!("../../prompts/web/person.html.j2"),
    ),
    (
        "statement.html.j2",
        include_str!("../../prompts/web/statement.html.j2"),
    ),
    (
        "error.html.j2",
        include_str!("../../prompts/web/error.html.j2"),
    ),
];

/// The stylesheet's file name, beside the templates.
pub const STYLESHEET: &str = "style.css";
const SHIPPED_STYLESHEET: &str = include_str!("../../prompts/web/style.css");

/// The compiled page templates and the stylesheet.
pub struct PageRenderer {
    env: Environment<'static>,
    stylesheet: String,
}

impl PageRenderer {
    /// The shipped pages, with any file of the same name in `dir/web/` taking their place.
    pub fn new(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_fuel(Some(FUEL));
        env.add_filter("path", |s: String| path_segment(&s));
        env.add_filter("date", |s: Option<String>| {
            s.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                .map(phrasing::date_words)
                .unwrap_or_default()
        });
        let web_dir = dir.map(|d| d.join("web"));
        for (name, shipped) in PAGE_TEMPLATES {
            let (src, path) = read_override(web_dir.as_deref(), name)?
                .unwrap_or_else(|| (shipped.to_string(), Path::new("prompts/web").join(name)));
            env.add_template_owned(name.to_string(), src)
                .map_err(|e| template_error(&path, &e))?;
        }
        let stylesheet = read_override(web_dir.as_deref(), STYLESHEET)?
            .map_or_else(|| SHIPPED_STYLESHEET.to_string(), |(text, _)| text);
        Ok(PageRenderer { env, stylesheet })
    }

    /// The page `name` over `data`.
    pub fn render(&self, name: &str, data: &impl Serialize) -> Result<String, TemplateError> {
        let err = |e: minijinja::Error| template_error(&Path::new("prompts/web").join(name), &e);
        self.env
            .get_template(name)
            .map_err(err)?
            .render(minijinja::Value::from(minijinja::value::Serde(data)))
            .map_err(err)
    }

    pub fn stylesheet(&self) -> &str {
        &self.stylesheet
    }
}

/// The text of `dir/name` and its path, when there is such a file.
fn read_override(
    dir: Option<&Path>,
    name: &str,
) -> Result<Option<(String, PathBuf)>, TemplateError> {
    let Some(candidate) = dir.map(|d| d.join(name)).filter(|p| p.exists()) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&candidate).map_err(|e| TemplateError {
        file: candidate.clone(),
        line: None,
        reason: format!("cannot read: {e}"),
    })?;
    Ok(Some((text, candidate)))
}

/// `s` as one URL path segment: every byte but the unreserved ones percent-encoded, so a
/// name holding `/`, `?`, `#` or `..` stays one segment.
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_becomes_one_path_segment() {
        assert_eq!(path_segment("Mark Rutte"), "Mark%20Rutte");
        assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("Zelenskyy-é"), "Zelenskyy-%C3%A9");
    }

    #[test]
    fn article_text_is_escaped_in_every_page() {
        let r = PageRenderer::new(None).expect("pages");
        let data = serde_json::json!({
            "title": "<script>alert(1)</script>",
            "message": "\"><img src=x onerror=alert(1)>",
            "status": 404,
        });
        let page = r.render("error.html.j2", &data).expect("render");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img src=x"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }

    #[test]
    fn a_page_template_and_the_stylesheet_in_web_replace_the_shipped_ones() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("web")).expect("web dir");
        std::fs::write(
            dir.path().join("web/error.html.j2"),
            "OURS {{ title }} {{ message }}",
        )
        .expect("write");
        std::fs::write(dir.path().join("web/style.css"), "body { color: red; }").expect("css");
        let r = PageRenderer::new(Some(dir.path())).expect("pages");
        let data = serde_json::json!({ "title": "<b>", "message": "m" });
        assert_eq!(
            r.render("error.html.j2", &data).expect("render"),
            "OURS &lt;b&gt; m",
            "escaped in an operator's template too"
        );
        assert_eq!(r.stylesheet(), "body { color: red; }");
        let shipped = PageRenderer::new(None).expect("pages");
        assert!(shipped.stylesheet().contains("prefers-color-scheme"));
    }

    #[test]
    fn a_broken_page_template_names_its_file_and_line() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("web")).expect("web dir");
        std::fs::write(dir.path().join("web/home.html.j2"), "ok\n{% if %}\n").expect("write");
        let err = PageRenderer::new(Some(dir.path())).err().expect("refused");
        assert!(err.file.ends_with("web/home.html.j2"), "{err}");
        assert_eq!(err.line, Some(2), "{err}");
    }
}
