//! Feeds in, update posts out.
//!
//! - [`FeedUrl`]: a feed address that can only be built valid (http/https, a host, no
//!   credentials, not an IP literal the address policy refuses).
//! - [`policy`]: which addresses a fetch may reach (pure functions over `IpAddr`).
//! - [`fetch`]: HTTP with the policy after DNS and on every redirect, timeouts, a size cap
//!   and conditional GET.
//! - [`decode`], [`repair`], [`atom`], [`shapes`], [`html`], [`parse`]: bytes to UTF-8,
//!   markup mended as HTML reads it (bare `&`, HTML entities, control characters), Atom
//!   0.3 and MIME text types and base64, RSS without `<channel>` and RSS 1.0 items without
//!   `<link>` in the forms feed-rs reads, HTML to text, feed-rs to items, and [`loose`]:
//!   an entry's text from its own markup where feed-rs finds none; [`diagnose`]: why a
//!   document was refused, where, in words.
//! - [`poll`]: one poll of one feed: fetch, parse, dedupe (guid, link, content hash),
//!   index, match new statements against subscriptions, record it all in one transaction;
//!   failures back off and pause the feed; the first poll of a feed posts nothing.
//! - [`matching`]: which subscriptions a statement matches, and the update posts.
//! - [`deliver`]: the outbox worker, generic over a [`deliver::Poster`] (the bot implements
//!   it with serenity), with retries, drops, a per-channel rate limit and nonces.
//! - [`subscribe`]: `person:` / `topic:` / `feed:` targets, parsed and stored.
//! - [`service`]: the poller and the delivery worker started and stopped together, for
//!   `serve`.
//!
//! May call `corpus`, `nlp` (public types and name keys), `qa` (stop words, citation types),
//! `engine`, `render` and `store`.

pub mod atom;
pub mod decode;
pub mod deliver;
pub mod diagnose;
pub mod fetch;
pub mod html;
pub mod loose;
pub mod matching;
pub mod parse;
pub mod policy;
pub mod poll;
pub mod repair;
pub mod service;
pub mod shapes;
pub mod subscribe;

use std::fmt;

use url::Url;

pub use fetch::{FetchError, FetchOptions, Fetched, Fetcher, Validators};
pub use policy::AllowHosts;
pub use poll::{PollOptions, PollOutcome, Poller};

/// A feed's address: http or https, with a host, without credentials.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FeedUrl(Url);

impl FeedUrl {
    /// Parse a feed address. An IP-literal host that the address policy refuses (and
    /// `allow` does not exempt) is refused here already; names are checked when fetched,
    /// after DNS resolution.
    pub fn parse(raw: &str, allow: &AllowHosts) -> Result<FeedUrl, String> {
        let raw = raw.trim();
        let url = Url::parse(raw).map_err(|e| format!("{raw:?} is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "{raw:?}: only http and https feeds can be followed, not {}",
                url.scheme()
            ));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| format!("{raw:?} has no host"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!(
                "{raw:?} carries a user name or password: feeds are fetched without credentials"
            ));
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => Some(std::net::IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => Some(std::net::IpAddr::V6(v6)),
            _ => None,
        };
        if let Some(ip) = ip {
            policy::check(host, ip, allow)?;
        }
        let mut url = url;
        url.set_fragment(None);
        Ok(FeedUrl(url))
    }

    pub fn url(&self) -> &Url {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or("")
    }
}

impl fmt::Display for FeedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_urls_are_http_with_a_host_and_no_credentials() {
        let none = AllowHosts::default();
        assert!(FeedUrl::parse("https://example.org/feed.xml", &none).is_ok());
        assert_eq!(
            FeedUrl::parse(" http://Example.org/a#x ", &none)
                .expect("ok")
                .as_str(),
            "http://example.org/a"
        );
        for bad in [
            "ftp://example.org/feed",
            "file:///etc/passwd",
            "example.org/feed",
            "https://user:pw@example.org/feed",
            "http://127.0.0.1:8080/feed",
            "http://[::1]/feed",
            "http://169.254.169.254/latest/meta-data",
            "http://[::ffff:10.0.0.1]/",
        ] {
            assert!(
                FeedUrl::parse(bad, &none).is_err(),
                "{bad} should be refused"
            );
        }
        let lo = AllowHosts::from_list("127.0.0.1");
        assert!(FeedUrl::parse("http://127.0.0.1:8080/feed", &lo).is_ok());
    }
}
