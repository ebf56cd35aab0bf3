//! The explorer's query strings and path segments parsed into typed values at the edge,
//! each refusal saying what was wrong (the 400 page shows it).

use chrono::NaiveDate;
use url::form_urlencoded;

/// The longest question taken from `?q=` (the question reader refuses longer ones too).
pub const MAX_QUESTION_CHARS: usize = crate::qa::understand::MAX_QUESTION_CHARS;
/// The longest topic taken from `?about=`.
pub const MAX_ABOUT_CHARS: usize = 200;
/// The longest person name taken from a path.
pub const MAX_NAME_CHARS: usize = 200;

/// A parameter that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("{name} is given twice; give it once")]
    Repeated { name: &'static str },
    #[error("{name}={value:?} is not a date; write it as YYYY-MM-DD, e.g. 2025-10-21")]
    Date { name: &'static str, value: String },
    #[error("page={0:?} is not a page number; pages count from 1")]
    Page(String),
    #[error("server={0:?} is not a Discord server id (a number)")]
    Server(String),
    #[error("{name} is too long ({chars} characters); keep it under {max}")]
    TooLong {
        name: &'static str,
        chars: usize,
        max: usize,
    },
    #[error("since ({since}) is after until ({until})")]
    DatesReversed { since: NaiveDate, until: NaiveDate },
}

/// A Discord server id from a link in that server's answer: its hidden documents stay
/// hidden on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerId(pub u64);

/// What the pages read from a query string; unknown keys are ignored (trackers add some).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Params {
    pub q: Option<String>,
    pub about: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub page: Option<usize>,
    pub server: Option<ServerId>,
}

impl Params {
    /// Parse a raw query string (`None`: there was none).
    pub fn parse(raw: Option<&str>) -> Result<Params, ParamError> {
        let mut p = Params::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let name: &'static str = match key.as_ref() {
                "q" => "q",
                "about" => "about",
                "since" => "since",
                "until" => "until",
                "page" => "page",
                "server" => "server",
                _ => continue,
            };
            if seen.contains(&name) {
                return Err(ParamError::Repeated { name });
            }
            seen.push(name);
            let value = value.trim();
            // An empty field of a submitted form means "not set".
            if value.is_empty() {
                continue;
            }
            match name {
                "q" => p.q = Some(text(name, value, MAX_QUESTION_CHARS)?),
                "about" => p.about = Some(text(name, value, MAX_ABOUT_CHARS)?),
                "since" => p.since = Some(date(name, value)?),
                "until" => p.until = Some(date(name, value)?),
                "page" => {
                    p.page = Some(
                        value
                            .parse::<usize>()
                            .ok()
                            .filter(|n| *n >= 1)
                            .ok_or_else(|| ParamError::Page(value.to_string()))?,
                    )
                }
                _ => {
                    p.server = Some(ServerId(
                        value
                            .parse::<u64>()
                            .map_err(|_| ParamError::Server(value.to_string()))?,
                    ))
                }
            }
        }
        if let (Some(since), Some(until)) = (p.since, p.until) {
            if since > until {
                return Err(ParamError::DatesReversed { since, until });
            }
        }
        Ok(p)
    }
}

/// A person's name from a path segment (already percent-decoded).
pub fn person_name(raw: &str) -> Result<String, ParamError> {
    text("the name", raw.trim(), MAX_NAME_CHARS)
}

fn text(name: &'static str, value: &str, max: usize) -> Result<String, ParamError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(ParamError::TooLong { name, chars, max });
    }
    Ok(value.to_string())
}

fn date(name: &'static str, value: &str) -> Result<NaiveDate, ParamError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| ParamError::Date {
        name,
        value: value.chars().take(40).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_string_reads_into_typed_values() {
        let p = Params::parse(Some(
            "q=who+said+it%3F&about=defence&since=2025-01-02&until=2025-03-04&page=2&server=42&utm=x",
        ))
        .expect("params");
        assert_eq!(p.q.as_deref(), Some("who said it?"));
        assert_eq!(p.about.as_deref(), Some("defence"));
        assert_eq!(p.since, NaiveDate::from_ymd_opt(2025, 1, 2));
        assert_eq!(p.until, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(p.page, Some(2));
        assert_eq!(p.server, Some(ServerId(42)));
        assert_eq!(Params::parse(None), Ok(Params::default()));
        assert_eq!(Params::parse(Some("q=&since=")), Ok(Params::default()));
    }

    #[test]
    fn bad_parameters_say_what_was_wrong() {
        let cases = [
            ("since=yesterday", "since=\"yesterday\" is not a date"),
            ("page=0", "pages count from 1"),
            ("page=-1", "pages count from 1"),
            ("server=abc", "not a Discord server id"),
            ("q=a&q=b", "q is given twice"),
            ("since=2025-02-01&until=2025-01-01", "is after until"),
        ];
        for (raw, want) in cases {
            let err = Params::parse(Some(raw)).expect_err(raw).to_string();
            assert!(err.contains(want), "{raw}: {err}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUESTION_CHARS + 1));
        assert!(matches!(
            Params::parse(Some(&long)),
            Err(ParamError::TooLong { name: "q", .. })
        ));
    }
}
