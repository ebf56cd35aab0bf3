//! Reading the bot's monitoring endpoints: `GET` on 127.0.0.1, and Prometheus text
//! parsed into its samples (every line checked).

use std::collections::HashMap;

use super::app::TestBot;

/// `GET http://addr/path`: the status and the body.
pub async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    try_get(addr, path)
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// [`get`], an unreachable address being an error.
pub async fn try_get(
    addr: std::net::SocketAddr,
    path: &str,
) -> Result<(u16, String), reqwest::Error> {
    let client = reqwest::Client::builder().no_proxy().build()?;
    let response = client.get(format!("http://{addr}{path}")).send().await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}

/// Every sample of a Prometheus text exposition, by series (`name{labels}`); panics on a
/// line that is neither a comment nor a sample.
pub fn samples(text: &str) -> HashMap<String, f64> {
    let sample =
        regex::Regex::new(r#"^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (\S+)$"#).expect("regex");
    assert_eq!(text.lines().last(), Some("# EOF"), "{text}");
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let c = sample
            .captures(line)
            .unwrap_or_else(|| panic!("not Prometheus text: {line}"));
        let value: f64 = c[3]
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {line}"));
        out.insert(c[1].to_string(), value);
    }
    out
}

/// The bot's `/metrics`, parsed.
pub async fn scrape(bot: &TestBot) -> HashMap<String, f64> {
    let addr = bot.metrics_addr.expect("metrics served");
    let (status, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200, "{text}");
    samples(&text)
}

/// The value of `series`, 0 when absent (a counter not yet incremented).
pub fn value(samples: &HashMap<String, f64>, series: &str) -> f64 {
    samples.get(series).copied().unwrap_or(0.0)
}

/// The lines of `/metrics` an operator reads first (no histogram buckets).
pub async fn excerpt(bot: &TestBot) -> String {
    let addr = bot.metrics_addr.expect("metrics served");
    let (_, text) = get(addr, "/metrics").await;
    text.lines()
        .filter(|l| l.starts_with("whosaid_") && !l.contains("_bucket"))
        .collect::<Vec<_>>()
        .join("\n")
}
