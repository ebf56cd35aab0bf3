//! Self-measurement: exact Rust ports of the reference scorers in `shared/eval/`
//! (`score_attributions.py`, `score_qa.py`), so `whosaid eval` prints the same numbers the
//! scripts print, and the follow-up score of our own ([`followups`]). Pure functions over parsed JSON Lines; the CLI runs extraction or the engine.

pub mod attributions;
pub mod followups;
pub mod python;
pub mod qa;

pub use python::{read_jsonl, Row};
