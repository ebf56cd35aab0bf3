//! `/sources`: what the corpus holds (documents, statements, speakers, date range).
//! Calls `engine` (stats), `render` (dates in words), `bot::embed` and `super::post`.

use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use crate::bot::embed;
use crate::bot::request::{Outcome, INTERNAL_ERROR};
use crate::bot::{Context, Error};
use crate::engine::Stats;
use crate::render::phrasing::date_words;

/// What the articles behind the answers are.
#[poise::command(slash_command)]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    let engine = ctx.data().engine.clone();
    let looked = tokio::task::spawn_blocking(move || {
        engine
            .stats()
            .map(|stats| (stats, last_change(engine.data_dir(), 3)))
    })
    .await;
    let outcome = match looked {
        Ok(Ok((stats, updated))) => {
            let mut text = describe(&stats);
            if let Some(t) = updated {
                let t: DateTime<Utc> = t.into();
                text.push_str(&format!(
                    "\nLast update: {}",
                    t.format("%-d %B %Y, %H:%M UTC")
                ));
            }
            Outcome::Pages(embed::paged("What I have read", &text, ""), None)
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "stats failed");
            Outcome::Refused(INTERNAL_ERROR.to_string())
        }
        Err(e) => {
            tracing::error!(error = %e, "stats task failed");
            Outcome::Refused(INTERNAL_ERROR.to_string())
        }
    };
    super::post(ctx, outcome).await
}

/// When anything under `dir` last changed (the index commits there), looking `depth`
/// directories down.
fn last_change(dir: &Path, depth: usize) -> Option<SystemTime> {
    let mut latest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let t = if meta.is_dir() && depth > 0 {
            last_change(&entry.path(), depth - 1)
        } else {
            meta.modified().ok()
        };
        latest = latest.max(t);
    }
    latest
}

/// The corpus in a few lines.
pub fn describe(stats: &Stats) -> String {
    let mut lines = vec![
        format!("**{}** articles", stats.documents),
        format!(
            "**{}** statements by **{}** speakers",
            stats.statements, stats.speakers
        ),
    ];
    match (stats.earliest, stats.latest) {
        (Some(a), Some(b)) if a == b => lines.push(format!("Published on {}", date_words(a))),
        (Some(a), Some(b)) => lines.push(format!(
            "Published from {} to {}",
            date_words(a),
            date_words(b)
        )),
        _ => {}
    }
    if let Some(latest) = stats.latest {
        lines.push(format!("Newest article: {}", date_words(latest)));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn describes_counts_and_dates() {
        let stats = Stats {
            documents: 25,
            statements: 140,
            speakers: 60,
            index_bytes: 1,
            earliest: NaiveDate::from_ymd_opt(2005, 1, 2),
            latest: NaiveDate::from_ymd_opt(2025, 10, 22),
        };
        let text = describe(&stats);
        assert!(text.contains("**25** articles"), "{text}");
        assert!(
            text.contains("from 2 January 2005 to 22 October 2025"),
            "{text}"
        );
    }
}
