//! The configuration written out as a TOML file: every key, in [`KEYS`], with its value.
//!
//! `whosaid config init` writes the defaults with a comment per key; `whosaid config
//! check` prints the settings in effect, secrets masked. Both take the values from the
//! [`Config`] itself (serialized), so the file shows the defaults the loader uses and the
//! two cannot drift; a key without a value (unset by default) is written commented out,
//! with an example.

use std::fmt::Write;

use super::Config;

/// What a secret is shown as.
pub const MASK: &str = "********";

/// One key of the file.
pub struct Key {
    /// Its table (`None`: the top level).
    pub section: Option<&'static str>,
    pub name: &'static str,
    /// What it does, for the comment above it.
    pub doc: &'static str,
    /// A value to show when it is unset by default.
    pub example: &'static str,
}

const fn key(
    section: Option<&'static str>,
    name: &'static str,
    doc: &'static str,
    example: &'static str,
) -> Key {
    Key {
        section,
        name,
        doc,
        example,
    }
}

/// Every key, in file order (top-level keys first, as TOML requires).
pub const KEYS: &[Key] = &[
    key(None, "index_refresh_secs", "Seconds between two reloads of the index by `serve`, to pick up what `whosaid ingest` committed meanwhile (0: never).", "60"),
    key(None, "data_dir", "Older spelling of [paths] data_dir ([paths] wins).", "\"/var/lib/whosaid\""),
    key(None, "templates_dir", "Older spelling of [paths] templates_dir ([paths] wins).", "\"/etc/whosaid/templates\""),
    key(Some("paths"), "data_dir", "The index and the state database (also --data-dir, WHOSAID_DATA_DIR). Default: the platform's data directory.", "\"/var/lib/whosaid\""),
    key(Some("paths"), "templates_dir", "Templates overriding the shipped ones in prompts/.", "\"/etc/whosaid/templates\""),
    key(Some("discord"), "token", "The bot token. Prefer the DISCORD_TOKEN environment variable, which overrides this.", "\"paste-the-token-here\""),
    key(Some("discord"), "api_base", "A fake Discord for tests and local trials only (also WHOSAID_DISCORD_API). Leave unset.", "\"http://127.0.0.1:8080\""),
    key(Some("discord"), "guild_id", "Register the slash commands in this server only (instant, for trying it out); unset: everywhere (Discord takes up to an hour).", "123456789012345678"),
    key(Some("discord"), "ask_cooldown_secs", "Seconds a member waits between two questions (0: none).", "10"),
    key(Some("discord"), "answer_mentions", "Answer messages that mention the bot.", "true"),
    key(Some("discord"), "shards", "Run only these gateway shards, FIRST-LAST (both included), on this node of several (also --shards); needs shard_count. Unset: every shard Discord recommends.", "\"0-1\""),
    key(Some("discord"), "shard_count", "How many shards the bot runs across all nodes (also --shard-count).", "4"),
    key(Some("feeds"), "poll_interval_secs", "Seconds between two polls of a feed added without --interval.", "300"),
    key(Some("feeds"), "allow_hosts", "Hosts a feed may be on although private or loopback (refused otherwise).", "[\"127.0.0.1\"]"),
    key(Some("posts"), "per_channel_per_hour", "Update posts per channel per hour; those beyond wait, they are not dropped.", "20"),
    key(Some("store"), "url", "Keep the state in PostgreSQL (also WHOSAID_STORE_URL); unset: state.sqlite in the data directory.", "\"postgres://whosaid@127.0.0.1:5432/whosaid\""),
    key(Some("log"), "format", "Log lines on stderr: \"text\" for people, \"json\" for one JSON object a line (which lines: RUST_LOG).", "\"json\""),
    key(Some("metrics"), "listen", "Serve Prometheus metrics on /metrics, and /healthz and /readyz, at this address; unset: none.", "\"127.0.0.1:9464\""),
    key(Some("web"), "listen", "serve also runs the statement explorer (read-only web pages) at this address; `whosaid web` listens here unless given --listen. Unset: serve runs none.", "\"127.0.0.1:8080\""),
    key(Some("web"), "base_url", "Where people reach the explorer: answers in Discord link to the person's page. Unset: no links.", "\"https://whosaid.example.org\""),
];

/// How the file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A comment per key and an example for unset keys (`config init`).
    Commented,
    /// Values only; unset keys said to be unset (`config check`).
    Effective,
}

/// `config` as a TOML file, every key of [`KEYS`] in order.
pub fn render(config: &Config, style: Style) -> Result<String, toml::ser::Error> {
    let values = toml::Table::try_from(config)?;
    let mut out = String::new();
    if style == Style::Commented {
        out.push_str("# whosaid configuration: every key with its default. Uncomment to set.\n");
        out.push_str(
            "# Secrets are better kept in the environment (DISCORD_TOKEN, WHOSAID_STORE_URL).\n\n",
        );
    }
    let mut section = None;
    for key in KEYS {
        if key.section != section {
            section = key.section;
            let _ = write!(out, "\n[{}]\n", section.unwrap_or_default());
        }
        let table = match key.section {
            Some(name) => values.get(name).and_then(toml::Value::as_table),
            None => Some(&values),
        };
        let value = table.and_then(|t| t.get(key.name));
        if style == Style::Commented {
            let _ = writeln!(out, "# {}", key.doc);
        }
        let _ = match (value, style) {
            (Some(v), _) => writeln!(out, "{} = {v}", key.name),
            (None, Style::Commented) => writeln!(out, "# {} = {}", key.name, key.example),
            (None, Style::Effective) => writeln!(out, "# {} is unset", key.name),
        };
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Config {
        Config::from_toml(text, Path::new("whosaid.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn the_written_defaults_load_as_the_defaults() {
        let text = render(&Config::default(), Style::Commented).expect("render");
        let loaded = parse(&text);
        assert_eq!(format!("{loaded:?}"), format!("{:?}", Config::default()));
        for key in KEYS {
            assert!(text.contains(&format!("# {}\n", key.doc)), "{}", key.name);
        }
    }

    #[test]
    fn every_key_is_written_and_every_example_is_a_valid_setting() {
        let text = render(&Config::default(), Style::Commented).expect("render");
        let uncommented: String = text
            .lines()
            .map(|l| {
                let bare = l.trim_start_matches("# ");
                if bare.contains(" = ") {
                    bare
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let all = parse(&uncommented);
        // A key missing from KEYS would stay unset here.
        let debug = format!("{all:?}");
        assert!(
            !debug.contains("None"),
            "a key is missing from KEYS: {debug}"
        );
        let defaults = toml::Table::try_from(Config::default()).expect("serialize");
        for (name, value) in &defaults {
            let names: Vec<(Option<&str>, &str)> = match value.as_table() {
                Some(t) => t
                    .keys()
                    .map(|k| (Some(name.as_str()), k.as_str()))
                    .collect(),
                None => vec![(None, name.as_str())],
            };
            for (section, key) in names {
                assert!(
                    KEYS.iter().any(|k| k.section == section && k.name == key),
                    "{section:?} {key} is missing from KEYS"
                );
            }
        }
    }

    #[test]
    fn the_effective_settings_mask_secrets() {
        let config = parse(
            "[discord]\ntoken = \"sekrit-token\"\nguild_id = 5\n[store]\nurl = \"postgres://w:pw@h/d\"\n",
        );
        let text = render(&config, Style::Effective).expect("render");
        assert!(!text.contains("sekrit") && !text.contains("pw@"), "{text}");
        assert!(text.contains(&format!("token = \"{MASK}\"")), "{text}");
        assert!(text.contains("guild_id = 5"), "{text}");
        assert!(text.contains("# listen is unset"), "{text}");
    }
}
