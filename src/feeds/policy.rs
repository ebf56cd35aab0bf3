//! Which addresses a feed fetch may connect to: pure functions over parsed addresses, so
//! every rule is unit-tested without opening a connection.
//!
//! Refused unless the host is in `allow_hosts`: loopback, private (10/8, 172.16/12,
//! 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local (169.254/16 with the
//! cloud metadata address 169.254.169.254, fe80::/10), unspecified, broadcast,
//! multicast, documentation and reserved ranges, and IPv4-mapped or -compatible IPv6 forms
//! of any of these. Calls nothing else in the crate.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused, in words for the error message.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) {
        return Some("the cloud metadata address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    if ip.is_unspecified() || a == 0 {
        return Some("an unspecified address");
    }
    if ip.is_private() {
        return Some("a private address");
    }
    if a == 100 && (64..128).contains(&b) {
        return Some("a carrier-grade NAT address");
    }
    if ip.is_link_local() {
        return Some("a link-local address");
    }
    if ip.is_broadcast() {
        return Some("the broadcast address");
    }
    if ip.is_multicast() {
        return Some("a multicast address");
    }
    if a >= 240 {
        return Some("a reserved address");
    }
    if (a == 192 && b == 0 && c == 2)
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
    {
        return Some("a documentation address");
    }
    if a == 198 && (b == 18 || b == 19) {
        return Some("a benchmarking address");
    }
    if a == 192 && b == 0 && c == 0 {
        return Some("an IETF protocol address");
    }
    None
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refusal_v4(v4);
    }
    let seg = ip.segments();
    // IPv4-compatible (::a.b.c.d, deprecated) addresses embed an IPv4 address too.
    if seg[..6] == [0, 0, 0, 0, 0, 0] && !ip.is_loopback() && !ip.is_unspecified() {
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return refusal_v4(Ipv4Addr::new(a, b, c, d));
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_multicast() {
        return Some("a multicast address");
    }
    if (seg[0] & 0xfe00) == 0xfc00 {
        return Some("a private (unique local) address");
    }
    if (seg[0] & 0xffc0) == 0xfe80 {
        return Some("a link-local address");
    }
    if (seg[0] & 0xffc0) == 0xfec0 {
        return Some("a site-local address");
    }
    if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        return Some("a documentation address");
    }
    // NAT64 (64:ff9b::/96) embeds an IPv4 address: judge that one.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return refusal_v4(Ipv4Addr::new(a, b, c, d));
    }
    None
}

/// The hosts exempt from the refusal (from the configuration), compared case-blind.
#[derive(Clone, Debug, Default)]
pub struct AllowHosts(Vec<String>);

impl AllowHosts {
    pub fn new<S: AsRef<str>>(hosts: impl IntoIterator<Item = S>) -> Self {
        AllowHosts(
            hosts
                .into_iter()
                .map(|h| normalise_host(h.as_ref()))
                .filter(|h| !h.is_empty())
                .collect(),
        )
    }

    /// From a comma-separated list ("127.0.0.1,feeds.internal").
    pub fn from_list(list: &str) -> Self {
        AllowHosts::new(list.split(','))
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = normalise_host(host);
        self.0.contains(&host)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn normalise_host(h: &str) -> String {
    h.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// Check one address a host resolved to: `Err` with the reason when refused.
pub fn check(host: &str, ip: IpAddr, allow: &AllowHosts) -> Result<(), String> {
    if allow.allows(host) {
        return Ok(());
    }
    match refusal(ip) {
        Some(why) => Err(format!(
            "refused to fetch from {host}: it resolves to {ip}, {why} (add the host to [feeds] allow_hosts to permit it)"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        refusal(s.parse().expect("an address")).is_some()
    }

    #[test]
    fn private_loopback_link_local_and_metadata_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.255.255.254",
            "10.0.0.1",
            "10.255.255.255",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::ffff:192.168.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.255.255",
            "192.169.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "2a00:1450:4001::200e",
        ] {
            assert!(!refused(ip), "{ip} should pass");
        }
    }

    #[test]
    fn the_metadata_address_is_named() {
        let why = refusal("169.254.169.254".parse().expect("ip"));
        assert_eq!(why, Some("the cloud metadata address"));
    }

    #[test]
    fn allowed_hosts_are_exempt_and_the_message_says_how() {
        let allow = AllowHosts::from_list(" 127.0.0.1 , Feeds.Internal.");
        let lo: IpAddr = "127.0.0.1".parse().expect("ip");
        assert!(check("127.0.0.1", lo, &allow).is_ok());
        assert!(check("feeds.internal", "10.0.0.5".parse().expect("ip"), &allow).is_ok());
        let err = check("localhost", lo, &allow).expect_err("refused");
        assert!(
            err.contains("loopback") && err.contains("allow_hosts"),
            "{err}"
        );
        assert!(check(
            "[::1]",
            "::1".parse().expect("ip"),
            &AllowHosts::new(["::1"])
        )
        .is_ok());
    }
}
