//! Which numeric rules match in a dense stretch, and where: one walk of a lazy DFA of every
//! rule's pattern over the stretch.
//!
//! The DFA is built with [`MatchKind::All`]: a match state names every pattern that has a
//! match ending there, so the walk sees where each pattern's matches end, and reports them
//! as clusters of nearby ends. A rule then runs only around those (see
//! [`super::NumericPass::plan`]), not over the whole stretch: a table of numbers is one
//! stretch of megabytes that holds a few bank-account pairs.

use std::sync::Mutex;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

use crate::engine::matcher::Window;

/// The lazy DFA of the numeric rules' patterns and its caches (one per scanning thread).
pub struct RulesAutomaton {
    dfa: DFA,
    /// Per pattern: match ends further apart than this start a new cluster.
    gaps: Vec<usize>,
    caches: Mutex<Vec<Cache>>,
}

/// Match ends of one pattern close together: (pattern, first end, last end).
pub type Cluster = (usize, usize, usize);

impl RulesAutomaton {
    /// The automaton of `patterns`; match ends of pattern `p` more than `gaps[p]` apart fall
    /// in different clusters. `None` when it cannot be built.
    pub fn new(patterns: &[String], gaps: Vec<usize>) -> Option<RulesAutomaton> {
        let dfa = DFA::builder()
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .multi_line(true)
                    .crlf(true),
            )
            .thompson(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(64 << 20)),
            )
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(8 << 20),
            )
            .build_many(patterns)
            .ok()?;
        Some(RulesAutomaton {
            dfa,
            gaps,
            caches: Mutex::new(Vec::new()),
        })
    }

    /// Calls `matched(i, clusters)` for each of `windows` in `hay` where a pattern matches:
    /// the offsets at which matches of each pattern end in `windows[i]` (every match,
    /// overlapping ones too), in clusters of ends at most the pattern's gap apart. The bytes
    /// either side of a window count for `^`, `$` and word boundaries, as in a search of
    /// the window. Where the walk cannot go on (a byte the DFA gives up on, which
    /// Unicode-free patterns never have), every pattern is given the whole window.
    pub fn for_each_window(
        &self,
        hay: &[u8],
        windows: &[Window],
        mut matched: impl FnMut(usize, &[Cluster]),
    ) {
        let mut cache = self.take_cache();
        let mut open = vec![None; self.dfa.pattern_len()];
        let mut clusters = Vec::new();
        let mut last_patterns = Vec::new();
        for (i, &window) in windows.iter().enumerate() {
            open.fill(None);
            clusters.clear();
            if self
                .walk(
                    &mut cache,
                    hay,
                    window,
                    &mut open,
                    &mut clusters,
                    &mut last_patterns,
                )
                .is_none()
            {
                clusters.clear();
                clusters.extend((0..open.len()).map(|p| (p, window.start, window.end)));
            }
            if !clusters.is_empty() {
                matched(i, &clusters);
            }
        }
        self.return_cache(cache);
    }

    fn walk(
        &self,
        cache: &mut Cache,
        hay: &[u8],
        window: Window,
        open: &mut [Option<(usize, usize)>],
        clusters: &mut Vec<Cluster>,
        last_patterns: &mut Vec<usize>,
    ) -> Option<()> {
        let input = Input::new(hay).range(window.start..window.end);
        let mut state = self.dfa.start_state_forward(cache, &input).ok()?;
        // Match states repeat while a match goes on: read each one's patterns once. A cache
        // clear reuses state ids, so the remembered one is forgotten then.
        // (`last_patterns` is the caller's buffer, reused from stretch to stretch.)
        let mut last_match: Option<LazyStateID> = None;
        let mut clears = cache.clear_count();
        let mut record = |cache: &Cache, state: LazyStateID, at: usize| {
            if cache.clear_count() != clears {
                clears = cache.clear_count();
                last_match = None;
            }
            if last_match != Some(state) {
                last_match = Some(state);
                last_patterns.clear();
                last_patterns.extend(
                    (0..self.dfa.match_len(cache, state))
                        .map(|i| self.dfa.match_pattern(cache, state, i).as_usize()),
                );
            }
            for &pattern in last_patterns.iter() {
                add_end(
                    pattern,
                    at,
                    self.gaps[pattern],
                    &mut open[pattern],
                    clusters,
                );
            }
        };
        // A match state is entered on the byte after the match: its offset is the match's end.
        for (at, &byte) in (window.start..).zip(&hay[window.start..window.end]) {
            // Most steps go from an ordinary state along a transition already computed: one
            // table read. Anything else (a tagged state, a transition not yet computed) takes
            // the checked step.
            let next = match state.is_tagged() {
                false => self.dfa.next_state_untagged(cache, state, byte),
                true => self.dfa.next_state(cache, state, byte).ok()?,
            };
            state = match next.is_unknown() {
                false => next,
                true => self.dfa.next_state(cache, state, byte).ok()?,
            };
            if state.is_tagged() {
                if state.is_quit() {
                    return None;
                }
                if state.is_match() {
                    record(cache, state, at);
                }
            }
        }
        state = match hay.get(window.end) {
            Some(&byte) => self.dfa.next_state(cache, state, byte),
            None => self.dfa.next_eoi_state(cache, state),
        }
        .ok()?;
        if state.is_quit() {
            return None;
        }
        if state.is_match() {
            record(cache, state, window.end);
        }
        let still_open = open.iter().enumerate();
        clusters.extend(still_open.filter_map(|(p, o)| o.map(|(first, last)| (p, first, last))));
        Some(())
    }

    fn take_cache(&self) -> Cache {
        let cached = match self.caches.lock() {
            Ok(mut caches) => caches.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        cached.unwrap_or_else(|| self.dfa.create_cache())
    }

    fn return_cache(&self, cache: Cache) {
        match self.caches.lock() {
            Ok(mut caches) => caches.push(cache),
            Err(poisoned) => poisoned.into_inner().push(cache),
        }
    }
}

/// Adds the match end `at` of `pattern` to its open cluster, or closes that cluster into
/// `clusters` and opens a new one when `at` is more than `gap` past its last end. Ends come
/// in order.
fn add_end(
    pattern: usize,
    at: usize,
    gap: usize,
    open: &mut Option<(usize, usize)>,
    clusters: &mut Vec<Cluster>,
) {
    *open = match *open {
        Some((first, last)) if at - last <= gap => Some((first, at)),
        Some((first, last)) => {
            clusters.push((pattern, first, last));
            Some((at, at))
        }
        None => Some((at, at)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::hybrid::dfa::OverlappingState;

    /// The numeric rules' patterns as the engine gives them (probe, else pattern).
    fn numeric_patterns() -> Vec<String> {
        crate::rules::builtin_rules()
            .expect("built-in rules load")
            .into_iter()
            .filter(|r| r.keywords.is_empty() && r.score.as_ref().is_some_and(|s| s.numeric))
            .map(|r| r.probe.clone().unwrap_or(r.pattern.clone()))
            .collect()
    }

    /// The definition: the crate's own overlapping search over the window, every match end,
    /// clustered the same way; sorted.
    fn reference_clusters(automaton: &RulesAutomaton, hay: &[u8], window: Window) -> Vec<Cluster> {
        let mut cache = automaton.dfa.create_cache();
        let mut open: Vec<Option<(usize, usize)>> = vec![None; automaton.dfa.pattern_len()];
        let mut clusters = Vec::new();
        let input = Input::new(hay).range(window.start..window.end);
        let mut state = OverlappingState::start();
        loop {
            automaton
                .dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .expect("searches");
            let Some(m) = state.get_match() else {
                break;
            };
            let (p, at) = (m.pattern().as_usize(), m.offset());
            add_end(p, at, automaton.gaps[p], &mut open[p], &mut clusters);
        }
        clusters.extend(
            open.iter()
                .enumerate()
                .filter_map(|(p, o)| o.map(|(f, l)| (p, f, l))),
        );
        clusters.sort_unstable();
        clusters
    }

    #[test]
    fn one_walk_finds_where_each_pattern_matches_as_an_overlapping_search_does() {
        let patterns = numeric_patterns();
        assert!(patterns.len() >= 10, "{}", patterns.len());
        // Small gaps for some patterns, so ends fall in several clusters.
        let gaps = (0..patterns.len())
            .map(|p| [0, 5, 40, usize::MAX][p % 4])
            .collect();
        let automaton = RulesAutomaton::new(&patterns, gaps).expect("builds");
        let mut random = crate::engine::test_random::numbers(0x2545_f491_4f6c_dd1d);
        let alphabet = b"0123456789012345678901234567890123456789 -.:+()/<GBQXABMFKzx\n";
        let (mut compared, mut matched_windows) = (0, 0);
        for round in 0..400 {
            let len = 40 + random(400);
            let hay: Vec<u8> = (0..len).map(|_| alphabet[random(alphabet.len())]).collect();
            let windows: Vec<Window> = (0..4)
                .map(|_| {
                    let start = random(len);
                    Window {
                        start,
                        end: start + random(len - start + 1),
                    }
                })
                .collect();
            let mut got = vec![Vec::new(); windows.len()];
            automaton.for_each_window(&hay, &windows, |i, clusters| {
                got[i] = clusters.to_vec();
                got[i].sort_unstable();
            });
            for (i, &window) in windows.iter().enumerate() {
                let expected = reference_clusters(&automaton, &hay, window);
                assert_eq!(got[i], expected, "round {round}, window {window:?}");
                compared += 1;
                matched_windows += usize::from(!expected.is_empty());
            }
        }
        assert!(
            matched_windows > 50,
            "the texts hold matches: {matched_windows}/{compared}"
        );
    }
}
