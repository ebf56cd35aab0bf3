//! `whosaid chart "Mark Rutte" --out rutte.png [--about TOPIC] [--since DATE] [--until DATE]`:
//! the timeline picture the bot attaches to `/said`, written to a file (`.png`, or `.svg`
//! as the web page shows it).
//! Calls `engine` (the person's statements) and `chart`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use super::common;
use crate::chart::Timeline;
use crate::qa::PersonFilter;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Whose statements, e.g. "Mark Rutte".
    pub person: String,
    /// The file to write: a .png picture, or a .svg drawing.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only statements about this, e.g. "NATO".
    #[arg(long, value_name = "TOPIC")]
    pub about: Option<String>,
    /// Only statements from this day on (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only statements up to this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
}

/// What the file holds, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Png,
    Svg,
}

impl Format {
    fn of(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => bail!(
                "--out {}: the file name must end in .png (a picture) or .svg (a drawing)",
                path.display()
            ),
        }
    }
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let format = Format::of(&args.out)?;
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            bail!("--since {since} is after --until {until}: nothing can be in between");
        }
    }
    let engine = common::open(data_dir, None, true)?;
    let filter = PersonFilter {
        about: args.about.clone(),
        since: args.since,
        until: args.until,
    };
    let person = args.person.trim();
    let Some(statements) = engine.person_statements(person, &filter, &HashSet::new())? else {
        bail!(
            "no one called \"{person}\" in the index: try the name as the articles write it, or the surname alone"
        );
    };
    let timeline = Timeline::new(&statements, &filter);
    timeline.ready()?;
    let bytes = match format {
        Format::Png => timeline.png()?,
        Format::Svg => timeline.svg().into_bytes(),
    };
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("{}: {}", args.out.display(), timeline.description());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_file_name() {
        assert_eq!(Format::of(Path::new("rutte.png")).ok(), Some(Format::Png));
        assert_eq!(
            Format::of(Path::new("a/b/RUTTE.SVG")).ok(),
            Some(Format::Svg)
        );
        let err = Format::of(Path::new("rutte.jpg")).expect_err("not a format we write");
        assert!(err.to_string().contains(".png"), "{err}");
    }
}
