//! Uploads checked as Discord reads them: a multipart body's `payload_json` is the
//! request's JSON (checked against the schema like any body, in `mod.rs`), and each file is
//! a part named `files[n]` that an `attachments[]` entry with id `n` describes. Discord
//! drops a file no entry names and refuses an entry that names no file; an embed shows an
//! upload through `attachment://NAME`.
//!
//! Stricter than Discord in one way, on purpose: an image must have a description (the
//! text screen readers read), as everything the bot posts should be accessible.

use serde_json::Value;

/// Discord's upload limit per file for a server without boosts (10 MiB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// One file part of a multipart body.
#[derive(Clone, Debug)]
pub struct FilePart {
    /// The form field: `files[0]`.
    pub field: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The content type a file's extension calls for, and the bytes it must start with.
const KNOWN_TYPES: [(&str, &str, &[u8]); 4] = [
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("svg", "image/svg+xml", b"<"),
    ("json", "application/json", b""),
    ("txt", "text/plain", b""),
];

/// Everything Discord would refuse, or silently drop, in the upload of one request.
pub fn violations(route: &str, payload: Option<&Value>, files: &[FilePart]) -> Vec<String> {
    let mut out = Vec::new();
    if files.is_empty() {
        return out;
    }
    let Some(payload) = payload else {
        out.push(format!(
            "{route}: files uploaded without a payload_json part"
        ));
        return out;
    };
    let message = match payload.get("data") {
        Some(data) if payload.get("type").is_some() => data,
        _ => payload,
    };
    let entries: Vec<&Value> = message
        .get("attachments")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for file in files {
        let Some(n) = file
            .field
            .strip_prefix("files[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<u64>().ok())
        else {
            out.push(format!(
                "{route}: a file in part {:?}; Discord reads files[n]",
                file.field
            ));
            continue;
        };
        let Some(entry) = entries.iter().find(|e| id_of(e) == Some(n)) else {
            out.push(format!(
                "{route}: files[{n}] ({}) has no attachments[] entry with id {n}: Discord drops it",
                file.filename
            ));
            continue;
        };
        if let Some(name) = entry.get("filename").and_then(Value::as_str) {
            if name != file.filename {
                out.push(format!(
                    "{route}: files[{n}] is {:?} but its attachments[] entry says {name:?}",
                    file.filename
                ));
            }
        }
        let described = entry
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.trim().is_empty());
        let image = file
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("image/"));
        if image && !described {
            out.push(format!(
                "{route}: the image files[{n}] ({}) has no description for screen readers",
                file.filename
            ));
        }
        out.extend(content_violations(route, n, file));
    }
    for entry in &entries {
        // New uploads are numbered from 0; an existing attachment kept is a snowflake.
        if let Some(id) = id_of(entry).filter(|id| *id < 1_000_000) {
            if !files.iter().any(|f| f.field == format!("files[{id}]")) {
                out.push(format!(
                    "{route}: attachments[] entry {id} names no uploaded file"
                ));
            }
        }
    }
    for embed in message
        .get("embeds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for pointer in ["/image/url", "/thumbnail/url"] {
            let Some(name) = embed
                .pointer(pointer)
                .and_then(Value::as_str)
                .and_then(|u| u.strip_prefix("attachment://"))
            else {
                continue;
            };
            if !files.iter().any(|f| f.filename == name) {
                out.push(format!(
                    "{route}: an embed shows attachment://{name}, which is not uploaded"
                ));
            }
        }
    }
    out
}

/// The content type names what the bytes are, and they fit the limit.
fn content_violations(route: &str, n: u64, file: &FilePart) -> Vec<String> {
    let mut out = Vec::new();
    if file.bytes.len() > MAX_FILE_BYTES {
        out.push(format!(
            "{route}: files[{n}] is {} bytes, over Discord's {MAX_FILE_BYTES}",
            file.bytes.len()
        ));
    }
    let Some(content_type) = file.content_type.as_deref() else {
        out.push(format!("{route}: files[{n}] has no Content-Type"));
        return out;
    };
    let ext = file
        .filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if let Some((_, want, magic)) = KNOWN_TYPES.iter().find(|(e, _, _)| *e == ext) {
        if content_type != *want {
            out.push(format!(
                "{route}: files[{n}] ({}) is sent as {content_type}, not {want}",
                file.filename
            ));
        }
        if !file.bytes.starts_with(magic) {
            out.push(format!(
                "{route}: files[{n}] ({}) does not hold {want}",
                file.filename
            ));
        }
    }
    out
}

/// An entry's id, sent as a number (serenity) or a string (the schema's snowflake).
fn id_of(entry: &Value) -> Option<u64> {
    match entry.get("id")? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn png(field: &str, name: &str) -> FilePart {
        FilePart {
            field: field.to_string(),
            filename: name.to_string(),
            content_type: Some("image/png".to_string()),
            bytes: b"\x89PNG\r\n\x1a\nrest".to_vec(),
        }
    }

    #[test]
    fn a_described_image_named_by_its_entry_and_embed_passes() {
        let payload = json!({
            "embeds": [{"image": {"url": "attachment://timeline.png"}}],
            "attachments": [{"id": 0, "filename": "timeline.png", "description": "A chart"}]
        });
        let v = violations(
            "PATCH /x",
            Some(&payload),
            &[png("files[0]", "timeline.png")],
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn what_discord_refuses_or_drops_is_a_violation() {
        let cases: [(&str, Value, FilePart, &str); 6] = [
            (
                "no entry",
                json!({"attachments": []}),
                png("files[0]", "a.png"),
                "has no attachments[] entry",
            ),
            (
                "no description",
                json!({"attachments": [{"id": 0, "filename": "a.png"}]}),
                png("files[0]", "a.png"),
                "no description",
            ),
            (
                "wrong field",
                json!({"attachments": [{"id": 0, "description": "d"}]}),
                png("file", "a.png"),
                "Discord reads files[n]",
            ),
            (
                "an entry for no file",
                json!({"attachments": [{"id": 0, "description": "d"}, {"id": 1, "description": "d"}]}),
                png("files[0]", "a.png"),
                "entry 1 names no uploaded file",
            ),
            (
                "embed shows another file",
                json!({"embeds": [{"image": {"url": "attachment://b.png"}}], "attachments": [{"id": 0, "description": "d"}]}),
                png("files[0]", "a.png"),
                "attachment://b.png, which is not uploaded",
            ),
            (
                "not a PNG",
                json!({"attachments": [{"id": 0, "description": "d"}]}),
                FilePart {
                    bytes: b"GIF89a".to_vec(),
                    ..png("files[0]", "a.png")
                },
                "does not hold image/png",
            ),
        ];
        for (what, payload, file, want) in cases {
            let v = violations("POST /x", Some(&payload), &[file]);
            assert!(v.iter().any(|v| v.contains(want)), "{what}: {v:?}");
        }
    }

    #[test]
    fn an_interaction_callback_carries_its_attachments_in_data() {
        let payload =
            json!({"type": 4, "data": {"attachments": [{"id": "0", "description": "d"}]}});
        let v = violations("POST /cb", Some(&payload), &[png("files[0]", "a.png")]);
        assert!(v.is_empty(), "{v:?}");
    }
}
