//! Which subscriptions a new statement matches, and the update posts that follow.
//!
//! - person: the speaker's name key equals the subscription's (spelling variants merged
//!   by `nlp::names`), or one side is a bare surname matching the other's surname;
//! - topic: every word of the query (stop words aside, stemmed) occurs in what was said;
//! - feed: the article came from that feed.
//!
//! Only statements with a named speaker are posted ("who said what"). A statement has a
//! stable key (document, speaker, content), so matching the same statement again, after a
//! re-poll or an edit of the article, queues nothing new. Calls `nlp`, `qa` (stop words,
//! citation types), `render` and `store`.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use crate::corpus::Document;
use crate::nlp::{self, names, Analysis, Statement};
use crate::qa::{CitedStatement, DocRef, StatementId};
use crate::render::{Renderer, UpdatePost};
use crate::store::{NewPost, Store, StoreError, SubKind, Subscription};

/// A statement's stable key: the same statement in a re-indexed article has the same key.
pub fn statement_key(doc_id: &str, speaker: &str, content: &str) -> String {
    let folded: Vec<&str> = content.split_whitespace().collect();
    let input = format!(
        "{doc_id}\n{}\n{}",
        names::speaker_key(speaker),
        folded.join(" ")
    );
    blake3::hash(input.as_bytes()).to_hex()[..24].to_string()
}

/// Whether a subscription wants this statement. `feed_url` is the feed the article came
/// from, if any; `content` the text of what was said.
pub fn matches(sub: &Subscription, feed_url: Option<&str>, speaker: &str, content: &str) -> bool {
    match sub.kind {
        SubKind::Person => same_person(&sub.value, speaker),
        SubKind::Topic => topic_matches(&sub.value, content),
        SubKind::Feed => feed_url.is_some_and(|u| u == sub.value),
    }
}

fn same_person(wanted: &str, speaker: &str) -> bool {
    let fold = |n: &str| n.split_whitespace().collect::<Vec<_>>().join(" ");
    let (wanted, speaker) = (fold(wanted), fold(speaker));
    let (wanted, speaker) = (wanted.as_str(), speaker.as_str());
    let (w, s) = (names::speaker_key(wanted), names::speaker_key(speaker));
    if w.is_empty() || s.is_empty() {
        return false;
    }
    if w == s {
        return true;
    }
    let single = |n: &str| n.split_whitespace().count() == 1;
    (single(wanted) || single(speaker)) && names::surname_key(wanted) == names::surname_key(speaker)
}

fn stems(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::English);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !crate::qa::retrieve::is_stopword(w))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

fn topic_matches(query: &str, content: &str) -> bool {
    let wanted = stems(query);
    if wanted.is_empty() {
        return false;
    }
    let have: HashSet<String> = stems(content).into_iter().collect();
    wanted.iter().all(|w| have.contains(w))
}

/// A statement as an answer cites it.
pub fn cite(doc: &Document, analysis: &Analysis, st: &Statement) -> Option<CitedStatement> {
    let speaker = st.speaker.as_ref()?;
    let text = doc.text.as_str();
    let sentence = analysis
        .sentences
        .get(st.sentence)
        .map(|s| s.text(text).trim().to_string())
        .unwrap_or_default();
    let content = st.content_text(text);
    Some(CitedStatement {
        id: Some(StatementId::new(
            doc.id.as_str(),
            st.sentence as u64,
            &content,
        )),
        speaker: Some(speaker.name.clone()),
        role: speaker.role.clone(),
        cue: st.cue.map(|c| c.text(text).to_string()),
        content,
        antecedent: st.antecedent_text(text),
        kind: st.kind,
        when: st.when.clone(),
        when_text: st
            .when
            .as_ref()
            .map(nlp::time::describe)
            .filter(|t| !t.is_empty()),
        setting: st.setting.map(|s| s.text(text).to_string()),
        sentence,
        document: DocRef::from(doc),
        score: 1.0,
    })
}

/// The update posts one newly indexed article makes: for each subscription, the article's
/// statements it matches and has not queued before, rendered as one post.
pub fn posts_for(
    store: &Store,
    renderer: &Renderer,
    subs: &[Subscription],
    feed_url: Option<&str>,
    doc: &Document,
    analysis: &Analysis,
) -> Result<Vec<NewPost>, StoreError> {
    let cited: Vec<(String, CitedStatement)> = analysis
        .statements
        .iter()
        .filter_map(|st| cite(doc, analysis, st))
        .filter_map(|c| {
            let speaker = c.speaker.clone()?;
            Some((statement_key(doc.id.as_str(), &speaker, &c.content), c))
        })
        .collect();
    let mut posts = Vec::new();
    if cited.is_empty() {
        return Ok(posts);
    }
    // A server's own update-post template (`/mod template`), compiled once per server.
    let mut own: HashMap<u64, Option<Renderer>> = HashMap::new();
    for sub in subs.iter().filter(|s| !s.paused) {
        let matched: Vec<&(String, CitedStatement)> = cited
            .iter()
            .filter(|(_, c)| {
                matches(
                    sub,
                    feed_url,
                    c.speaker.as_deref().unwrap_or(""),
                    &c.content,
                )
            })
            .collect();
        if matched.is_empty() {
            continue;
        }
        let keys: Vec<String> = matched.iter().map(|(k, _)| k.clone()).collect();
        let fresh = store.unclaimed(sub.id, &keys)?;
        if fresh.is_empty() {
            continue;
        }
        let statements: Vec<CitedStatement> = matched
            .iter()
            .filter(|(k, _)| fresh.contains(k))
            .map(|(_, c)| c.clone())
            .collect();
        let post = UpdatePost {
            kind: sub.kind.as_str().to_string(),
            value: sub.value.clone(),
            role_mention: sub.mention_role_id.map(|r| format!("<@&{r}>")),
            document: DocRef::from(doc),
            statements,
            more: 0,
        };
        let server = own
            .entry(sub.guild_id)
            .or_insert_with(|| server_renderer(store, renderer, sub.guild_id));
        let content = match server.as_ref().unwrap_or(renderer).render_update(&post) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "the update-post template failed; post skipped");
                continue;
            }
        };
        posts.push(NewPost {
            subscription_id: sub.id,
            guild_id: sub.guild_id,
            channel_id: sub.channel_id,
            mention_role_id: sub.mention_role_id,
            doc_id: doc.id.to_string(),
            content,
            statement_keys: fresh,
        });
    }
    Ok(posts)
}

/// The templates with the server's own `update_post.j2`, when it set one that renders.
fn server_renderer(store: &Store, renderer: &Renderer, guild_id: u64) -> Option<Renderer> {
    let own: Vec<(String, String)> = store
        .guild_templates(guild_id)
        .ok()?
        .into_iter()
        .filter(|t| t.name == "update_post.j2")
        .map(|t| (t.name, t.source))
        .collect();
    if own.is_empty() {
        return None;
    }
    renderer
        .with_overrides(&own)
        .inspect_err(|e| tracing::warn!(guild = guild_id, error = %e, "a server's update-post template no longer renders; using the shipped one"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocId;
    use crate::nlp::{EntityKind, Span, Speaker, StatementKind};
    use crate::store::NewSubscription;

    fn sub(kind: SubKind, value: &str) -> Subscription {
        Subscription {
            id: 1,
            guild_id: 1,
            channel_id: 2,
            kind,
            value: value.to_string(),
            mention_role_id: None,
            created_by: None,
            created_at: 0,
            paused: false,
            channel_paused: None,
        }
    }

    #[test]
    fn people_topics_and_feeds_match() {
        let rutte = sub(SubKind::Person, "Mark Rutte");
        assert!(matches(&rutte, None, "Mark Rutte", "x"));
        assert!(matches(&rutte, None, "mark  rutte", "x"));
        assert!(matches(&rutte, None, "Rutte", "x"));
        assert!(!matches(&rutte, None, "Mark Carney", "x"));
        let topic = sub(SubKind::Topic, "Ukraine sanctions");
        assert!(matches(
            &topic,
            None,
            "A",
            "new sanctioning of Ukraine was needed"
        ));
        assert!(!matches(&topic, None, "A", "Ukraine needs help"));
        assert!(!matches(&sub(SubKind::Topic, "the"), None, "A", "the end"));
        let feed = sub(SubKind::Feed, "https://example.org/feed");
        assert!(matches(&feed, Some("https://example.org/feed"), "A", "x"));
        assert!(!matches(&feed, Some("https://example.org/other"), "A", "x"));
    }

    /// An article with two statements by Rutte and one by Carney, built by hand (the
    /// extraction rules are tested in `nlp`).
    pub(crate) fn article() -> (Document, Analysis) {
        let text = "Mark Rutte said NATO would stand firm. Mark Carney said trade matters. \
                    Rutte added that Ukraine needs air defence.";
        let doc = Document {
            id: DocId::parse("feed-test-1").expect("id"),
            source: Some("Example".into()),
            title: Some("Leaders speak".into()),
            url: Some("https://example.org/a".into()),
            published: chrono::NaiveDate::from_ymd_opt(2025, 10, 22),
            text: text.to_string(),
        };
        let span_of = |s: &str| {
            let start = text.find(s).expect("in text");
            Span::new(start, start + s.len())
        };
        let st = |who: &str, cue: &str, content: &str, sentence: usize| Statement {
            speaker: Some(Speaker {
                name: who.to_string(),
                kind: EntityKind::Person,
                role: Some("Secretary General".into()).filter(|_| who.contains("Rutte")),
            }),
            source: None,
            cue: Some(span_of(cue)),
            content: vec![span_of(content)],
            kind: StatementKind::Indirect,
            when: None,
            sentence,
            setting: None,
            anaphor: None,
        };
        let analysis = Analysis {
            sentences: vec![
                span_of("Mark Rutte said NATO would stand firm."),
                span_of("Mark Carney said trade matters."),
                span_of("Rutte added that Ukraine needs air defence."),
            ],
            statements: vec![
                st("Mark Rutte", "said", "NATO would stand firm", 0),
                st("Mark Carney", "said trade", "trade matters", 1),
                st("Mark Rutte", "added", "Ukraine needs air defence", 2),
            ],
            ..Analysis::default()
        };
        (doc, analysis)
    }

    #[test]
    fn one_post_per_subscription_groups_the_article_and_is_queued_once() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open_in(dir.path()).expect("store");
        let renderer = Renderer::new(None).expect("templates");
        let new = |kind, value: &str, channel| NewSubscription {
            guild_id: 1,
            channel_id: channel,
            kind,
            value: value.to_string(),
            mention_role_id: Some(42).filter(|_| channel == 10),
            created_by: None,
        };
        store
            .subscribe(&new(SubKind::Person, "Rutte", 10), 0)
            .expect("sub");
        store
            .subscribe(&new(SubKind::Person, "Keir Starmer", 20), 0)
            .expect("sub");
        store
            .subscribe(&new(SubKind::Topic, "ukraine", 30), 0)
            .expect("sub");
        let subs = store.active_subscriptions().expect("subs");
        let (doc, analysis) = article();
        let posts = posts_for(&store, &renderer, &subs, None, &doc, &analysis).expect("posts");
        assert_eq!(
            posts.len(),
            2,
            "Rutte's channel and the Ukraine topic; nothing for Starmer"
        );
        let rutte = &posts[0];
        assert_eq!(rutte.channel_id, 10);
        assert_eq!(rutte.statement_keys.len(), 2);
        assert!(
            rutte
                .content
                .starts_with("<@&42> New from **Rutte** (2 statements):"),
            "{}",
            rutte.content
        );
        assert!(
            rutte.content.contains("NATO would stand firm")
                && rutte.content.contains("air defence")
        );
        assert!(!rutte.content.contains("trade matters"));
        assert!(rutte.content.contains("<https://example.org/a>"));
        assert_eq!(posts[1].statement_keys.len(), 1);
        assert_eq!(store.queue_posts(&posts, 0).expect("queue"), 2);
        // Matched again (the article re-polled or edited): nothing new to post.
        let again = posts_for(&store, &renderer, &subs, None, &doc, &analysis).expect("posts");
        assert!(again.is_empty());
    }

    #[test]
    fn a_servers_own_update_post_template_renders_its_posts() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open_in(dir.path()).expect("store");
        let renderer = Renderer::new(None).expect("templates");
        for guild in [1, 2] {
            store
                .subscribe(
                    &NewSubscription {
                        guild_id: guild,
                        channel_id: 10 + guild,
                        kind: SubKind::Person,
                        value: "Rutte".to_string(),
                        mention_role_id: None,
                        created_by: None,
                    },
                    0,
                )
                .expect("sub");
        }
        let own = crate::store::moderation::GuildTemplate {
            name: "update_post.j2".to_string(),
            source: "SERVER ONE: {{ value }} said {{ statements | length }} things".to_string(),
        };
        store.set_guild_template(1, &own, 7, 0).expect("template");
        let subs = store.active_subscriptions().expect("subs");
        let (doc, analysis) = article();
        let posts = posts_for(&store, &renderer, &subs, None, &doc, &analysis).expect("posts");
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].content, "SERVER ONE: Rutte said 2 things");
        assert!(
            posts[1].content.starts_with("New from **Rutte**"),
            "{}",
            posts[1].content
        );
    }

    #[test]
    fn long_posts_stay_within_discords_limit() {
        let renderer = Renderer::new(None).expect("templates");
        let (doc, analysis) = article();
        let mut statements = Vec::new();
        for _ in 0..40 {
            let mut c = cite(&doc, &analysis, &analysis.statements[0]).expect("cited");
            c.content = "word ".repeat(60);
            statements.push(c);
        }
        let post = UpdatePost {
            kind: "topic".into(),
            value: "nato".into(),
            role_mention: None,
            document: DocRef::from(&doc),
            statements,
            more: 0,
        };
        let text = renderer.render_update(&post).expect("renders");
        assert!(text.chars().count() <= crate::render::MAX_MESSAGE_CHARS);
        assert!(text.contains("more in the article"), "{text}");
    }
}
