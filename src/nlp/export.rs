//! The `whosaid extract` contract: an article's statements as JSON with character offsets
//! (as Python indexes strings), the format extraction quality is measured on.

use serde::Serialize;

use super::offsets::CharOffsets;
use super::{Analysis, DateSpan, Span};

#[derive(Serialize)]
pub struct ExtractedArticle<'a> {
    pub id: &'a str,
    pub attributions: Vec<ExtractedAttribution>,
}

#[derive(Serialize)]
pub struct ExtractedAttribution {
    pub source: Option<CharSpan>,
    pub cue: Option<CharSpan>,
    pub content: CharSpan,
    pub speaker: Option<String>,
    pub kind: &'static str,
    pub when: Option<DateSpan>,
}

/// A span in characters, with its text and, for discontinuous content, its fragments.
#[derive(Serialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<[usize; 2]>>,
}

/// The extract record of one analysed article.
pub fn article<'a>(id: &'a str, text: &str, analysis: &Analysis) -> ExtractedArticle<'a> {
    let map = CharOffsets::new(text);
    let span = |s: Span| CharSpan {
        start: map.char_of(s.start),
        end: map.char_of(s.end),
        text: s.text(text).to_string(),
        fragments: None,
    };
    let attributions = analysis
        .statements
        .iter()
        .filter(|st| !st.content.is_empty() && !is_nested(st, &analysis.statements))
        .map(|st| {
            let hull = st.content_hull();
            let mut content = span(hull);
            if st.content.len() > 1 {
                content.fragments = Some(
                    st.content
                        .iter()
                        .map(|f| [map.char_of(f.start), map.char_of(f.end)])
                        .collect(),
                );
            }
            ExtractedAttribution {
                source: st.source.map(span),
                cue: st.cue.map(span),
                content,
                speaker: st.speaker.as_ref().map(|s| s.name.clone()),
                kind: st.kind.as_str(),
                when: st.when.clone(),
            }
        })
        .collect();
    ExtractedArticle { id, attributions }
}

/// Whether a statement's cue lies inside another statement's content: "Trump said Clinton
/// claimed …" is one attribution as the annotation guidelines count them (each word plays
/// one role). The nested statement stays in the analysis, where questions can use it.
fn is_nested(st: &super::Statement, all: &[super::Statement]) -> bool {
    let Some(cue) = st.cue else { return false };
    if st.kind == super::StatementKind::Direct {
        return false;
    }
    // The whole attribution clause sits inside the other's content: its source too, when
    // it has one there ("said Clinton claimed"); a participle's subject stands outside.
    let head = st.source.map_or(cue, |s| s.join(cue));
    all.iter()
        .any(|other| !std::ptr::eq(other, st) && other.content.iter().any(|c| c.contains(head)))
}
