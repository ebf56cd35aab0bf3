//! [`StatementId`]: a stable, URL-safe name for one statement, for links to it
//! (`/statements/{id}`) that survive restarts and re-indexing.
//!
//! A statement is named by what stays the same while its article does: the article's id, the
//! sentence it is in (its position in the article) and a short hash of what was said (one
//! sentence may hold several statements). Re-ingesting the same article gives the same ids;
//! an edited sentence gives a new one, and the old link then finds nothing, which is right.
//! The article id is arbitrary text (a feed's GUID, a URL), so it travels as unpadded
//! base64url: the whole id is then `[A-Za-z0-9_-]` and two dots.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Hex digits of the content hash kept: 32 bits tell apart the few statements of one
/// sentence with room to spare.
const HASH_HEX: usize = 8;
/// The longest id parsed: a 512-byte article id in base64 (683 characters), the position
/// and the hash, with margin. Longer input is refused before decoding.
const MAX_ID_CHARS: usize = 720;

/// One statement's id: article, sentence position, content hash.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StatementId {
    doc_id: String,
    position: u64,
    hash: String,
}

/// Why a text is not a statement id (for a 400 page that says what was wrong).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementIdError {
    #[error("a statement id is longer than {MAX_ID_CHARS} characters")]
    TooLong,
    #[error("a statement id has three parts separated by dots (article.sentence.hash)")]
    Shape,
    #[error("the article part of the statement id is not valid base64url text")]
    Article,
    #[error("the sentence part of the statement id is not a number")]
    Position,
    #[error("the last part of the statement id is not {HASH_HEX} hex digits")]
    Hash,
}

impl StatementId {
    /// The id of the statement `content` in sentence `position` of the article `doc_id`.
    pub fn new(doc_id: &str, position: u64, content: &str) -> Self {
        let digest = blake3::hash(content.as_bytes()).to_hex();
        StatementId {
            doc_id: doc_id.to_string(),
            position,
            hash: digest[..HASH_HEX].to_string(),
        }
    }

    pub fn doc_id(&self) -> &str {
        &self.doc_id
    }

    pub fn position(&self) -> u64 {
        self.position
    }

    /// Whether this id names the statement `content` (of its article and sentence).
    pub fn names(&self, doc_id: &str, position: u64, content: &str) -> bool {
        *self == StatementId::new(doc_id, position, content)
    }
}

impl fmt::Display for StatementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(self.doc_id.as_bytes()),
            self.position,
            self.hash
        )
    }
}

impl FromStr for StatementId {
    type Err = StatementIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > MAX_ID_CHARS {
            return Err(StatementIdError::TooLong);
        }
        let mut parts = s.split('.');
        let (Some(doc), Some(position), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(StatementIdError::Shape);
        };
        let doc_id = URL_SAFE_NO_PAD
            .decode(doc)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|d| !d.is_empty())
            .ok_or(StatementIdError::Article)?;
        // Digits only: `u64::from_str` would also take a leading '+', a second spelling.
        if position.is_empty() || !position.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StatementIdError::Position);
        }
        let position = position.parse().map_err(|_| StatementIdError::Position)?;
        if hash.len() != HASH_HEX || !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(StatementIdError::Hash);
        }
        Ok(StatementId {
            doc_id,
            position,
            hash: hash.to_string(),
        })
    }
}

impl Serialize for StatementId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatementId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_as_itself_and_is_url_safe() {
        for doc in [
            "d1",
            "https://example.org/a?b=c&d=é",
            "id with spaces/and.dots",
        ] {
            let id = StatementId::new(doc, 7, "the bridge is safe");
            let text = id.to_string();
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "{text}"
            );
            assert_eq!(text.parse::<StatementId>(), Ok(id.clone()));
            assert_eq!(id.doc_id(), doc);
            assert_eq!(id.position(), 7);
        }
    }

    #[test]
    fn the_same_statement_always_gets_the_same_id_and_another_does_not() {
        let a = StatementId::new("d1", 3, "the bridge is safe");
        assert_eq!(a, StatementId::new("d1", 3, "the bridge is safe"));
        assert_ne!(a, StatementId::new("d1", 3, "the bridge is closed"));
        assert_ne!(a, StatementId::new("d1", 4, "the bridge is safe"));
        assert!(a.names("d1", 3, "the bridge is safe"));
        assert!(!a.names("d2", 3, "the bridge is safe"));
    }

    #[test]
    fn malformed_ids_say_which_part_is_wrong() {
        let good = StatementId::new("d1", 3, "x").to_string();
        let (doc, rest) = good.split_once('.').expect("dot");
        let hash = rest.split_once('.').expect("dot").1;
        let cases = [
            ("", StatementIdError::Shape),
            ("abc", StatementIdError::Shape),
            (&format!("{good}.1") as &str, StatementIdError::Shape),
            (&format!("!!.3.{hash}"), StatementIdError::Article),
            (&format!(".3.{hash}"), StatementIdError::Article),
            (&format!("{doc}.x.{hash}"), StatementIdError::Position),
            (&format!("{doc}.+3.{hash}"), StatementIdError::Position),
            (
                &format!("{doc}.99999999999999999999999.{hash}"),
                StatementIdError::Position,
            ),
            (&format!("{doc}.3.ABCDEF12"), StatementIdError::Hash),
            (&format!("{doc}.3.abc"), StatementIdError::Hash),
            (&"a".repeat(MAX_ID_CHARS + 1), StatementIdError::TooLong),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<StatementId>(), Err(want), "{text:?}");
        }
    }

    #[test]
    fn an_id_serialises_as_its_text() {
        let id = StatementId::new("d1", 3, "x");
        let json = serde_json::to_string(&id).expect("json");
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(
            serde_json::from_str::<StatementId>(&json).expect("back"),
            id
        );
    }
}
