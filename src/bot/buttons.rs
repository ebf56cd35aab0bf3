//! The buttons under an answer: "More" (the next statements), "Timeline" (what the person
//! said over time), "Sources" (every article cited, with links), and 👍 / 👎 (feedback on
//! a cited statement).
//!
//! Each button's `custom_id` is a [`ButtonId`]: compact, versioned and checked. It carries
//! what the click needs besides the answer's conversation (kept in the state database for a
//! day, so buttons work after a restart) and the answer's nonce: a click whose nonce is not
//! the answer's (a forged id) or whose version or answer is gone (a stale one) gets a
//! polite notice only the clicker sees, and nothing else happens.
//!
//! Anyone in the channel may press "More" and "Timeline": they post a new answer below
//! rather than edit the asker's, so paging disturbs no one, and the server's moderation
//! applies to the clicker as to a question (a blocked member's clicks are refused; hidden
//! documents and statements left out by feedback never appear).
//! Calls `bot::request` (answers), `bot::reply` (posting), `bot::conversation`, `store`
//! (votes) and `moderation` (who is a moderator, the audit log).

use std::fmt;
use std::str::FromStr;
use std::time::Instant;

use serenity::all::{
    ButtonStyle, ComponentInteraction, CreateActionRow, CreateButton, Http, ReactionType,
};
use tracing::Instrument;

use crate::bot::commands::moderation::{self as mod_commands, Admission};
use crate::bot::conversation::{self, Posted};
use crate::bot::request::{self, Request, Scope};
use crate::bot::{reply, Data, Error};
use crate::moderation::{Actor, Needs};
use crate::qa::{Conversation, Turn};
use crate::render::phrasing::escape_markdown;
use crate::store::{self, NewCase, Vote, Voted, MEMBER_DOWN_VOTES};

/// The version of the ids this build makes; ids of another version are stale.
pub const VERSION: u32 = 1;
/// Hex digits of an answer's nonce.
pub const NONCE_LEN: usize = 8;
/// Discord's limit on a `custom_id`.
pub const MAX_ID_LEN: usize = 100;
/// The most statements the 👍 / 👎 picker offers (one row of buttons).
const MAX_PICK: usize = 5;
/// Discord's limit on a button label.
const MAX_LABEL: usize = 80;

/// What a click on an id the bot did not make, or changed, is told.
pub const FORGED: &str =
    "That button is not one I can use (it does not match this answer), so I did nothing.";
/// What a click on a button of an answer whose conversation is gone is told.
pub const STALE: &str = "This answer's buttons have expired (they last a day, and buttons of older versions of whosaid stop working). Please ask again.";

/// What a button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    More,
    Timeline,
    Sources,
    /// 👍 (`up`) or 👎 on the answer: asks which statement when it cites several.
    Vote {
        up: bool,
    },
    /// 👍 or 👎 on statement `statement` of the answer message `answer` (the picker is a
    /// message of its own, so the id names the answer).
    Pick {
        up: bool,
        statement: u8,
        answer: u64,
    },
}

/// A button's `custom_id`: `ws1:<action>:<nonce>[:<statement>:<answer>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ButtonId {
    pub action: Action,
    pub nonce: String,
}

/// Why an id was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadId {
    /// Made by another version of whosaid.
    Stale,
    /// Not an id whosaid makes.
    Forged,
}

impl fmt::Display for ButtonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = &self.nonce;
        match self.action {
            Action::More => write!(f, "ws{VERSION}:m:{n}"),
            Action::Timeline => write!(f, "ws{VERSION}:t:{n}"),
            Action::Sources => write!(f, "ws{VERSION}:s:{n}"),
            Action::Vote { up } => write!(f, "ws{VERSION}:{}:{n}", if up { "u" } else { "d" }),
            Action::Pick {
                up,
                statement,
                answer,
            } => write!(
                f,
                "ws{VERSION}:{}:{n}:{statement}:{answer}",
                if up { "pu" } else { "pd" }
            ),
        }
    }
}

impl FromStr for ButtonId {
    type Err = BadId;

    fn from_str(s: &str) -> Result<ButtonId, BadId> {
        if s.len() > MAX_ID_LEN {
            return Err(BadId::Forged);
        }
        let parts: Vec<&str> = s.split(':').collect();
        let version = parts
            .first()
            .and_then(|p| p.strip_prefix("ws"))
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or(BadId::Forged)?;
        if version != VERSION {
            return Err(BadId::Stale);
        }
        let nonce = parts.get(2).copied().unwrap_or_default();
        if nonce.len() != NONCE_LEN || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BadId::Forged);
        }
        let action = match (parts.get(1).copied(), &parts[3..]) {
            (Some("m"), []) => Action::More,
            (Some("t"), []) => Action::Timeline,
            (Some("s"), []) => Action::Sources,
            (Some("u"), []) => Action::Vote { up: true },
            (Some("d"), []) => Action::Vote { up: false },
            (Some(pick @ ("pu" | "pd")), [statement, answer]) => {
                let statement: u8 = statement.parse().map_err(|_| BadId::Forged)?;
                if usize::from(statement) >= MAX_PICK {
                    return Err(BadId::Forged);
                }
                Action::Pick {
                    up: pick == "pu",
                    statement,
                    answer: answer.parse().map_err(|_| BadId::Forged)?,
                }
            }
            _ => return Err(BadId::Forged),
        };
        Ok(ButtonId {
            action,
            nonce: nonce.to_string(),
        })
    }
}

fn id(action: Action, nonce: &str) -> String {
    ButtonId {
        action,
        nonce: nonce.to_string(),
    }
    .to_string()
}

/// The buttons under an answer whose turn is `turn`: none when it cites no statement
/// (nothing to page, source or vote on).
pub fn answer_buttons(nonce: &str, turn: &Turn) -> Vec<CreateActionRow> {
    if turn.statements.is_empty() {
        return Vec::new();
    }
    let mut row = vec![CreateButton::new(id(Action::More, nonce))
        .label("More")
        .style(ButtonStyle::Primary)];
    if turn.subject.is_some() {
        row.push(
            CreateButton::new(id(Action::Timeline, nonce))
                .label("Timeline")
                .style(ButtonStyle::Secondary),
        );
    }
    row.push(
        CreateButton::new(id(Action::Sources, nonce))
            .label("Sources")
            .style(ButtonStyle::Secondary),
    );
    for up in [true, false] {
        let emoji = if up { "👍" } else { "👎" };
        row.push(
            CreateButton::new(id(Action::Vote { up }, nonce))
                .emoji(ReactionType::Unicode(emoji.to_string()))
                .style(ButtonStyle::Secondary),
        );
    }
    vec![CreateActionRow::Buttons(row)]
}

/// A component interaction (a click on one of the bot's buttons).
pub async fn on_click(data: &Data, http: &Http, click: &ComponentInteraction) -> Result<(), Error> {
    let span = tracing::info_span!(
        "click",
        user = %click.user.id,
        channel = %click.channel_id,
        custom_id = %crate::corpus::shorten(&click.data.custom_id, MAX_ID_LEN),
        action = tracing::field::Empty,
    );
    handle(data, http, click).instrument(span).await
}

async fn handle(data: &Data, http: &Http, click: &ComponentInteraction) -> Result<(), Error> {
    let metrics = &data.metrics;
    let tell =
        |text: &'static str| reply::ephemeral_to_click(http, metrics, click, text, Vec::new());
    let Some(_pass) = data.gate.enter() else {
        tell(crate::bot::shutdown::STOPPING).await?;
        return Ok(());
    };
    let button = match click.data.custom_id.parse::<ButtonId>() {
        Ok(b) => b,
        Err(bad) => {
            tracing::info!(?bad, "button refused");
            tell(if bad == BadId::Stale { STALE } else { FORGED }).await?;
            return Ok(());
        }
    };
    tracing::Span::current().record("action", format!("{:?}", button.action));
    let guild = click.guild_id.map(|g| g.get());
    let scope = match mod_commands::admit(
        data,
        guild,
        click.channel_id.get(),
        click.user.id.get(),
        false,
    ) {
        Admission::Answer { scope, .. } => scope,
        Admission::Refuse(why) => {
            reply::ephemeral_to_click(http, metrics, click, &why, Vec::new()).await?;
            return Ok(());
        }
    };
    let guild = conversation::guild_key(guild);
    let answer = match button.action {
        Action::Pick { answer, .. } => answer,
        _ => click.message.id.get(),
    };
    let store = data.moderation.store();
    let row = match store.conversation(guild, click.channel_id.get(), answer, store::now()) {
        Ok(Some(row)) => row,
        Ok(None) => {
            tell(STALE).await?;
            return Ok(());
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read an answer's conversation");
            reply::ephemeral_to_click(http, metrics, click, request::INTERNAL_ERROR, Vec::new())
                .await?;
            return Ok(());
        }
    };
    if row.nonce != button.nonce {
        tracing::info!("button refused: not this answer's nonce");
        tell(FORGED).await?;
        return Ok(());
    }
    let Some(conv) = conversation::turns(&row) else {
        tell(STALE).await?;
        return Ok(());
    };
    let Some(turn) = conv.last().cloned() else {
        tell(STALE).await?;
        return Ok(());
    };
    match button.action {
        Action::More => {
            let request = Request::More {
                turn: Box::new(turn),
            };
            post_answer(data, http, click, request, conv, row.thread_id, scope).await
        }
        Action::Timeline => {
            let Some(person) = turn.subject.clone() else {
                tell("This answer is about no one in particular, so it has no timeline.").await?;
                return Ok(());
            };
            let request = Request::Said {
                person,
                about: None,
                since: None,
            };
            post_answer(data, http, click, request, conv, row.thread_id, scope).await
        }
        Action::Sources => {
            let text = sources(&conv);
            reply::ephemeral_to_click(http, metrics, click, &text, Vec::new()).await?;
            Ok(())
        }
        Action::Vote { up } => match turn.statements.len() {
            0 => {
                tell("This answer cites no statement to vote on.").await?;
                Ok(())
            }
            1 => vote(data, http, click, guild, &turn, 0, up).await,
            _ => {
                let rows = picker(&button.nonce, &turn, up, answer);
                let text = if up {
                    "Which statement was right and useful?"
                } else {
                    "Which statement is wrong or badly attributed?"
                };
                reply::ephemeral_to_click(http, metrics, click, text, rows).await?;
                Ok(())
            }
        },
        Action::Pick { up, statement, .. } => {
            vote(data, http, click, guild, &turn, usize::from(statement), up).await
        }
    }
}

/// Answer `request` publicly for a click, below the answer, with buttons of its own, and
/// keep its conversation (the clicked answer's, with this turn after it).
async fn post_answer(
    data: &Data,
    http: &Http,
    click: &ComponentInteraction,
    request: Request,
    before: Conversation,
    thread_id: Option<u64>,
    scope: Scope,
) -> Result<(), Error> {
    let started = Instant::now();
    reply::defer_click(http, &data.metrics, click).await?;
    let answered =
        request::answer_turn(data.engine.clone(), request, None, scope, &data.metrics).await;
    let nonce = conversation::new_nonce();
    let buttons = answered
        .turn
        .as_ref()
        .map(|t| answer_buttons(&nonce, t))
        .unwrap_or_default();
    let ids =
        reply::finish_token(http, &data.metrics, &click.token, answered.outcome, buttons).await?;
    if let Some(turn) = answered.turn {
        let conv = conversation::after(Some(before), turn);
        conversation::keep(
            data.moderation.store(),
            &Posted {
                guild: conversation::guild_key(click.guild_id.map(|g| g.get())),
                channel: click.channel_id.get(),
                messages: &ids,
                thread_id,
                asker: click.user.id,
                nonce: &nonce,
            },
            &conv,
        );
    }
    tracing::info!(
        latency_ms = started.elapsed().as_millis() as u64,
        "button answered"
    );
    Ok(())
}

/// Every article the conversation's answers cited, once each, newest turn first, with
/// links.
fn sources(conv: &Conversation) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for turn in conv.turns.iter().rev() {
        for s in &turn.statements {
            let d = &s.document;
            if seen.contains(&d.id.as_str()) {
                continue;
            }
            seen.push(&d.id);
            let title = escape_markdown(&crate::corpus::shorten(&d.title, 120));
            let title = match d.url.as_deref().filter(|u| u.starts_with("http")) {
                Some(url) => format!("[{title}](<{url}>)"),
                None => title,
            };
            let mut line = format!("• {title}");
            if let Some(source) = &d.source {
                line.push_str(&format!(" ({})", escape_markdown(source)));
            }
            if let Some(p) = d.published {
                line.push_str(&format!(", {}", crate::render::phrasing::date_words(p)));
            }
            lines.push(line);
        }
    }
    if lines.is_empty() {
        return "This answer cites no article.".to_string();
    }
    format!("Sources of this answer:\n{}", lines.join("\n"))
}

/// A statement in a line: "Speaker: what was said", shortened to `max` characters.
fn cited(s: &crate::qa::CitedStatement, max: usize) -> String {
    let who = s.speaker.as_deref().unwrap_or("Unnamed");
    crate::corpus::shorten(&format!("{who}: {}", s.content), max)
}

/// The 👍 / 👎 picker: one button per statement of the answer (at most [`MAX_PICK`]).
fn picker(nonce: &str, turn: &Turn, up: bool, answer: u64) -> Vec<CreateActionRow> {
    let buttons = turn
        .statements
        .iter()
        .take(MAX_PICK)
        .enumerate()
        .map(|(i, s)| {
            let action = Action::Pick {
                up,
                statement: i as u8,
                answer,
            };
            CreateButton::new(id(action, nonce))
                .label(cited(s, MAX_LABEL))
                .style(if up {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Danger
                })
        })
        .collect();
    vec![CreateActionRow::Buttons(buttons)]
}

/// Record the clicker's vote on statement `i` of `turn`, in the audit log too.
async fn vote(
    data: &Data,
    http: &Http,
    click: &ComponentInteraction,
    guild: u64,
    turn: &Turn,
    i: usize,
    up: bool,
) -> Result<(), Error> {
    let metrics = &data.metrics;
    let Some(statement) = turn.statements.get(i) else {
        reply::ephemeral_to_click(http, metrics, click, FORGED, Vec::new()).await?;
        return Ok(());
    };
    if guild == 0 {
        let text = "Feedback is kept per server: it works in a server's channels.";
        reply::ephemeral_to_click(http, metrics, click, text, Vec::new()).await?;
        return Ok(());
    }
    let actor = actor_of(click);
    let moderator = data
        .moderation
        .allowed(guild, &actor, Needs::Moderator)
        .unwrap_or(false);
    let key = statement.key();
    let shown = cited(statement, 200);
    let record = Vote {
        guild_id: guild,
        statement_key: key.clone(),
        member_id: click.user.id.get(),
        up,
        moderator,
        question: crate::corpus::shorten(&turn.question, 300),
        doc_id: statement.document.id.clone(),
        cited: shown.clone(),
        url: statement.document.url.clone(),
        voted_at: store::now(),
    };
    let voted = match data.moderation.store().record_vote(&record) {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "cannot record a vote");
            reply::ephemeral_to_click(http, metrics, click, request::INTERNAL_ERROR, Vec::new())
                .await?;
            return Ok(());
        }
    };
    let action = if up { "feedback up" } else { "feedback down" };
    if voted != Voted::Same {
        let target = format!("{key} {shown}");
        let case = data.moderation.record(&NewCase {
            guild_id: guild,
            actor_id: actor.user_id,
            action,
            target: Some(&target),
            reason: None,
            outcome: if moderator {
                "done (moderator)"
            } else {
                "done"
            },
        });
        match case {
            Ok(case) => mod_commands::post_case(http, data, &case).await,
            Err(e) => tracing::error!(error = %e, "could not record a vote in the audit log"),
        }
    }
    let emoji = if up { "👍" } else { "👎" };
    let effect = match (up, moderator) {
        (false, true) => {
            " As a moderator's, it leaves this statement out of this server's answers from now on."
                .to_string()
        }
        (false, false) => format!(
            " Once {MEMBER_DOWN_VOTES} more members vote it down than up, this server's answers cite it only when nothing else answers."
        ),
        (true, _) => String::new(),
    };
    let text = match voted {
        Voted::Same => format!(
            "You had already voted {emoji} on “{}”.",
            escape_markdown(&shown)
        ),
        _ => format!("Noted: {emoji} on “{}”.{effect}", escape_markdown(&shown)),
    };
    reply::ephemeral_to_click(http, metrics, click, &text, Vec::new()).await?;
    Ok(())
}

/// Who clicked, from the interaction's own data (as `/mod` decides who is a moderator).
fn actor_of(click: &ComponentInteraction) -> Actor {
    let member = click.member.as_ref();
    let manage_guild = member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator());
    Actor {
        user_id: click.user.id.get(),
        roles: member
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        manage_guild,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ButtonId, BadId> {
        s.parse()
    }

    #[test]
    fn ids_print_and_parse_back_within_discords_limit() {
        let nonce = "0123abcd";
        let actions = [
            Action::More,
            Action::Timeline,
            Action::Sources,
            Action::Vote { up: true },
            Action::Vote { up: false },
            Action::Pick {
                up: false,
                statement: 4,
                answer: u64::MAX,
            },
        ];
        for action in actions {
            let printed = id(action, nonce);
            assert!(printed.len() <= MAX_ID_LEN, "{printed}");
            assert_eq!(
                parse(&printed),
                Ok(ButtonId {
                    action,
                    nonce: nonce.into()
                })
            );
        }
        assert_eq!(id(Action::More, nonce), "ws1:m:0123abcd");
    }

    #[test]
    fn other_versions_are_stale_and_anything_else_is_forged() {
        assert_eq!(parse("ws0:m:0123abcd"), Err(BadId::Stale));
        assert_eq!(parse("ws2:m:0123abcd"), Err(BadId::Stale));
        for forged in [
            "",
            "more",
            "ws1",
            "ws1:m",
            "ws1:x:0123abcd",
            "ws1:m:0123abc",
            "ws1:m:0123abcz",
            "ws1:m:0123abcd:1",
            "ws1:pd:0123abcd:5:1",
            "ws1:pd:0123abcd:1",
            "ws1:pd:0123abcd:1:-1",
            "wsx:m:0123abcd",
            &format!("ws1:m:0123abcd{}", "x".repeat(100)),
        ] {
            assert_eq!(parse(forged), Err(BadId::Forged), "{forged}");
        }
    }
}
