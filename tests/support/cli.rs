//! The `whosaid` binary as a user runs it: a command with none of the variables a
//! developer's shell may set that would change what it does, run on a data directory, and
//! what it printed.

use std::path::Path;
use std::process::{Command, Output};

/// Variables `whosaid` reads (besides its flags): each test sets the ones it means.
const ENV: [&str; 9] = [
    "RUST_LOG",
    "DISCORD_TOKEN",
    "WHOSAID_CONFIG",
    "WHOSAID_DATA_DIR",
    "WHOSAID_DISCORD_API",
    "WHOSAID_ALLOW_HOSTS",
    "WHOSAID_TEMPLATES",
    "WHOSAID_THREADS",
    "WHOSAID_STORE_URL",
];

/// `whosaid`, with none of [`ENV`] inherited.
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    for name in ENV {
        cmd.env_remove(name);
    }
    cmd
}

/// `whosaid --data-dir DATA`.
pub fn in_dir(data: &Path) -> Command {
    let mut cmd = command();
    cmd.arg("--data-dir").arg(data);
    cmd
}

/// `whosaid serve` on `data`, its stdin closed, killed if the test drops it; the test adds
/// the token, the API address and where the logs go.
pub fn serve(data: &Path) -> tokio::process::Command {
    let mut cmd = command();
    cmd.arg("serve")
        .env("WHOSAID_DATA_DIR", data)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .stdin(std::process::Stdio::null());
    let mut cmd = tokio::process::Command::from(cmd);
    cmd.kill_on_drop(true);
    cmd
}

/// `whosaid serve` on `data` as the crash tests run it: the test token, the configuration
/// file `config`, the fake Discord at `api`, info logs appended to `log`; the caller adds
/// arguments and spawns it.
pub fn serve_logged(data: &Path, config: &Path, api: &str, log: &Path) -> tokio::process::Command {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("log file");
    let mut cmd = serve(data);
    cmd.env("DISCORD_TOKEN", super::app::TOKEN)
        .env("WHOSAID_CONFIG", config)
        .env("WHOSAID_DISCORD_API", api)
        .env("RUST_LOG", "warn,whosaid=info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::from(log));
    cmd
}

/// Run `cmd` to the end.
pub fn output(cmd: &mut Command) -> Output {
    cmd.output().expect("run whosaid")
}

/// `whosaid --data-dir DATA ARGS…`, run to the end.
pub fn run(data: &Path, args: &[&str]) -> Output {
    output(in_dir(data).args(args))
}

/// The same, with `hosts` exempt from the loopback refusal (`WHOSAID_ALLOW_HOSTS`), for
/// feeds the test serves on 127.0.0.1.
pub fn run_allowing(data: &Path, args: &[&str], hosts: &str) -> Output {
    output(in_dir(data).args(args).env("WHOSAID_ALLOW_HOSTS", hosts))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a process printed: its stdout, then its stderr.
pub fn output_text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// N in an ingest's stderr line `committed N documents (through ID)`: the first N documents
/// read are safe from then on.
pub fn acknowledged(line: &str) -> Option<usize> {
    line.strip_prefix("committed ")?
        .split(' ')
        .next()?
        .parse()
        .ok()
}
