//! The front matter of `.md` and `.txt` articles: a block of `key: value` lines between
//! `---` lines at the very top. Only flat string values are meaningful to us (title,
//! published, source, url, id), so this reads that subset of YAML and says which line is
//! wrong when a line is not of that form.
//! Calls nothing else in the crate.

use std::collections::HashMap;

/// Split off the front matter, if any. Returns the keys (lowercased) and the body.
pub(super) fn split(raw: &str) -> Result<(HashMap<String, String>, &str), String> {
    let mut meta = HashMap::new();
    let Some(rest) = raw
        .strip_prefix("---")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    else {
        return Ok((meta, raw));
    };
    let mut offset = raw.len() - rest.len();
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        offset += line.len();
        if n == 0 {
            continue; // the end of the opening `---` line
        }
        let trimmed = line.trim();
        if trimmed == "---" || trimmed == "..." {
            return Ok((meta, &raw[offset..]));
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(format!(
                "front matter line {}: expected `key: value`, found {trimmed:?}",
                n + 1
            ));
        };
        let value = unquote(value.trim());
        if !value.is_empty() {
            meta.insert(key.trim().to_ascii_lowercase(), value);
        }
    }
    Err("front matter starts with `---` but has no closing `---` line".to_string())
}

fn unquote(v: &str) -> String {
    let stripped = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
    match stripped {
        Some(inner) => inner.replace("\\\"", "\""),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter_is_all_body() {
        let (meta, body) = split("Hello.\n---\nnot front matter").unwrap();
        assert!(meta.is_empty());
        assert_eq!(body, "Hello.\n---\nnot front matter");
    }

    #[test]
    fn keys_values_and_quotes() {
        let (meta, body) =
            split("---\nTitle: 'A: B'\nurl: https://e.org/x?a=1\n# comment\nempty:\n---\nBody")
                .unwrap();
        assert_eq!(meta["title"], "A: B");
        assert_eq!(meta["url"], "https://e.org/x?a=1");
        assert!(!meta.contains_key("empty"));
        assert_eq!(body, "Body");
    }

    #[test]
    fn unclosed_or_malformed_front_matter_says_where() {
        assert!(split("---\ntitle: x\nauthor: y\n")
            .unwrap_err()
            .contains("no closing"));
        assert!(split("---\ntitle x\n---\nBody")
            .unwrap_err()
            .contains("line 2"));
    }
}
