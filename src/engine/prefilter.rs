//! The keyword prefilter: one case-insensitive Aho-Corasick pass over a blob finds every
//! keyword of every rule, and so which rules need to run and where. A rule whose keywords
//! never occur costs nothing.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// One keyword occurrence: which rule it belongs to and where it starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub rule: u32,
    pub start: usize,
    pub end: usize,
}

/// An automaton over the distinct keywords of all rules.
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules that listed that keyword.
    rules_of_keyword: Vec<Vec<u32>>,
}

impl Prefilter {
    /// Builds the automaton; `keywords_of_rule[i]` are rule `i`'s lowercased keywords.
    /// `large_input`: a DFA (2-3 ms to build, fastest to run) for directory and history
    /// scans; otherwise an NFA (under 1 ms to build) for the few kilobytes of a commit.
    pub fn new(
        keywords_of_rule: &[&[String]],
        large_input: bool,
    ) -> Result<Prefilter, aho_corasick::BuildError> {
        let mut keywords: Vec<&str> = Vec::new();
        let mut rules_of_keyword: Vec<Vec<u32>> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (rule, kws) in keywords_of_rule.iter().enumerate() {
            for kw in kws.iter() {
                let slot = *index.entry(kw.as_str()).or_insert_with(|| {
                    keywords.push(kw.as_str());
                    rules_of_keyword.push(Vec::new());
                    keywords.len() - 1
                });
                let rule = rule as u32;
                if !rules_of_keyword[slot].contains(&rule) {
                    rules_of_keyword[slot].push(rule);
                }
            }
        }
        let automaton = if keywords.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(if large_input {
                        AhoCorasickKind::DFA
                    } else {
                        AhoCorasickKind::ContiguousNFA
                    }))
                    .build(&keywords)?,
            )
        };
        Ok(Prefilter {
            automaton,
            rules_of_keyword,
        })
    }

    /// Every keyword hit in `haystack`, sorted by rule and then by position.
    pub fn hits(&self, haystack: &[u8]) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        // The fast non-overlapping search finds every line that holds a keyword: a keyword
        // it skips overlaps a match it reports, and keywords never span lines. Only those
        // lines get the slower overlapping search, which finds every keyword in them.
        let mut hits = Vec::new();
        let mut done_to = 0;
        for m in automaton.find_iter(haystack) {
            if m.start() < done_to {
                continue;
            }
            let line_start = memchr::memrchr(b'\n', &haystack[done_to..m.start()])
                .map_or(done_to, |i| done_to + i + 1);
            let line_end =
                memchr::memchr(b'\n', &haystack[m.end()..]).map_or(haystack.len(), |i| m.end() + i);
            let line = &haystack[line_start..line_end];
            for m in automaton.find_overlapping_iter(line) {
                for &rule in &self.rules_of_keyword[m.pattern().as_usize()] {
                    hits.push(Hit {
                        rule,
                        start: line_start + m.start(),
                        end: line_start + m.end(),
                    });
                }
            }
            done_to = line_end;
        }
        hits.sort_unstable();
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_overlapping_keywords_case_insensitively() {
        let a = vec!["sk_live_".to_string()];
        let b = vec!["sk_".to_string(), "token".to_string()];
        let pf = Prefilter::new(&[&a, &b], true).expect("builds");
        let hits = pf.hits(b"x SK_LIVE_abc TOKEN");
        let rules: Vec<u32> = hits.iter().map(|h| h.rule).collect();
        assert_eq!(rules, vec![0, 1, 1]);
        let small = Prefilter::new(&[&a, &b], false).expect("builds");
        assert_eq!(small.hits(b"x SK_LIVE_abc TOKEN"), hits);
        assert_eq!(hits[0].start, 2);
        assert_eq!(hits[2].start, 14);
    }

    #[test]
    fn line_by_line_search_finds_what_a_full_overlapping_search_finds() {
        let kws: Vec<Vec<String>> = ["sk_", "sk_live_", "live", "token", "ken", "a\tb", "://"]
            .iter()
            .map(|k| vec![k.to_string()])
            .collect();
        let refs: Vec<&[String]> = kws.iter().map(Vec::as_slice).collect();
        let pf = Prefilter::new(&refs, true).expect("builds");
        let automaton = pf.automaton.as_ref().expect("automaton");
        let alphabet = b"sk_liveTOKENa\tb:/ \nx";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200 {
            let text: Vec<u8> = (0..300)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut expected: Vec<Hit> = automaton
                .find_overlapping_iter(&text)
                .flat_map(|m| {
                    pf.rules_of_keyword[m.pattern().as_usize()]
                        .iter()
                        .map(move |&rule| Hit {
                            rule,
                            start: m.start(),
                            end: m.end(),
                        })
                })
                .collect();
            expected.sort_unstable();
            assert_eq!(pf.hits(&text), expected);
        }
    }

    #[test]
    fn no_keywords_no_hits() {
        let pf = Prefilter::new(&[], false).expect("builds");
        assert!(pf.hits(b"anything").is_empty());
    }
}
