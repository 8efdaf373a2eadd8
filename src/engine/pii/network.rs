//! IP addresses (`ipv4`, `ipv6`): only public unicast addresses are kept. Private,
//! documentation, reserved and special-purpose ranges, netmasks, the public DNS resolvers and
//! placeholder or version-shaped addresses are dropped: they identify no one.
//!
//! Ranges checked against the owners' documents (search, 2026): RFC 1918 private; RFC 5737
//! documentation (192.0.2/24, 198.51.100/24, 203.0.113/24); RFC 6598 shared 100.64/10; RFC
//! 2544 benchmarking 198.18/15; RFC 5735 / the IANA IPv4 special-purpose registry (0/8,
//! 127/8, 169.254/16, 192.0.0/24, 224/4 multicast, 240/4 reserved); RFC 3849 (2001:db8::/32)
//! and RFC 9637 (3fff::/20, August 2024) IPv6 documentation; ULA fc00::/7, link-local
//! fe80::/10, multicast ff00::/8; global unicast is 2000::/3.

use std::net::{Ipv4Addr, Ipv6Addr};

use regex::bytes::Captures;

use super::groups::value;
use crate::engine::verdict::Verdict;

/// Public DNS resolvers quoted in every network how-to.
const WELL_KNOWN_V4: [[u8; 4]; 7] = [
    [8, 8, 8, 8],
    [8, 8, 4, 4],
    [1, 1, 1, 1],
    [1, 0, 0, 1],
    [9, 9, 9, 9],
    [208, 67, 222, 222],
    [208, 67, 220, 220],
];

/// Stand-ins people type for "an address".
const PLACEHOLDER_V4: [[u8; 4]; 3] = [[1, 2, 3, 4], [4, 3, 2, 1], [123, 123, 123, 123]];

/// Google and Cloudflare public DNS over IPv6.
const WELL_KNOWN_V6: [[u16; 8]; 4] = [
    [0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888],
    [0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8844],
    [0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111],
    [0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1001],
];

/// Judges an IPv4 candidate: kept only when public.
pub fn ipv4(caps: &Captures<'_>) -> Option<Verdict> {
    let addr: Ipv4Addr = std::str::from_utf8(value(caps)).ok()?.parse().ok()?;
    is_public_v4(addr).then(|| Verdict::matched(addr.to_string()))
}

/// Judges an IPv6 candidate (optionally `/prefix`): it must look like an address rather than
/// code (`Add::add`, `dead::beef`, `xs[1::2]`), parse, and be public global unicast.
pub fn ipv6(caps: &Captures<'_>) -> Option<Verdict> {
    let text = std::str::from_utf8(value(caps)).ok()?;
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    if prefix.is_some_and(|p| !p.parse::<u8>().is_ok_and(|len| len <= 128)) {
        return None;
    }
    if !address_shaped(address) {
        return None;
    }
    let addr: Ipv6Addr = address.parse().ok()?;
    is_public_v6(addr).then(|| Verdict::matched(addr.to_string()))
}

/// Three or more non-empty groups, or two groups holding a decimal digit, or an embedded
/// dotted quad: what separates `2a00:1450::200e` from `Foo::Bar` and `dead::beef`.
fn address_shaped(address: &str) -> bool {
    let groups: Vec<&str> = address.split(':').filter(|g| !g.is_empty()).collect();
    let with_digit = groups
        .iter()
        .filter(|g| g.bytes().any(|b| b.is_ascii_digit()))
        .count();
    groups.len() >= 3 || with_digit >= 2 || address.contains('.')
}

fn is_public_v4(addr: Ipv4Addr) -> bool {
    let o = addr.octets();
    let in_net = |net: [u8; 4], bits: u32| {
        let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
        u32::from(addr) & mask == u32::from_be_bytes(net) & mask
    };
    let special = [
        ([0, 0, 0, 0], 8),       // "this network" (also wildcard masks 0.255.255.255)
        ([10, 0, 0, 0], 8),      // RFC 1918
        ([100, 64, 0, 0], 10),   // RFC 6598 shared address space (CGNAT)
        ([127, 0, 0, 0], 8),     // loopback
        ([169, 254, 0, 0], 16),  // link-local (cloud metadata 169.254.169.254)
        ([172, 16, 0, 0], 12),   // RFC 1918 (172.16-172.31 only)
        ([192, 0, 0, 0], 24),    // IETF protocol assignments
        ([192, 0, 2, 0], 24),    // RFC 5737 TEST-NET-1
        ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
        ([192, 168, 0, 0], 16),  // RFC 1918
        ([198, 18, 0, 0], 15),   // RFC 2544 benchmarking
        ([198, 51, 100, 0], 24), // RFC 5737 TEST-NET-2
        ([203, 0, 113, 0], 24),  // RFC 5737 TEST-NET-3
        ([224, 0, 0, 0], 4),     // multicast
        ([240, 0, 0, 0], 4),     // reserved, broadcast, and 255.x netmasks
    ];
    if special.iter().any(|&(net, bits)| in_net(net, bits)) {
        return false;
    }
    if WELL_KNOWN_V4.contains(&o) || PLACEHOLDER_V4.contains(&o) {
        return false;
    }
    // Version-shaped: 1.0.0.0, 4.0.0.0 (.NET assembly versions, binding redirects) and every
    // single-digit quad (2.1.0.3); the public resolvers in this shape are listed above.
    let version_shaped = o[1..] == [0, 0, 0] || o.iter().all(|&b| b < 10);
    !version_shaped
}

fn is_public_v6(addr: Ipv6Addr) -> bool {
    let s = addr.segments();
    // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64): judge the IPv4 inside.
    if s[..5] == [0; 5] && s[5] == 0xffff || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    let global_unicast = s[0] & 0xe000 == 0x2000;
    let documentation = s[..2] == [0x2001, 0x0db8] || s[0] == 0x3fff && s[1] & 0xf000 == 0;
    global_unicast && !documentation && !WELL_KNOWN_V6.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::super::shape::{rule_pattern, run};
    use super::*;
    use std::sync::LazyLock;

    static V4: LazyLock<String> = LazyLock::new(|| rule_pattern("network.toml", "ipv4"));
    static V6: LazyLock<String> = LazyLock::new(|| rule_pattern("network.toml", "ipv6"));

    fn kept(
        pattern: &str,
        validator: crate::engine::verdict::ScoredValidator,
        text: &str,
    ) -> Vec<String> {
        run(pattern, validator, text)
            .into_iter()
            .map(|(_, v)| v.normalised)
            .collect()
    }

    #[test]
    fn public_ipv4_is_kept() {
        for (text, addr) in [
            (r#"allowed_cidrs = ["51.140.10.20/32"]"#, "51.140.10.20"),
            ("server 51.141.2.17;", "51.141.2.17"),
            ("curl http://51.140.10.20:8080/health", "51.140.10.20"),
            (r#""client_ip": "86.12.34.56""#, "86.12.34.56"),
            ("Connect to 51.140.10.20.", "51.140.10.20"),
            ("172.32.0.1 is public", "172.32.0.1"),
            ("100.128.0.1", "100.128.0.1"),
        ] {
            assert_eq!(kept(&V4, ipv4, text), [addr], "{text}");
        }
    }

    #[test]
    fn non_public_ipv4_is_dropped() {
        for text in [
            "10.0.0.1",
            "192.168.1.10",
            "172.16.5.4",
            "172.31.255.255",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "127.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.1.1",
            "198.19.0.1",
            "224.0.0.251",
            "255.255.255.0",
            "255.255.255.255",
            "8.8.8.8",
            "1.1.1.1",
            "208.67.222.222",
            "1.2.3.4",
            "4.3.2.1",
            "123.123.123.123",
            "version 1.2.3.4.5",
            "OID 1.3.6.1.4.1",
            "v2.0.0.1",
            r#"[assembly: AssemblyVersion("1.0.0.0")]"#,
            r#"newVersion="4.0.0.0""#,
            "2.1.0.3",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.400",
        ] {
            assert!(kept(&V4, ipv4, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn public_ipv6_is_kept() {
        for (text, addr) in [
            ("2a00:1450:4009:81f::200e", "2a00:1450:4009:81f::200e"),
            (
                "- 2A00:1450:4009:081F:0000:0000:0000:200E",
                "2a00:1450:4009:81f::200e",
            ),
            ("allow 2a01:4f8::/32;", "2a01:4f8::"),
            ("::ffff:51.140.10.20", "::ffff:51.140.10.20"),
            ("64:ff9b::51.140.10.20", "64:ff9b::338c:a14"),
        ] {
            assert_eq!(kept(&V6, ipv6, text), [addr], "{text}");
        }
    }

    #[test]
    fn non_public_or_code_ipv6_is_dropped() {
        for text in [
            "fd00::1",
            "2001:db8::1",
            "3fff::1",
            "3fff:0fff::1",
            "::1",
            "::",
            "fe80::1",
            "ff02::1",
            "::ffff:192.168.1.1",
            "::ffff:192.0.2.1",
            "evens = xs[1::2]",
            "std::vector",
            "<T as Add>::add",
            "dead::beef",
            "Foo::Bar",
            "00:1A:2B:3C:4D:5E",
            "12:34:56",
            "2001:4860:4860::8888",
            "2606:4700:4700::1111",
            "2a00:1450::/129",
        ] {
            assert!(kept(&V6, ipv6, text).is_empty(), "{text}");
        }
        assert_eq!(kept(&V6, ipv6, "3fff:1000::1"), ["3fff:1000::1"]);
    }
}
