//! Moderation without Discord: who is a moderator, each server's view of the moderation
//! state (hidden documents, blocked members, channel switches, its own templates, its
//! cooldown) kept in memory and refreshed on every change, the audit log, template checks,
//! and export/import of a server's configuration.
//!
//! The bot's `/mod` commands translate Discord into calls here; the answer path asks
//! [`Moderation::view`] for the server's hidden set and renderer. Calls `store`, `render`,
//! `engine`, `feeds` (feed addresses) and `corpus` (shortening reasons).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::engine::Engine;
use crate::feeds::{AllowHosts, FeedUrl};
use crate::render::{Renderer, TEMPLATES};
use crate::store::moderation::{GuildConfig, GuildTemplate};
use crate::store::{self, Case, GuildSettings, NewCase, Store, StoreError};

/// The longest template a server may set, in bytes (rendering is bounded by fuel too).
pub const MAX_TEMPLATE_BYTES: usize = 8_000;
/// The largest configuration file `import` reads.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024;
/// The longest reason kept with a block or a case.
pub const MAX_REASON_CHARS: usize = 300;
/// What an export file says it is, and its format version.
pub const EXPORT_FORMAT: &str = "whosaid-server-config";
pub const EXPORT_VERSION: u32 = 1;

/// Who runs a command, from the interaction's own data (not the cache).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: u64,
    pub roles: Vec<u64>,
    /// Manage Server (or Administrator) in the interaction's `member.permissions`.
    pub manage_guild: bool,
}

/// What a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Manage Server itself (`/mod roles`).
    ManageGuild,
    /// Manage Server, or a moderator role of the server.
    Moderator,
}

/// A server's moderation state as the answer path needs it.
#[derive(Default)]
pub struct GuildView {
    /// The server's latest case when this was read (see [`Store::latest_case_no`]).
    pub case_no: i64,
    /// The documents the operator hid everywhere when this was read (sorted), to tell when
    /// `whosaid docs hide` changed them.
    pub operator_hidden: Vec<String>,
    /// Documents never cited here: the server's own hidden ones and the operator's.
    pub hidden: Arc<HashSet<String>>,
    /// What the server's feedback does to its answers: statements left out (a moderator's
    /// 👎) and demoted (members'), by key.
    pub feedback: Arc<crate::qa::LeaveOut>,
    pub blocked: HashSet<u64>,
    pub roles: HashSet<u64>,
    pub channels: HashMap<u64, bool>,
    pub settings: GuildSettings,
    /// The server's own templates over the shipped ones; `None` when it has none.
    pub renderer: Option<Arc<Renderer>>,
}

impl GuildView {
    /// Whether the bot answers mentions and may post in `channel`.
    pub fn channel_enabled(&self, channel: u64) -> bool {
        self.channels
            .get(&channel)
            .copied()
            .unwrap_or(self.settings.channels_default)
    }

    pub fn is_blocked(&self, user: u64) -> bool {
        self.blocked.contains(&user)
    }
}

/// A template a server may have its own version of: an answer or update-post template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateName(String);

impl TemplateName {
    /// `who_said` or `who_said.j2`; the macros file is not a server's to change.
    pub fn parse(raw: &str) -> Result<TemplateName, String> {
        let raw = raw.trim();
        let name = if raw.ends_with(".j2") {
            raw.to_string()
        } else {
            format!("{raw}.j2")
        };
        if name.starts_with('_') || !TEMPLATES.iter().any(|(n, _)| *n == name) {
            return Err(format!(
                "there is no template {raw:?}; the templates are: {}",
                Self::all().join(", ")
            ));
        }
        Ok(TemplateName(name))
    }

    /// Every template a server may set, without the `.j2`.
    pub fn all() -> Vec<&'static str> {
        TEMPLATES
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !n.starts_with('_'))
            .map(|n| n.trim_end_matches(".j2"))
            .collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a moderation call failed; the text is for the moderator.
#[derive(Debug, thiserror::Error)]
pub enum ModError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The moderation state of every server, over the state database.
pub struct Moderation {
    store: Arc<Store>,
    engine: Arc<Engine>,
    allow: AllowHosts,
    feed_interval_secs: i64,
    views: RwLock<HashMap<u64, Arc<GuildView>>>,
    cooldowns: Mutex<HashMap<(u64, u64), Instant>>,
}

impl Moderation {
    pub fn new(
        store: Arc<Store>,
        engine: Arc<Engine>,
        allow: AllowHosts,
        feed_interval_secs: i64,
    ) -> Moderation {
        Moderation {
            store,
            engine,
            allow,
            feed_interval_secs,
            views: RwLock::new(HashMap::new()),
            cooldowns: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    pub fn allow_hosts(&self) -> &AllowHosts {
        &self.allow
    }

    pub fn feed_interval_secs(&self) -> i64 {
        self.feed_interval_secs
    }

    /// A server's view, from memory, loaded on first use and read again when the server
    /// has a newer case than the view: a change made on another node (which shares the
    /// PostgreSQL store) takes effect here at the next question, before its reply is even
    /// shown there (the case is recorded before the reply). One indexed read a question;
    /// if the store cannot answer it, the view in memory serves (nothing can have changed
    /// without the store).
    pub fn view(&self, guild_id: u64) -> Result<Arc<GuildView>, ModError> {
        let cached = self
            .views
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&guild_id)
            .cloned();
        let Some(cached) = cached else {
            return self.refresh(guild_id);
        };
        let current = self
            .store
            .latest_case_no(guild_id)
            .and_then(|case| Ok((case, self.store.operator_hidden_ids()?)));
        match current {
            Ok((latest, ops)) if latest == cached.case_no && ops == cached.operator_hidden => {
                Ok(cached)
            }
            Ok(_) => self.refresh(guild_id),
            Err(e) => {
                tracing::warn!(guild = guild_id, error = %e, "cannot check for moderation changes; using the view in memory");
                Ok(cached)
            }
        }
    }

    /// Reload a server's view from the database (after every change).
    pub fn refresh(&self, guild_id: u64) -> Result<Arc<GuildView>, ModError> {
        let s = &self.store;
        // Read first: a change landing while the tables are read leaves the view older
        // than the store, and the next question reads it again.
        let case_no = s.latest_case_no(guild_id)?;
        let operator_hidden = s.operator_hidden_ids()?;
        let templates = s.guild_templates(guild_id)?;
        let renderer = if templates.is_empty() {
            None
        } else {
            let overrides: Vec<(String, String)> =
                templates.into_iter().map(|t| (t.name, t.source)).collect();
            match self.engine.renderer().with_overrides(&overrides) {
                Ok(r) => Some(Arc::new(r)),
                Err(e) => {
                    // Checked when set; a template broken by a later upgrade falls back.
                    tracing::warn!(guild = guild_id, error = %e, "a server template no longer renders; using the shipped ones");
                    None
                }
            }
        };
        let view = Arc::new(GuildView {
            case_no,
            hidden: Arc::new(
                s.hidden_docs(guild_id)?
                    .into_iter()
                    .map(|d| d.doc_id)
                    .chain(operator_hidden.iter().cloned())
                    .collect(),
            ),
            operator_hidden,
            feedback: {
                let effects = s.feedback_effects(guild_id)?;
                Arc::new(crate::qa::LeaveOut {
                    statements: effects.removed.into_iter().collect(),
                    speakers: Vec::new(),
                    demoted: effects.demoted.into_iter().collect(),
                })
            },
            blocked: s.blocks(guild_id)?.into_iter().map(|b| b.user_id).collect(),
            roles: s.mod_roles(guild_id)?.into_iter().collect(),
            channels: s
                .channel_settings(guild_id)?
                .into_iter()
                .map(|c| (c.channel_id, c.enabled))
                .collect(),
            settings: s.guild_settings(guild_id)?,
            renderer,
        });
        self.views
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(guild_id, view.clone());
        Ok(view)
    }

    /// Whether `actor` may run a command that `needs` this in the server.
    pub fn allowed(&self, guild_id: u64, actor: &Actor, needs: Needs) -> Result<bool, ModError> {
        if actor.manage_guild {
            return Ok(true);
        }
        if needs == Needs::ManageGuild {
            return Ok(false);
        }
        let view = self.view(guild_id)?;
        Ok(actor.roles.iter().any(|r| view.roles.contains(r)))
    }

    /// Record a case in the audit log.
    pub fn record(&self, case: &NewCase<'_>) -> Result<Case, ModError> {
        Ok(self.store.record_case(case, store::now())?)
    }

    /// The server's own cooldown on questions: `None` when it has none (the operator's
    /// applies), else `Ok` (and the member's cooldown starts) or how long to wait.
    pub fn cooldown(
        &self,
        view: &GuildView,
        guild_id: u64,
        user_id: u64,
    ) -> Option<Result<(), Duration>> {
        let secs = view.settings.ask_cooldown_secs?;
        let period = Duration::from_secs(secs);
        let now = Instant::now();
        let mut map = self.cooldowns.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, t| now.duration_since(*t) < Duration::from_secs(86_400));
        }
        match map.get(&(guild_id, user_id)) {
            Some(last) if now.duration_since(*last) < period => {
                Some(Err(period - now.duration_since(*last)))
            }
            _ => {
                map.insert((guild_id, user_id), now);
                Some(Ok(()))
            }
        }
    }

    /// Check a server's version of a template: within the size limit, and rendering every
    /// sample answer with the server's other templates. The error names the line.
    pub fn check_template(
        &self,
        guild_id: u64,
        name: &TemplateName,
        text: &str,
    ) -> Result<(), ModError> {
        let mut overrides: Vec<(String, String)> = self
            .store
            .guild_templates(guild_id)?
            .into_iter()
            .filter(|t| t.name != name.as_str())
            .map(|t| (t.name, t.source))
            .collect();
        overrides.push((name.as_str().to_string(), text.to_string()));
        check_overrides(self.engine.renderer(), &overrides)
    }

    /// The text of a template as the server uses it.
    pub fn template_text(&self, guild_id: u64, name: &TemplateName) -> Result<String, ModError> {
        let own = self
            .store
            .guild_templates(guild_id)?
            .into_iter()
            .find(|t| t.name == name.as_str());
        Ok(match own {
            Some(t) => t.source,
            None => self
                .engine
                .renderer()
                .source(name.as_str())
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// Set a server's template after checking it.
    pub fn set_template(
        &self,
        guild_id: u64,
        name: &TemplateName,
        text: &str,
        by: u64,
    ) -> Result<(), ModError> {
        self.check_template(guild_id, name, text)?;
        self.store.set_guild_template(
            guild_id,
            &GuildTemplate {
                name: name.as_str().to_string(),
                source: text.to_string(),
            },
            by,
            store::now(),
        )?;
        self.refresh(guild_id)?;
        Ok(())
    }

    /// A server's configuration as the JSON of an export file, with its members' votes on
    /// cited statements beside it (`feedback`: what the members said, not configuration, so
    /// an import leaves the importing server's own votes alone).
    pub fn export(&self, guild_id: u64) -> Result<String, ModError> {
        let config = self.store.guild_config(guild_id)?;
        let feedback = self.store.votes(guild_id)?;
        let file = serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "guild_id": guild_id.to_string(),
            "config": config,
            "feedback": feedback,
        });
        serde_json::to_string_pretty(&file).map_err(|e| ModError::Invalid(e.to_string()))
    }

    /// Read and check an export file; nothing is changed.
    pub fn parse_import(&self, bytes: &[u8]) -> Result<GuildConfig, ModError> {
        let bad = |m: String| ModError::Invalid(format!("not a whosaid configuration: {m}"));
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(bad(format!(
                "the file is larger than {} KB",
                MAX_IMPORT_BYTES / 1024
            )));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if value.get("format").and_then(|v| v.as_str()) != Some(EXPORT_FORMAT) {
            return Err(bad(format!("\"format\" is not {EXPORT_FORMAT:?}")));
        }
        if value.get("version").and_then(|v| v.as_u64()) != Some(u64::from(EXPORT_VERSION)) {
            return Err(bad(format!(
                "only version {EXPORT_VERSION} files can be read"
            )));
        }
        let config: GuildConfig = serde_json::from_value(
            value
                .get("config")
                .cloned()
                .ok_or_else(|| bad("no \"config\"".to_string()))?,
        )
        .map_err(|e| bad(e.to_string()))?;
        let mut overrides = Vec::new();
        for t in &config.templates {
            let name = TemplateName::parse(&t.name).map_err(bad)?;
            if t.source.len() > MAX_TEMPLATE_BYTES {
                return Err(bad(format!("template {} is too long", name.as_str())));
            }
            overrides.push((name.as_str().to_string(), t.source.clone()));
        }
        check_overrides(self.engine.renderer(), &overrides)?;
        for url in config.feeds.iter().chain(
            config
                .subscriptions
                .iter()
                .filter(|s| s.kind == store::SubKind::Feed)
                .map(|s| &s.value),
        ) {
            FeedUrl::parse(url, &self.allow).map_err(bad)?;
        }
        if config.subscriptions.len() > store::MAX_SUBSCRIPTIONS_PER_GUILD {
            return Err(bad(format!(
                "it has {} subscriptions; a server may have at most {}",
                config.subscriptions.len(),
                store::MAX_SUBSCRIPTIONS_PER_GUILD
            )));
        }
        for s in &config.subscriptions {
            if s.value.chars().count() > 2_000 {
                return Err(bad("a subscription value is too long".to_string()));
            }
        }
        for b in &config.blocks {
            if b.reason
                .as_deref()
                .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
            {
                return Err(bad("a block reason is too long".to_string()));
            }
        }
        Ok(config)
    }

    /// Replace a server's configuration with a checked one.
    pub fn import(&self, guild_id: u64, config: &GuildConfig, by: u64) -> Result<(), ModError> {
        self.store.import_guild_config(
            guild_id,
            config,
            self.feed_interval_secs,
            by,
            store::now(),
        )?;
        self.refresh(guild_id)?;
        Ok(())
    }
}

/// Check a server's templates (`name`, text) as `/mod template set` and import do: each
/// within [`MAX_TEMPLATE_BYTES`], and the set compiling and rendering every sample answer
/// over `renderer`'s other templates, with minijinja fuel bounding the work.
pub fn check_overrides(
    renderer: &Renderer,
    overrides: &[(String, String)],
) -> Result<(), ModError> {
    for (name, text) in overrides {
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(ModError::Invalid(format!(
                "template {name} is {} bytes; keep it under {MAX_TEMPLATE_BYTES}",
                text.len()
            )));
        }
    }
    renderer.with_overrides(overrides).map(|_| ()).map_err(|e| {
        let line = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        ModError::Invalid(format!(
            "template {} refused, {line}{}",
            e.file.display(),
            e.reason
        ))
    })
}

/// A free-text reason, trimmed and bounded.
pub fn reason(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| crate::corpus::shorten(r, MAX_REASON_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineOptions;

    fn moderation() -> (tempfile::TempDir, Moderation) {
        let dir = tempfile::tempdir().expect("dir");
        let engine = Engine::open(EngineOptions {
            threads: 1,
            sample_if_empty: false,
            ..EngineOptions::new(dir.path())
        })
        .expect("engine");
        let store = Store::open_in(dir.path()).expect("store");
        let m = Moderation::new(
            Arc::new(store),
            Arc::new(engine),
            AllowHosts::default(),
            300,
        );
        (dir, m)
    }

    #[test]
    fn template_names_are_the_shipped_ones_without_the_macros() {
        assert_eq!(
            TemplateName::parse("who_said").map(|n| n.as_str().to_string()),
            Ok("who_said.j2".to_string())
        );
        assert!(TemplateName::parse("update_post.j2").is_ok());
        for bad in ["_macros", "../etc/passwd", "nope"] {
            let err = TemplateName::parse(bad).expect_err(bad);
            assert!(err.contains("who_said"), "lists the names: {err}");
        }
    }

    #[test]
    fn a_broken_template_is_refused_with_its_line_and_a_good_one_is_used() {
        let (_d, m) = moderation();
        let name = TemplateName::parse("who_said").expect("name");
        let err = m
            .set_template(1, &name, "one\ntwo {{ statements[0].speaker\n", 7)
            .expect_err("broken");
        let text = err.to_string();
        assert!(text.contains("line 2"), "{text}");
        assert!(m.view(1).expect("view").renderer.is_none(), "nothing set");
        let runaway =
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
        assert!(
            m.set_template(1, &name, runaway, 7).is_err(),
            "fuel stops it"
        );
        let long = "x".repeat(MAX_TEMPLATE_BYTES + 1);
        assert!(m.set_template(1, &name, &long, 7).is_err(), "too long");
        m.set_template(1, &name, "OURS {{ statements | length }}", 7)
            .expect("good");
        assert_eq!(
            m.template_text(1, &name).expect("text"),
            "OURS {{ statements | length }}"
        );
        assert!(m.view(1).expect("view").renderer.is_some());
        assert!(m.view(2).expect("other server").renderer.is_none());
    }

    #[test]
    fn a_change_made_on_another_node_takes_effect_at_the_next_question() {
        let (dir, here) = moderation();
        // Another node: its own connection to the same state, its own views in memory.
        let store = Arc::new(Store::open_in(dir.path()).expect("store"));
        let there = Moderation::new(
            store.clone(),
            here.engine.clone(),
            AllowHosts::default(),
            300,
        );
        assert!(here.view(1).expect("view").hidden.is_empty());
        let doc = crate::store::moderation::HiddenDoc {
            doc_id: "doc-1".to_string(),
            title: "A".to_string(),
        };
        store.hide_doc(1, &doc, 7, 10).expect("hide");
        there
            .record(&NewCase {
                guild_id: 1,
                actor_id: 7,
                action: "doc hide",
                target: Some("doc-1"),
                reason: None,
                outcome: "done",
            })
            .expect("case");
        assert!(
            here.view(1).expect("view").hidden.contains("doc-1"),
            "hidden on this node too"
        );
        assert!(here.view(2).expect("other server").hidden.is_empty());
    }

    #[test]
    fn a_document_the_operator_hides_is_hidden_in_every_server_at_the_next_question() {
        let (dir, m) = moderation();
        assert!(m.view(1).expect("view").hidden.is_empty());
        // `whosaid docs hide`, run by the operator beside the bot: no case is recorded.
        let operator = Store::open_in(dir.path()).expect("store");
        operator
            .hide_doc_everywhere("doc-9", "Nine", 10)
            .expect("hide");
        for guild in [1, 2] {
            assert!(
                m.view(guild).expect("view").hidden.contains("doc-9"),
                "server {guild}"
            );
        }
        operator.unhide_doc_everywhere("doc-9").expect("unhide");
        assert!(!m.view(1).expect("view").hidden.contains("doc-9"));
    }

    #[test]
    fn imports_are_checked_before_anything_changes() {
        let (_d, m) = moderation();
        let good = m.export(1).expect("export");
        assert!(m.parse_import(good.as_bytes()).is_ok());
        let wrap = |config: serde_json::Value| {
            serde_json::json!({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "config": config})
                .to_string()
        };
        let mut config = serde_json::to_value(GuildConfig::default()).expect("json");
        config["templates"] = serde_json::json!([{"name": "who_said.j2", "source": "{{ broken"}]);
        let broken_template = wrap(config.clone());
        config["templates"] = serde_json::json!([]);
        config["feeds"] = serde_json::json!(["http://10.0.0.1/feed"]);
        let private_feed = wrap(config.clone());
        config["feeds"] = serde_json::json!([]);
        config["subscriptions"] = serde_json::json!([{"channel_id": 20, "kind": "planet",
            "value": "mars", "mention_role_id": null, "paused": false}]);
        let unknown_kind = wrap(config.clone());
        config["subscriptions"] = serde_json::json!([]);
        config["surprise"] = serde_json::json!(1);
        let unknown_key = wrap(config);
        for (bad, why) in [
            ("not json".to_string(), "not a whosaid configuration"),
            ("{\"format\": \"x\"}".to_string(), "format"),
            (broken_template, "line 1"),
            (private_feed, "10.0.0.1"),
            (unknown_kind, "planet"),
            (unknown_key, "surprise"),
            ("x".repeat(MAX_IMPORT_BYTES + 1), "larger"),
        ] {
            let err = m.parse_import(bad.as_bytes()).expect_err(why).to_string();
            assert!(err.contains(why), "{why}: {err}");
        }
    }

    #[test]
    fn moderators_have_manage_server_or_a_moderator_role() {
        let (_d, m) = moderation();
        m.store().add_mod_role(1, 5, 7, 0).expect("role");
        let actor = |roles: Vec<u64>, manage_guild| Actor {
            user_id: 9,
            roles,
            manage_guild,
        };
        assert!(m
            .allowed(1, &actor(vec![], true), Needs::ManageGuild)
            .expect("ok"));
        assert!(m
            .allowed(1, &actor(vec![5], false), Needs::Moderator)
            .expect("ok"));
        assert!(!m
            .allowed(1, &actor(vec![5], false), Needs::ManageGuild)
            .expect("ok"));
        assert!(!m
            .allowed(1, &actor(vec![6], false), Needs::Moderator)
            .expect("ok"));
        assert!(!m
            .allowed(2, &actor(vec![5], false), Needs::Moderator)
            .expect("ok"));
    }
}
