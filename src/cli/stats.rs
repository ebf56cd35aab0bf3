//! `whosaid stats`: what the index holds.
//! Calls `super::common` and the engine it opens.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::common;

pub fn run(data_dir: PathBuf, json: bool) -> Result<ExitCode> {
    let engine = common::open(data_dir, None, false)?;
    let s = engine.stats()?;
    if json {
        println!("{}", serde_json::to_string(&s)?);
        return Ok(ExitCode::SUCCESS);
    }
    let range = match (s.earliest, s.latest) {
        (Some(a), Some(b)) => format!("{a} … {b}"),
        _ => "no dated articles".to_string(),
    };
    println!("documents:  {}", s.documents);
    println!("statements: {}", s.statements);
    println!("speakers:   {}", s.speakers);
    println!("published:  {range}");
    println!(
        "index size: {:.1} MB ({})",
        s.index_bytes as f64 / 1e6,
        engine.data_dir().join("index").display()
    );
    Ok(ExitCode::SUCCESS)
}
