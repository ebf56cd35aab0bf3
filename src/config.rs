//! The configuration: `whosaid.toml` (path from `--config` or `WHOSAID_CONFIG`), then
//! environment overrides (`DISCORD_TOKEN`, `WHOSAID_DISCORD_API`, `WHOSAID_DATA_DIR`,
//! `WHOSAID_STORE_URL`).
//!
//! Every setting has a safe default, so an absent file is a valid configuration. An unknown
//! key or a value of the wrong type stops start-up with an error that names the key (the
//! TOML error quotes the offending line). The Discord token, and the store URL (which may
//! carry a password), are held as [`SecretString`]s: no `Display`, and their `Debug`
//! prints `[REDACTED]`, so they cannot end up in a log line by accident.
//! [`document`] writes the whole configuration as a commented file (`whosaid config init`,
//! `whosaid config check`), from the same defaults.
//! Calls nothing else in the crate.

pub mod document;

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Environment variable holding the path of the configuration file.
pub const CONFIG_ENV: &str = "WHOSAID_CONFIG";
/// Environment variable holding the bot token (preferred over the file).
pub const TOKEN_ENV: &str = "DISCORD_TOKEN";
/// Environment variable overriding `[discord] api_base` (tests and local trials only).
pub const API_BASE_ENV: &str = "WHOSAID_DISCORD_API";
/// Environment variable overriding `data_dir`.
pub const DATA_DIR_ENV: &str = "WHOSAID_DATA_DIR";
/// Environment variable overriding `[store] url`.
pub const STORE_URL_ENV: &str = "WHOSAID_STORE_URL";

/// The whole configuration. A new key also goes in [`document::KEYS`] (a test fails
/// until it does).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The data directory; `[paths] data_dir` says the same and wins when both are set.
    pub data_dir: Option<PathBuf>,
    /// A directory of templates overriding the shipped ones.
    pub templates_dir: Option<PathBuf>,
    /// Seconds between two reloads of the index by a serving process, to pick up what
    /// `whosaid ingest` or the feed poller committed meanwhile (0: never).
    pub index_refresh_secs: u64,
    pub paths: PathsConfig,
    pub discord: DiscordConfig,
    pub feeds: FeedsConfig,
    pub posts: PostsConfig,
    pub store: StoreConfig,
    pub metrics: MetricsConfig,
    pub web: WebConfig,
    pub log: LogConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: None,
            templates_dir: None,
            index_refresh_secs: 60,
            paths: PathsConfig::default(),
            discord: DiscordConfig::default(),
            feeds: FeedsConfig::default(),
            posts: PostsConfig::default(),
            store: StoreConfig::default(),
            metrics: MetricsConfig::default(),
            web: WebConfig::default(),
            log: LogConfig::default(),
        }
    }
}

/// `[paths]`: where data and template overrides live.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PathsConfig {
    pub data_dir: Option<PathBuf>,
    pub templates_dir: Option<PathBuf>,
}

/// `[discord]`: the bot's connection and behaviour.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// The bot token. Prefer the `DISCORD_TOKEN` environment variable, which overrides it.
    #[serde(deserialize_with = "secret_opt", serialize_with = "masked")]
    pub token: Option<SecretString>,
    /// The Discord API base URL, e.g. `http://127.0.0.1:PORT`: only for tests and local
    /// trials against a fake Discord. Unset in production.
    pub api_base: Option<String>,
    /// Register the slash commands in this guild only (instant, for quick iteration);
    /// unset: register them globally.
    pub guild_id: Option<u64>,
    /// Seconds a member waits between two questions (`/ask`, `/said`, mentions; 0: none).
    pub ask_cooldown_secs: u64,
    /// Answer messages that mention the bot.
    pub answer_mentions: bool,
    /// The gateway shards this process runs, `"FIRST-LAST"` (or one shard, `"N"`), of
    /// `shard_count`; unset: every shard, as many as Discord recommends.
    pub shards: Option<ShardRange>,
    /// How many shards the bot runs in all, across every process.
    pub shard_count: Option<u32>,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            token: None,
            api_base: None,
            guild_id: None,
            ask_cooldown_secs: 10,
            answer_mentions: true,
            shards: None,
            shard_count: None,
        }
    }
}

/// A range of gateway shard ids, both ends included: `"0-3"`, or `"2"` for one shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
}

impl ShardRange {
    pub fn contains(&self, shard: u32) -> bool {
        (self.first..=self.last).contains(&shard)
    }
}

impl std::str::FromStr for ShardRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("shards {s:?}: expected FIRST-LAST (e.g. \"0-3\") or one shard id");
        let (first, last) = s.trim().split_once('-').unwrap_or((s.trim(), s.trim()));
        let first: u32 = first.trim().parse().map_err(|_| bad())?;
        let last: u32 = last.trim().parse().map_err(|_| bad())?;
        if first > last {
            return Err(format!("shards {s:?}: the first shard is after the last"));
        }
        Ok(ShardRange { first, last })
    }
}

impl TryFrom<String> for ShardRange {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ShardRange> for String {
    fn from(r: ShardRange) -> String {
        r.to_string()
    }
}

impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

/// `[feeds]`: polling news feeds.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedsConfig {
    /// Default polling interval for new feeds, in seconds.
    pub poll_interval_secs: u64,
    /// Hosts exempt from the refusal of private and loopback addresses.
    pub allow_hosts: Vec<String>,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            poll_interval_secs: 300,
            allow_hosts: Vec::new(),
        }
    }
}

/// `[posts]`: update posts to subscribed channels.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostsConfig {
    /// Update posts per channel per hour; posts beyond this wait, they are not dropped.
    pub per_channel_per_hour: u32,
}

impl Default for PostsConfig {
    fn default() -> Self {
        PostsConfig {
            per_channel_per_hour: 20,
        }
    }
}

/// `[store]`: where the durable state lives.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`: keep the state in PostgreSQL
    /// (shared by several nodes). Unset: `state.sqlite` in the data directory.
    #[serde(deserialize_with = "secret_opt", serialize_with = "masked")]
    pub url: Option<SecretString>,
}

/// `[metrics]`: what `serve` tells an operator's monitoring.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Serve Prometheus metrics on `/metrics`, and `/healthz` and `/readyz`, at this
    /// address; unset: none.
    pub listen: Option<SocketAddr>,
}

/// `[web]`: the statement explorer.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// `serve` also runs the statement explorer at this address (`whosaid web` listens here
    /// unless given `--listen`); unset: `serve` runs none.
    pub listen: Option<SocketAddr>,
    /// Where people reach the explorer, e.g. `https://whosaid.example.org`: answers in
    /// Discord then link to the person's page. Unset: no links.
    pub base_url: Option<BaseUrl>,
}

/// The explorer's public address: an http(s) URL with a host, no query or fragment, kept
/// without a trailing slash so paths can be appended.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            |why: &str| format!("base_url {s:?}: {why}; expected e.g. https://whosaid.example.org");
        let url = url::Url::parse(s.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(bad("it must be an http or https URL with a host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("it must not carry a query or a fragment"));
        }
        Ok(BaseUrl(url.as_str().trim_end_matches('/').to_string()))
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<BaseUrl> for String {
    fn from(b: BaseUrl) -> String {
        b.0
    }
}

/// `[log]`: how log lines are written on stderr (which ones: `RUST_LOG`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
}

/// Log lines for people, or one JSON object a line for a log collector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration in {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{name} is not a valid URL ({reason}); expected e.g. http://127.0.0.1:8080")]
    BadApiBase { name: &'static str, reason: String },
}

impl Config {
    /// Parse a configuration from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: origin.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        if let Some(base) = &config.discord.api_base {
            check_api_base(base, "[discord] api_base")?;
        }
        Ok(config)
    }

    /// Load the configuration: the file at `path` (or `WHOSAID_CONFIG`) when given, the
    /// defaults otherwise, then the environment overrides.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with(path, |name| std::env::var(name).ok())
    }

    /// [`Config::load`] with the environment given as a function (for tests).
    pub fn load_with(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let path = path
            .map(Path::to_path_buf)
            .or_else(|| env(CONFIG_ENV).filter(|p| !p.is_empty()).map(PathBuf::from));
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                Config::from_toml(&text, &path)?
            }
            None => Config::default(),
        };
        config.apply_env(env)?;
        Ok(config)
    }

    /// Apply the environment overrides.
    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(token) = env(TOKEN_ENV).filter(|t| !t.trim().is_empty()) {
            self.discord.token = Some(SecretString::from(token.trim().to_string()));
        }
        if let Some(base) = env(API_BASE_ENV).filter(|b| !b.is_empty()) {
            check_api_base(&base, API_BASE_ENV)?;
            self.discord.api_base = Some(base);
        }
        if let Some(dir) = env(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            self.paths.data_dir = Some(PathBuf::from(dir));
        }
        if let Some(url) = env(STORE_URL_ENV).filter(|u| !u.trim().is_empty()) {
            self.store.url = Some(SecretString::from(url.trim().to_string()));
        }
        Ok(())
    }

    /// The configured data directory, if any (`[paths]` first, then the top level).
    pub fn data_dir(&self) -> Option<&Path> {
        self.paths.data_dir.as_deref().or(self.data_dir.as_deref())
    }

    /// The PostgreSQL store URL, when one is configured.
    pub fn store_url(&self) -> Option<&str> {
        use secrecy::ExposeSecret;
        self.store.url.as_ref().map(|u| u.expose_secret())
    }

    /// The configured template directory, if any.
    pub fn templates_dir(&self) -> Option<&Path> {
        self.paths
            .templates_dir
            .as_deref()
            .or(self.templates_dir.as_deref())
    }
}

/// Only `http(s)://host[:port][/path]` without query: serenity appends the API path to it.
fn check_api_base(base: &str, name: &'static str) -> Result<(), ConfigError> {
    let url = url::Url::parse(base).map_err(|e| ConfigError::BadApiBase {
        name,
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::BadApiBase {
            name,
            reason: "it must be an http or https URL with a host".into(),
        });
    }
    if url.query().is_some() {
        return Err(ConfigError::BadApiBase {
            name,
            reason: "it must not carry a query".into(),
        });
    }
    Ok(())
}

fn secret_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .filter(|s| !s.trim().is_empty())
        .map(|s| SecretString::from(s.trim().to_string())))
}

/// A secret shows as set, never as itself (`config check`).
fn masked<S: Serializer>(secret: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(_) => s.serialize_some(document::MASK),
        None => s.serialize_none(),
    }
}

impl fmt::Display for DiscordConfig {
    /// A one-line summary for logs; the token shows only as present or absent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "token {}, api {}, commands {}, /ask cooldown {}s, shards {}",
            if self.token.is_some() {
                "set"
            } else {
                "missing"
            },
            self.api_base.as_deref().unwrap_or("discord.com"),
            match self.guild_id {
                Some(g) => format!("in guild {g}"),
                None => "global".to_string(),
            },
            self.ask_cooldown_secs,
            match (self.shards, self.shard_count) {
                (Some(r), Some(n)) => format!("{r} of {n}"),
                (None, Some(n)) => format!("all {n}"),
                _ => "as Discord recommends".to_string(),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Path::new("whosaid.toml"))
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_web_section_reads_an_address_and_a_base_url_and_refuses_others() {
        let config = Config::load_with(None, no_env).expect("defaults");
        assert!(
            config.web.listen.is_none(),
            "serve runs no explorer unless asked"
        );
        assert!(config.web.base_url.is_none());
        let config = parse(
            "[web]\nlisten = \"127.0.0.1:8081\"\nbase_url = \"https://whosaid.example.org/\"\n",
        )
        .expect("valid");
        assert_eq!(config.web.listen, "127.0.0.1:8081".parse().ok());
        assert_eq!(
            config.web.base_url.as_ref().map(BaseUrl::as_str),
            Some("https://whosaid.example.org"),
            "kept without the trailing slash"
        );
        for bad in [
            "base_url = \"ftp://x.org\"",
            "base_url = \"https://x.org/?a=1\"",
            "listen = \"localhost\"",
            "port = 80",
        ] {
            let err = parse(&format!("[web]\n{bad}\n"))
                .expect_err(bad)
                .to_string();
            assert!(err.contains("whosaid.toml"), "{bad}: {err}");
        }
    }

    #[test]
    fn absent_file_gives_safe_defaults() {
        let config = Config::load_with(None, no_env).expect("defaults");
        assert_eq!(config.feeds.poll_interval_secs, 300);
        assert!(config.feeds.allow_hosts.is_empty());
        assert_eq!(config.posts.per_channel_per_hour, 20);
        assert_eq!(config.discord.ask_cooldown_secs, 10);
        assert!(config.discord.token.is_none());
        assert!(config.discord.api_base.is_none());
        assert!(config.discord.guild_id.is_none());
        assert!(config.data_dir().is_none());
        assert_eq!(config.index_refresh_secs, 60);
        assert!(config.store_url().is_none(), "SQLite unless a URL is given");
    }

    #[test]
    fn the_store_url_comes_from_the_file_or_the_environment_and_is_never_printed() {
        let config =
            parse("[store]\nurl = \"postgres://w:sekrit@127.0.0.1:5432/w\"\n").expect("valid");
        assert_eq!(
            config.store_url(),
            Some("postgres://w:sekrit@127.0.0.1:5432/w")
        );
        assert!(!format!("{config:?}").contains("sekrit"));
        let env = |name: &str| (name == STORE_URL_ENV).then(|| "postgres://e@h/d".to_string());
        let config = Config::load_with(None, env).expect("env");
        assert_eq!(config.store_url(), Some("postgres://e@h/d"));
    }

    #[test]
    fn contract_keys_are_read() {
        let config = parse(
            r#"
            data_dir = "/var/lib/whosaid"
            [discord]
            api_base = "http://127.0.0.1:8080"
            guild_id = 123456789012345678
            ask_cooldown_secs = 3
            [feeds]
            poll_interval_secs = 1
            allow_hosts = ["127.0.0.1"]
            [posts]
            per_channel_per_hour = 5
            "#,
        )
        .expect("valid");
        assert_eq!(config.data_dir(), Some(Path::new("/var/lib/whosaid")));
        assert_eq!(
            config.discord.api_base.as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(config.discord.guild_id, Some(123456789012345678));
        assert_eq!(config.discord.ask_cooldown_secs, 3);
        assert_eq!(config.feeds.poll_interval_secs, 1);
        assert_eq!(config.feeds.allow_hosts, vec!["127.0.0.1".to_string()]);
        assert_eq!(config.posts.per_channel_per_hour, 5);
    }

    #[test]
    fn paths_section_wins_over_top_level() {
        let config = parse("data_dir = \"a\"\n[paths]\ndata_dir = \"b\"\ntemplates_dir = \"t\"")
            .expect("valid");
        assert_eq!(config.data_dir(), Some(Path::new("b")));
        assert_eq!(config.templates_dir(), Some(Path::new("t")));
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = parse("[discord]\nguild = 5\n").expect_err("unknown key");
        let text = err.to_string();
        assert!(text.contains("guild"), "{text}");
        assert!(text.contains("whosaid.toml"), "{text}");
        let err = parse("colour = \"red\"\n").expect_err("unknown top-level key");
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn wrong_type_is_an_error_naming_the_key() {
        let err = parse("[feeds]\npoll_interval_secs = \"often\"\n").expect_err("wrong type");
        let text = err.to_string();
        assert!(text.contains("poll_interval_secs"), "{text}");
        assert!(text.contains("invalid type"), "{text}");
    }

    #[test]
    fn bad_api_base_is_refused() {
        assert!(parse("[discord]\napi_base = \"not a url\"\n").is_err());
        assert!(parse("[discord]\napi_base = \"ftp://x\"\n").is_err());
        let env = |name: &str| (name == API_BASE_ENV).then(|| "http://x/?q=1".to_string());
        let err = Config::load_with(None, env).expect_err("query refused");
        assert!(err.to_string().contains(API_BASE_ENV), "{err}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("whosaid.toml");
        std::fs::write(
            &path,
            "[discord]\ntoken = \"from-file\"\napi_base = \"http://127.0.0.1:1\"\n",
        )
        .expect("write");
        let from_file = Config::load_with(Some(&path), no_env).expect("file");
        let token = from_file.discord.token.as_ref().expect("token from file");
        assert_eq!(token.expose_secret(), "from-file");

        let env = |name: &str| match name {
            TOKEN_ENV => Some("from-env".to_string()),
            API_BASE_ENV => Some("http://127.0.0.1:2".to_string()),
            DATA_DIR_ENV => Some("/tmp/data".to_string()),
            _ => None,
        };
        let config = Config::load_with(Some(&path), env).expect("file and env");
        let token = config.discord.token.as_ref().expect("token from env");
        assert_eq!(token.expose_secret(), "from-env");
        assert_eq!(
            config.discord.api_base.as_deref(),
            Some("http://127.0.0.1:2")
        );
        assert_eq!(config.data_dir(), Some(Path::new("/tmp/data")));
    }

    #[test]
    fn config_path_from_environment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("custom.toml");
        std::fs::write(&path, "[posts]\nper_channel_per_hour = 7\n").expect("write");
        let p = path.to_string_lossy().to_string();
        let env = move |name: &str| (name == CONFIG_ENV).then(|| p.clone());
        let config = Config::load_with(None, env).expect("from env path");
        assert_eq!(config.posts.per_channel_per_hour, 7);
    }

    #[test]
    fn missing_file_names_the_path() {
        let err = Config::load_with(Some(Path::new("/nonexistent/whosaid.toml")), no_env)
            .expect_err("missing");
        assert!(
            err.to_string().contains("/nonexistent/whosaid.toml"),
            "{err}"
        );
    }

    #[test]
    fn token_is_never_printed() {
        let config = parse("[discord]\ntoken = \"sekrit-token-value\"\n").expect("valid");
        let debug = format!("{config:?}");
        let display = config.discord.to_string();
        assert!(!debug.contains("sekrit"), "{debug}");
        assert!(!display.contains("sekrit"), "{display}");
        assert!(display.contains("token set"), "{display}");
    }
}
