//! Fetching a feed over HTTP: the address policy applied after DNS resolution (a resolver
//! that drops refused addresses, so there is no window between check and connect) and to
//! every IP-literal host, redirects followed by hand (each hop checked, at most
//! [`FetchOptions::max_redirects`]), timeouts, a size cap on the streamed body, and
//! conditional GET (a 304 returns before any body is read).
//!
//! Calls [`policy`](super::policy) only.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};

use super::policy::{self, AllowHosts};
use super::FeedUrl;

/// The largest feed body read by default: far above any real feed, a stop for a server
/// that streams without end.
pub const MAX_FEED_BYTES: usize = 10 * 1024 * 1024;

/// Limits for one fetch.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
    pub allow_hosts: AllowHosts,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: MAX_FEED_BYTES,
            max_redirects: 5,
            allow_hosts: AllowHosts::default(),
        }
    }
}

/// The validators of the last successful fetch, sent back for a conditional GET.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a fetch got.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators were given.
    NotModified,
    Body {
        bytes: Vec<u8>,
        charset: Option<String>,
        validators: Validators,
        /// Where the body came from, after redirects.
        url: Url,
    },
}

/// A fetch that failed, with a reason fit for `feeds list`.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Refused by the address policy: no connection was made.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

/// An HTTP client for feeds.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    opts: FetchOptions,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.connect_timeout)
            // A proxy would resolve names where the policy cannot see them.
            .no_proxy()
            .dns_resolver(Arc::new(PolicyResolver {
                allow: opts.allow_hosts.clone(),
            }))
            .user_agent(concat!(
                "whosaid/",
                env!("CARGO_PKG_VERSION"),
                " (feed reader)"
            ))
            .build()
            .map_err(|e| FetchError::Failed(format!("cannot set up HTTP: {e}")))?;
        Ok(Fetcher { client, opts })
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// GET the feed, conditionally when validators are given.
    pub async fn fetch(
        &self,
        url: &FeedUrl,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let mut current = url.url().clone();
        for hop in 0..=self.opts.max_redirects {
            check_literal(&current, &self.opts.allow_hosts)?;
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT,
                HeaderValue::from_static(
                    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
                ),
            );
            if let Some(v) = validators
                .etag
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_NONE_MATCH, v);
            }
            if let Some(v) = validators
                .last_modified
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_MODIFIED_SINCE, v);
            }
            let resp = self
                .client
                .get(current.clone())
                .headers(headers)
                .send()
                .await
                .map_err(|e| classify(&current, e))?;
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(loc) = resp
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                else {
                    return Err(FetchError::Failed(format!(
                        "HTTP {status} from {current} without a Location"
                    )));
                };
                let next = current.join(loc.trim()).map_err(|e| {
                    FetchError::Failed(format!("bad redirect from {current} to {loc:?}: {e}"))
                })?;
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(FetchError::Refused(format!(
                        "refused a redirect from {current} to {next}: only http and https are followed"
                    )));
                }
                tracing::debug!(from = %current, to = %next, hop, "redirect");
                current = next;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if !status.is_success() {
                return Err(FetchError::Failed(format!("HTTP {status} from {current}")));
            }
            return self.read_body(resp, current).await;
        }
        Err(FetchError::Failed(format!(
            "more than {} redirects, starting at {}",
            self.opts.max_redirects,
            url.as_str()
        )))
    }

    async fn read_body(
        &self,
        mut resp: reqwest::Response,
        url: Url,
    ) -> Result<Fetched, FetchError> {
        let header_str = |name: header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header_str(header::ETAG),
            last_modified: header_str(header::LAST_MODIFIED),
        };
        let charset = header_str(header::CONTENT_TYPE).and_then(|ct| charset_of(&ct));
        let max = self.opts.max_bytes;
        let too_big = || {
            let limit = if max >= 1024 * 1024 {
                format!("{} MB", max / (1024 * 1024))
            } else {
                format!("{max} bytes")
            };
            FetchError::Failed(format!(
                "the feed at {url} is larger than {limit}; not read: follow a smaller feed (one section's, say)"
            ))
        };
        if resp.content_length().is_some_and(|n| n as usize > max) {
            return Err(too_big());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| FetchError::Failed(format!("reading {url}: {}", chain(&e))))?
        {
            if bytes.len() + chunk.len() > max {
                return Err(too_big());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body {
            bytes,
            charset,
            validators,
            url,
        })
    }
}

/// An IP-literal host is never resolved, so the policy is applied to it here.
fn check_literal(url: &Url, allow: &AllowHosts) -> Result<(), FetchError> {
    let ip = match url.host() {
        Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::Refused(format!("{url} has no host"))),
    };
    let host = url.host_str().unwrap_or_default();
    policy::check(host, ip, allow).map_err(FetchError::Refused)
}

fn classify(url: &Url, e: reqwest::Error) -> FetchError {
    // The resolver's refusal is somewhere in the source chain: report it as it was said.
    let mut src: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = src {
        let text = s.to_string();
        if text.starts_with("refused to fetch") {
            return FetchError::Refused(text);
        }
        src = s.source();
    }
    if e.is_timeout() {
        return FetchError::Failed(format!("timed out fetching {url}"));
    }
    FetchError::Failed(format!("cannot fetch {url}: {}", chain(&e)))
}

/// An error with its sources, one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        src = s.source();
    }
    out
}

/// DNS through the system resolver, keeping only the addresses the policy allows: the
/// connection can only go to an address that was checked.
struct PolicyResolver {
    allow: AllowHosts,
}

impl reqwest::dns::Resolve for PolicyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refused = None;
            let ok: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match policy::check(&host, a.ip(), &allow) {
                    Ok(()) => true,
                    Err(why) => {
                        refused.get_or_insert(why);
                        false
                    }
                })
                .collect();
            if ok.is_empty() {
                let why = refused.unwrap_or_else(|| format!("{host} has no address"));
                return Err(why.into());
            }
            Ok(Box::new(ok.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The `charset` parameter of a Content-Type, as servers write it: any case, spaces
/// around `=`, double or single quotes (`text/xml;charset= "us-ascii"`).
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).trim().to_string())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_read_as_servers_write_them() {
        for (ct, want) in [
            ("text/xml; charset=utf-8", Some("utf-8")),
            ("application/atom+xml;charset='us-ascii'", Some("us-ascii")),
            ("text/xml;charset= \"us-ascii\"", Some("us-ascii")),
            ("text/xml; Charset=ISO-8859-1; q=1", Some("ISO-8859-1")),
            ("text/xml", None),
            ("text/xml; charset=", None),
            ("charset=utf-8", None),
        ] {
            assert_eq!(charset_of(ct).as_deref(), want, "{ct}");
        }
    }
}
