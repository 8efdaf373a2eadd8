//! Email addresses (`email`): asset names (`icon@2x.png`) and SSH or URL user names
//! (`git@github.com:org/repo`) are dropped; reserved example domains are TEST; placeholder
//! mailboxes (`joe.bloggs@`, `firstname.lastname@`) PLACEHOLDER; role mailboxes (`noreply@`,
//! `support@`) and private-use domains score down to info; a name-shaped mailbox at a UK
//! public-sector domain scores up.
//!
//! Reserved names checked against the owners' documents (search, 2026): RFC 2606 reserves the
//! TLDs `test`, `example`, `invalid`, `localhost` and the second-level `example.com`, `.net`,
//! `.org` (RFC 6761 updates it); RFC 6762 `local`, RFC 8375 `home.arpa`. `internal`: IANA's
//! provisional determination (24 January 2024) and ICANN's closed public comment, whose
//! outcome was put to the ICANN Board; the Board's resolution itself was not found.

use regex::bytes::Captures;

use super::groups::group;
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Private-use domains (`.local`, `.internal`) and GitHub no-reply handles: info in data files,
/// not reported in code and prose.
const NOT_A_PERSON: i32 = -20;
/// A top-level domain outside the common list: `x@self.weight` in Python is a matrix product.
const UNUSUAL_TLD: i32 = -15;
/// A name-shaped mailbox at a UK public-sector domain.
const PUBLIC_SECTOR_PERSON: i32 = 15;

/// File extensions that follow `@` in asset names (`icon@2x.png`), never top-level domains
/// anyone mails. (`.md`, `.rs`, `.py` are real ccTLDs, but addresses there are rarer than
/// file names in code.)
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "scss", "js", "mjs", "ts", "tsx",
    "jsx", "json", "map", "md", "html", "txt", "pdf", "woff", "woff2", "ttf", "lock", "yml",
    "yaml", "py", "rb", "rs", "go", "java",
];

/// RFC 2606 / RFC 6761 reserved top-level domains.
const RESERVED_TLDS: &[&str] = &["test", "example", "invalid", "localhost"];

/// Private-use names: RFC 6762 `local`, IANA's `internal`, and the customary `lan`, `corp`.
const PRIVATE_TLDS: &[&str] = &["local", "internal", "lan", "corp"];

/// Domains that stand for "some domain": metasyntactic names and "your domain here".
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "foo.com",
    "bar.com",
    "baz.com",
    "foobar.com",
    "domain.com",
    "yourdomain.com",
    "your-domain.com",
    "mydomain.com",
    "somedomain.com",
];

/// Mailboxes that stand for "a person's address goes here".
const PLACEHOLDER_MAILBOXES: &[&str] = &[
    "firstname.lastname",
    "first.last",
    "name.surname",
    "joe.bloggs",
    "john.doe",
    "jane.doe",
    "john.smith",
    "test",
    "user",
    "username",
    "foo",
    "bar",
    "someone",
    "me",
    "you",
];

/// Endings of mailing-list addresses (`freetype-devel@`, `python-dev@`, `debian-user@`).
const LIST_SUFFIXES: &[&str] = &[
    "-devel",
    "-dev",
    "-users",
    "-user",
    "-announce",
    "-discuss",
    "-bugs",
    "-request",
    "-owner",
    "-general",
    "-list",
    "-commits",
    "-patches",
    "-help",
    "-maintainers",
    "-team",
    "-admin",
];

/// Mailboxes that reach a function, not a person.
const ROLE_MAILBOXES: &[&str] = &[
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "postmaster",
    "abuse",
    "security",
    "info",
    "admin",
    "support",
    "hello",
    "contact",
    "enquiries",
    "webmaster",
    "root",
    "team",
    "help",
    "feedback",
    "dpo",
    "foi",
    "privacy",
    "mailer-daemon",
    "hostmaster",
    "api",
    "apiteam",
    "dev",
    "developers",
    "sales",
    "billing",
    "office",
    "hr",
    "jobs",
    "careers",
    "press",
    "media",
    "marketing",
    "legal",
    "compliance",
    "helpdesk",
    "servicedesk",
    "service",
    "accounts",
    "ops",
    "devops",
    "notifications",
    "alerts",
    "newsletter",
    "enquiry",
    "inquiries",
    "licensing",
    "opensource",
    "community",
    "maintainers",
];

/// Top-level domains people's mail is commonly at, beyond the two-letter country codes (all
/// two-letter names are accepted). Anything else scores [`UNUSUAL_TLD`] lower.
const COMMON_TLDS: &[&str] = &[
    "com",
    "org",
    "net",
    "edu",
    "gov",
    "mil",
    "int",
    "info",
    "biz",
    "name",
    "pro",
    "aero",
    "coop",
    "museum",
    "mobi",
    "asia",
    "tel",
    "travel",
    "jobs",
    "app",
    "dev",
    "cloud",
    "tech",
    "online",
    "site",
    "xyz",
    "email",
    "digital",
    "services",
    "solutions",
    "systems",
    "network",
    "group",
    "company",
    "agency",
    "studio",
    "design",
    "media",
    "news",
    "blog",
    "live",
    "store",
    "shop",
    "page",
    "space",
    "world",
    "global",
    "today",
    "life",
    "work",
    "works",
    "team",
    "zone",
    "wiki",
    "website",
    "host",
    "art",
    "ninja",
    "guru",
    "club",
    "academy",
    "center",
    "institute",
    "foundation",
    "health",
    "care",
    "london",
    "scot",
    "wales",
    "cymru",
    "berlin",
    "paris",
    "nyc",
    "consulting",
    "software",
    "codes",
    "engineering",
    "science",
    "technology",
];

/// UK public-sector domains where a name-shaped mailbox is a civil servant's or clinician's.
const PUBLIC_SECTOR_SUFFIXES: &[&str] = &[
    "gov.uk",
    "nhs.net",
    "nhs.uk",
    "police.uk",
    "mod.uk",
    "cjsm.net",
];

/// Whether the `@` at `at` could join an address as the rule's pattern reads one: a local-part
/// character before it, and after it a domain (letters, digits, `-`, `.`) holding a `.`
/// followed by two letters. Most `@`s in code (decorators, `@param`, `user@host`) fail
/// this in a few byte tests, so the pattern never runs there.
pub fn could_join_address(hay: &[u8], at: usize) -> bool {
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    if at == 0 || !local(hay[at - 1]) {
        return false;
    }
    let after = &hay[at + 1..hay.len().min(at + 1 + 256)];
    let len = after
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.'))
        .unwrap_or(after.len());
    let domain = &after[..len];
    domain.first().is_some_and(u8::is_ascii_alphanumeric)
        && domain
            .windows(3)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic() && w[2].is_ascii_alphabetic())
}

/// Judges an email address candidate (groups `local`, `domain`, `tld`, and around it: a URL
/// `scheme` before, a `:` or `/` `after`).
pub fn email(caps: &Captures<'_>) -> Option<Verdict> {
    let local = group(caps, "local").to_ascii_lowercase();
    let domain = group(caps, "domain").to_ascii_lowercase();
    let tld = group(caps, "tld").to_ascii_lowercase();
    let (local, domain, tld) = (text(&local), text(&domain), text(&tld));
    if is_message_id(group(caps, "local")) {
        return None;
    }
    if FILE_EXTENSIONS.contains(&tld) || local.ends_with('.') || local.contains("..") {
        return None;
    }
    if is_remote_user(local, group(caps, "scheme"), group(caps, "after")) {
        return None;
    }
    // SSH extension names (`chacha20-poly1305@openssh.com`, RFC 4250 `name@domain`), and
    // `user@host` logins where the host name carries its address (`ec2-52-52-41-150...`).
    if under(domain, "openssh.com") || under(domain, "libssh.org") || host_with_address(domain) {
        return None;
    }
    let verdict = Verdict::matched(format!("{local}@{domain}"));
    if RESERVED_TLDS.contains(&tld)
        || under(domain, "example.com")
        || under(domain, "example.net")
        || under(domain, "example.org")
    {
        return Some(verdict.classed(Class::Test, "reserved example domain (RFC 2606)"));
    }
    if PLACEHOLDER_MAILBOXES.contains(&local)
        || local.contains("example")
        || (local.len() >= 3 && local.bytes().all(|b| b == b'x'))
    {
        return Some(verdict.classed(Class::Placeholder, "placeholder mailbox"));
    }
    // `someone@foo.com`, `x@x.com`, `a@b.com`: a one-letter name at a one-letter domain.
    let one_letter_domain = domain
        .split('.')
        .next()
        .is_some_and(|label| label.len() == 1);
    if PLACEHOLDER_DOMAINS.iter().any(|d| under(domain, d))
        || (local.len() == 1 && one_letter_domain)
    {
        return Some(verdict.classed(Class::Placeholder, "placeholder domain"));
    }
    // Role and list mailboxes reach a function, not a person: not personal data. (The spec
    // kept them at info; at info they still joined composite records, so an alerts address
    // raised the server address next to it in a config to a warning.)
    if ROLE_MAILBOXES.contains(&local) || is_mailing_list(local, domain) {
        return None;
    }
    if under(domain, "noreply.github.com") {
        return Some(noted(
            verdict.adjusted(NOT_A_PERSON),
            "GitHub no-reply address (a public handle, not a mailbox)",
        ));
    }
    if PRIVATE_TLDS.contains(&tld) || under(domain, "home.arpa") {
        return Some(noted(
            verdict.adjusted(NOT_A_PERSON),
            "private-use domain (RFC 6762, RFC 8375, .internal)",
        ));
    }
    if tld.len() > 2 && !COMMON_TLDS.contains(&tld) {
        return Some(noted(
            verdict.adjusted(UNUSUAL_TLD),
            "unusual top-level domain: may be code (`a@b.weight`), not an address",
        ));
    }
    if PUBLIC_SECTOR_SUFFIXES.iter().any(|s| under(domain, s)) && name_shaped(local) {
        return Some(noted(
            verdict.adjusted(PUBLIC_SECTOR_PERSON),
            "a named person's UK public-sector mailbox",
        ));
    }
    Some(verdict)
}

/// `https://user:pass@host`, `ssh://git@host/...` (a URL scheme before the user) and
/// `git@github.com:org/repo` (the SSH user `git` or `ssh` followed by `:` or `/`): a user
/// name on a remote, not a mailbox.
fn is_remote_user(local: &str, scheme: &[u8], after: &[u8]) -> bool {
    !scheme.is_empty() || (matches!(local, "git" | "ssh") && matches!(after, b":" | b"/"))
}

/// A Message-ID (`<0GK500B4GD0888@host>`, `20130226110144.GA12678@host`): a long local part
/// with many digits and no lower-case letters, or a dozen digits or more.
fn is_message_id(local: &[u8]) -> bool {
    let digits = local.iter().filter(|b| b.is_ascii_digit()).count();
    digits >= 12 || (local.len() >= 10 && digits >= 4 && !local.iter().any(u8::is_ascii_lowercase))
}

/// A first label with four or more numbers in it (`ec2-52-52-41-150`, `ip-10-0-0-12`): a
/// machine's name, so `user@` it is a login.
fn host_with_address(domain: &str) -> bool {
    let first = domain.split('.').next().unwrap_or_default();
    first
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .count()
        >= 4
}

/// `freetype-devel@nongnu.org`, `bug-gnulib@gnu.org`, anything at Google Groups or a `lists.`
/// host.
fn is_mailing_list(local: &str, domain: &str) -> bool {
    LIST_SUFFIXES.iter().any(|s| local.ends_with(s))
        || local.starts_with("bug-")
        || under(domain, "googlegroups.com")
        || domain.starts_with("lists.")
        || domain.contains(".lists.")
}

/// `domain` is `zone` or a name under it.
fn under(domain: &str, zone: &str) -> bool {
    domain == zone
        || domain
            .strip_suffix(zone)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// `jane.smith`, `a.patel`, `r-jones2`: letters, one separator, letters, optional digits.
fn name_shaped(local: &str) -> bool {
    let Some(split) = local.find(['.', '_', '-']) else {
        return false;
    };
    let (first, rest) = (&local[..split], &local[split + 1..]);
    let last = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    !first.is_empty()
        && !last.is_empty()
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && last.bytes().all(|b| b.is_ascii_lowercase())
}

fn noted(verdict: Verdict, note: &str) -> Verdict {
    Verdict {
        note: Some(note.to_string()),
        ..verdict
    }
}

/// The pattern's groups are ASCII, so this never fails on a match.
fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_at_sign_joins_an_address_only_between_a_local_part_and_a_dotted_domain() {
        let at = |text: &str| {
            text.find('@')
                .map(|i| could_join_address(text.as_bytes(), i))
        };
        for text in [
            "jo.bloggs@example.co.uk",
            "x@x.io",
            "git@github.com:o/r",
            "a+b@mail-1.gov.uk>",
        ] {
            assert_eq!(at(text), Some(true), "{text}");
        }
        for text in [
            "@property",
            "  @param x",
            "user@localhost",
            "a@b",
            "a@.com",
            "a@b.c",
            "a@",
            "a@-x.com",
        ] {
            assert_eq!(at(text), Some(false), "{text}");
        }
    }

    use super::super::shape::{rule_pattern, run};
    use super::*;
    use std::sync::LazyLock;

    static PATTERN: LazyLock<String> = LazyLock::new(|| rule_pattern("contact.toml", "email"));

    fn judge(text: &str) -> Option<(String, Verdict)> {
        let mut found = run(&PATTERN, email, text);
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop()
    }

    fn verdict(text: &str) -> Verdict {
        judge(text).unwrap_or_else(|| panic!("{text} matches")).1
    }

    /// Named people at UK public-sector domains score up, so these are written as (before the
    /// `@`, after it): the source holds no whole address that would warn.
    #[test]
    fn personal_addresses_match() {
        for ((before, after), adjust) in [
            (("jane.smith", "dwp.gov.uk"), PUBLIC_SECTOR_PERSON),
            (("a.patel", "nhs.net"), PUBLIC_SECTOR_PERSON),
            (("\"m.okafor", "homeoffice.gov.uk\""), PUBLIC_SECTOR_PERSON),
            (("r.jones1985", "gmail.com"), 0),
            (("Jane <Jane.Smith", "Acme-Corp.co.uk>"), 0),
            (("QQ 12345678", "qq.com"), 0),
            (
                ("mailto:p.ng", "digital.cabinet-office.gov.uk"),
                PUBLIC_SECTOR_PERSON,
            ),
            (("dave", "dwp.gov.uk"), 0),
        ] {
            let text = format!("{before}@{after}");
            let v = verdict(&text);
            assert_eq!((v.class, v.adjust), (Class::Match, adjust), "{text}");
        }
        let (found, v) = judge("Jane <Jane.Smith@Acme-Corp.co.uk>").expect("test value");
        assert_eq!(found, "Jane.Smith@Acme-Corp.co.uk");
        assert_eq!(v.normalised, "jane.smith@acme-corp.co.uk");
    }

    #[test]
    fn reserved_domains_are_test() {
        for text in [
            "alice@example.com",
            "bob@mail.example.org",
            "carol@example.net",
            "x@foo.test",
            "y@bar.invalid",
            "z@host.example",
            "q@box.localhost",
        ] {
            let v = verdict(text);
            assert_eq!(v.class, Class::Test, "{text}");
            assert!(v.note.expect("test value").contains("RFC 2606"));
        }
        assert_eq!(verdict("ann@notexample.com").class, Class::Match);
    }

    #[test]
    fn placeholders_and_roles() {
        for text in [
            "joe.bloggs@hmrc.gov.uk",
            "firstname.lastname@nhs.net",
            "user@corp.com",
            "xxxxxxx@dot.ca.gov",
            "--alias exampleAlias@site.awsapps.com",
            "http://a/b:c/d@foo.com/",
            "mailto:x@x.com#x",
            "admin.person@yourdomain.com",
        ] {
            assert_eq!(verdict(text).class, Class::Placeholder, "{text}");
        }
        // A one-letter name alone, or a one-letter domain alone, is not a placeholder.
        assert_eq!(verdict("j@hmrc.gov.uk").class, Class::Match);
        assert_eq!(verdict("anna.smith@x.com").class, Class::Match);
        for text in [
            "noreply@digital.cabinet-office.gov.uk",
            "support@service.gov.uk",
            "security@github.com",
            "freetype-devel@nongnu.org",
            "bug-gnulib@gnu.org",
            "Devel <thai-linux-foss@googlegroups.com>",
            "python-list@python.org",
            "announce@lists.debian.org",
            "MAILER-DAEMON@mx.lacita.com",
            "linuxuser-admin@www.linux.org.uk",
            "apiteam@swagger.io",
        ] {
            assert!(judge(text).is_none(), "{text}");
        }
    }

    #[test]
    fn private_domains_and_unusual_tlds_score_down() {
        for text in [
            "jane@nas.local",
            "j.smith@dwp.internal",
            "pi@router.home.arpa",
            "Co-authored-by: Ann <1234+ann@users.noreply.github.com>",
        ] {
            assert_eq!(verdict(text).adjust, NOT_A_PERSON, "{text}");
        }
        assert_eq!(verdict("h = x@self.weight").adjust, UNUSUAL_TLD);
        assert_eq!(verdict("ann@shop.london").adjust, 0);
    }

    #[test]
    fn not_addresses() {
        for text in [
            "icon@2x.png",
            "logo@3x.webp",
            "lodash@4.17.21",
            "import x from '@angular/core'",
            "image@sha256:abcd1234",
            "user@localhost",
            "git@github.com:alphagov/repo.git",
            r#""repository": "git+ssh://git@github.com/alphagov/repo.git""#,
            "ssh://git@gitlab.com",
            "https://deploy@github.com/org/repo",
            "postgres://app:s3cret@db.prod.net:5432/app",
            r#"Client(base_url="https://app:s3cr3tpw@api.twilio.com")"#,
            "see https://jane@ourwiki.org",
            "a..b@mail.com",
            "a.@mail.com",
            "@Override",
            r#"_SK_SSH_ED25519 = b"sk-ssh-ed25519@openssh.com""#,
            "kex curve25519-sha256@libssh.org",
            "ssh hadoop@ec2-52-52-41-150.us-west-2.compute.amazonaws.com",
            "with ESMTP id <0GK500B4GD0888@cougar.noc.ucla.edu>",
            "Message-ID: <20130226110144.GA12678@quelltextlich.at>",
            "2019-07-09:2794651562684255@iva4-64850291ca1c.qloud-c.yandex.net:",
            "x @ y.z",
        ] {
            assert!(judge(text).is_none(), "{text}");
        }
    }

    #[test]
    fn name_shapes() {
        assert!(name_shaped("jane.smith"));
        assert!(name_shaped("r-jones2"));
        assert!(name_shaped("a_patel"));
        assert!(!name_shaped("jane"));
        assert!(!name_shaped(".smith"));
        assert!(!name_shaped("jane.2"));
    }
}
