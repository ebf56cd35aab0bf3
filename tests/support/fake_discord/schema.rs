//! Checking what the bot sends as Discord would: each JSON request body against the request
//! schema of its route in Discord's OpenAPI description (`../shared/discord/openapi.json`),
//! plus the message limits the schema does not state (2,000 characters of content, 6,000
//! characters over all embeds of a message).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};

use crate::support::local;

/// Discord's limits for one message.
pub const MAX_CONTENT: usize = 2000;
pub const MAX_EMBEDS: usize = 10;
pub const MAX_EMBED_TITLE: usize = 256;
pub const MAX_EMBED_DESCRIPTION: usize = 4096;
pub const MAX_FIELDS: usize = 25;
pub const MAX_FIELD_NAME: usize = 256;
pub const MAX_FIELD_VALUE: usize = 1024;
pub const MAX_FOOTER: usize = 2048;
pub const MAX_AUTHOR: usize = 256;
pub const MAX_EMBEDS_TOTAL: usize = 6000;

/// A method (lower case) and an OpenAPI route template.
type RouteKey = (String, String);

/// The request schemas of Discord's API, compiled per route on first use.
pub struct Schemas {
    /// `paths` and `components` of the OpenAPI document.
    paths: Value,
    components: Value,
    /// Route templates split into segments, e.g. `["channels", "{channel_id}", "messages"]`.
    templates: Vec<(String, Vec<String>)>,
    compiled: Mutex<HashMap<RouteKey, Option<Arc<jsonschema::Validator>>>>,
}

/// Where the OpenAPI description lives: in `../shared` beside the repository, or in the
/// directory `WHOSAID_SHARED_DIR` names (for worktrees that do not sit beside `shared/`).
pub fn openapi_path() -> PathBuf {
    local::shared_dir().join("discord/openapi.json")
}

/// The schemas, loaded once per test binary and shared by every fake.
pub fn shared() -> Option<Arc<Schemas>> {
    static SCHEMAS: OnceLock<Option<Arc<Schemas>>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| Schemas::load().map(Arc::new))
        .clone()
}

/// True for a permission bit set sent as a decimal string where the OpenAPI request schema
/// says integer: Discord documents `default_member_permissions` as a string (`?string`, "a
/// set of permissions represented as a bit set"), serenity sends it so, and the OpenAPI
/// file itself types it as a string in responses.
fn documented_string_bitset(body: &Value, pointer: &str) -> bool {
    pointer.ends_with("/default_member_permissions")
        && body
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|s| {
                !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
            })
}

/// The body with the ids of new uploads (`attachments[].id`) as strings: serenity sends
/// the upload's index as a JSON integer, which Discord reads as the snowflake it names
/// (the OpenAPI file types every snowflake as a string).
fn uploads_as_strings(body: &Value) -> Value {
    let mut body = body.clone();
    let attachments = match body.get_mut("data") {
        Some(data) if data.get("attachments").is_some() => data.get_mut("attachments"),
        _ => body.get_mut("attachments"),
    };
    if let Some(Value::Array(items)) = attachments {
        for item in items {
            if let Some(id) = item.get("id").and_then(Value::as_u64) {
                item["id"] = Value::String(id.to_string());
            }
        }
    }
    body
}

impl Schemas {
    /// Load the OpenAPI description; `None` (with a message on stderr) when `../shared` is
    /// absent, so the tests still run outside the shared workspace.
    pub fn load() -> Option<Schemas> {
        let path = openapi_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                // Straight to stderr, past the test harness's capture, so it is always seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "fake discord: {} not readable ({e}); request bodies are NOT checked against Discord's schema (set WHOSAID_SHARED_DIR)",
                    path.display()
                );
                return None;
            }
        };
        let doc: Value = match serde_json::from_str(&text) {
            Ok(doc) => doc,
            Err(e) => panic!("{} is not valid JSON: {e}", path.display()),
        };
        let paths = doc.get("paths").cloned().unwrap_or(json!({}));
        let components = doc.get("components").cloned().unwrap_or(json!({}));
        let templates = paths
            .as_object()
            .map(|m| {
                m.keys()
                    .map(|k| (k.clone(), segments(k)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Some(Schemas {
            paths,
            components,
            templates,
            compiled: Mutex::new(HashMap::new()),
        })
    }

    /// The OpenAPI route template a request path (after `/api/v10`) belongs to: the one
    /// matching segment by segment with the most literal segments.
    pub fn route_of(&self, path: &str) -> Option<String> {
        let parts = segments(path);
        self.templates
            .iter()
            .filter(|(_, t)| {
                t.len() == parts.len()
                    && t.iter()
                        .zip(&parts)
                        .all(|(t, p)| t.starts_with('{') || t == p)
            })
            .max_by_key(|(_, t)| t.iter().filter(|s| !s.starts_with('{')).count())
            .map(|(k, _)| k.clone())
    }

    /// Check a JSON body sent with `method` to `path` (the part after `/api/v10`). Returns
    /// the violations, empty when the body is valid or the route takes no JSON body.
    pub fn check(&self, method: &str, path: &str, body: &Value) -> Vec<String> {
        let Some(route) = self.route_of(path) else {
            return vec![format!("{method} {path}: no such route in Discord's API")];
        };
        let method = method.to_ascii_lowercase();
        let validator = {
            let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
            compiled
                .entry((method.clone(), route.clone()))
                .or_insert_with(|| self.compile(&method, &route).map(Arc::new))
                .clone()
        };
        let Some(validator) = validator else {
            return vec![format!(
                "{method} {route}: Discord's API takes no JSON body here"
            )];
        };
        let body = &uploads_as_strings(body);
        validator
            .iter_errors(body)
            .filter(|e| !documented_string_bitset(body, &e.instance_path().to_string()))
            .take(5)
            .map(|e| format!("{method} {route}: {e} at {}", e.instance_path()))
            .collect()
    }

    fn compile(&self, method: &str, route: &str) -> Option<jsonschema::Validator> {
        let schema = self
            .paths
            .get(route)?
            .get(method)?
            .get("requestBody")?
            .get("content")?
            .get("application/json")?
            .get("schema")?;
        // The route's schema refers to `#/components/...`: give it a root that has them.
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "allOf": [schema],
            "components": self.components,
        });
        match jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
        {
            Ok(v) => Some(v),
            Err(e) => panic!("the schema of {method} {route} does not compile: {e}"),
        }
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn chars(v: Option<&Value>) -> usize {
    v.and_then(Value::as_str).map_or(0, |s| s.chars().count())
}

/// Discord's limits on one message body (a message create or edit, a followup, or the
/// `data` of an interaction response), including those the schema does not carry.
pub fn message_limit_violations(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let content = chars(body.get("content"));
    if content > MAX_CONTENT {
        out.push(format!(
            "content has {content} characters (max {MAX_CONTENT})"
        ));
    }
    let embeds = body
        .get("embeds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if embeds.len() > MAX_EMBEDS {
        out.push(format!("{} embeds (max {MAX_EMBEDS})", embeds.len()));
    }
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let title = chars(e.get("title"));
        let description = chars(e.get("description"));
        let footer = chars(e.get("footer").and_then(|f| f.get("text")));
        let author = chars(e.get("author").and_then(|a| a.get("name")));
        total += title + description + footer + author;
        let mut check = |what: &str, n: usize, max: usize| {
            if n > max {
                out.push(format!("embed {i}: {what} has {n} characters (max {max})"));
            }
        };
        check("title", title, MAX_EMBED_TITLE);
        check("description", description, MAX_EMBED_DESCRIPTION);
        check("footer", footer, MAX_FOOTER);
        check("author", author, MAX_AUTHOR);
        let fields = e
            .get("fields")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if fields.len() > MAX_FIELDS {
            out.push(format!(
                "embed {i}: {} fields (max {MAX_FIELDS})",
                fields.len()
            ));
        }
        for (j, f) in fields.iter().enumerate() {
            let name = chars(f.get("name"));
            let value = chars(f.get("value"));
            total += name + value;
            if name > MAX_FIELD_NAME {
                out.push(format!("embed {i} field {j}: name has {name} characters"));
            }
            if value > MAX_FIELD_VALUE {
                out.push(format!("embed {i} field {j}: value has {value} characters"));
            }
        }
    }
    if total > MAX_EMBEDS_TOTAL {
        out.push(format!(
            "embeds total {total} characters (max {MAX_EMBEDS_TOTAL})"
        ));
    }
    out
}
