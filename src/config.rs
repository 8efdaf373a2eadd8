//! `.clearance.toml`: finding it (the nearest one from the working directory up to the
//! repository root, or `--config FILE`), parsing it strictly and resolving it into a
//! [`Config`].
//!
//! Every problem is a [`ConfigError`] that names the file, the line and the key, with the
//! offending line quoted: unknown keys, wrong types, bad globs, regexes that do not compile
//! (they are compiled here, at load, not on first use), custom rules that are malformed, rule
//! ids that do not exist. A config is all valid or not used at all: the run stops (exit 2).
//!
//! What the config *does* is applied elsewhere: rule selection and severity overrides when
//! the engine is built ([`Config::select_rules`], [`Config::check_custom_rules`]), allowlists
//! by [`crate::filter`]. Documented key by key in `docs/config.md`.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::engine::markings::codeword::{parse_hash, Codewords};
use crate::engine::Engine;
use crate::rules::{Category, Rule, RuleError, RuleSpec, Severity};

/// The name of the config file looked for at the repository root.
pub const CONFIG_FILE_NAME: &str = ".clearance.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// Baseline file, relative to the config's directory.
    #[serde(default)]
    baseline: Option<Spanned<String>>,
    #[serde(default)]
    rules: RulesSpec,
    /// Custom rules, in the schema of `patterns/`.
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    allowlist: AllowlistFileSpec,
    #[serde(default)]
    markings: MarkingsSpec,
}

/// `[markings]`: options of the classification-marking rules.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkingsSpec {
    /// SHA-256 (hex) of each upper-cased organisation codeword.
    #[serde(default)]
    codewords_sha256: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesSpec {
    #[serde(default)]
    builtin: Option<BuiltinRules>,
    #[serde(default)]
    categories: Option<Spanned<Vec<Category>>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
}

/// `[allowlist]`: the global lists plus `[allowlist.rules.ID]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistFileSpec {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    path_regexes: Vec<Spanned<String>>,
    #[serde(default)]
    regexes: Vec<Spanned<String>>,
    #[serde(default)]
    line_regexes: Vec<Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<Spanned<String>>,
    #[serde(default)]
    sha256: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, AllowSpec>,
}

/// `[allowlist.rules.ID]`: the same lists, for one rule.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowSpec {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    path_regexes: Vec<Spanned<String>>,
    #[serde(default)]
    regexes: Vec<Spanned<String>>,
    #[serde(default)]
    line_regexes: Vec<Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<Spanned<String>>,
    #[serde(default)]
    sha256: Vec<Spanned<String>>,
}

/// Whether custom rules extend the built-in rules or replace them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltinRules {
    /// Built-in rules run, plus the custom ones (the default).
    #[default]
    Extend,
    /// Only custom rules run, plus built-in rules named in `rules.enable`.
    Replace,
}

/// A value with where it was written (a byte range of the config text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// Which rules run, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    pub builtin: BuiltinRules,
    /// Categories that run (`None`: all).
    pub categories: Option<Vec<Category>>,
    pub disable: Vec<Located<String>>,
    /// Rules that run whatever `categories` and `builtin` say.
    pub enable: Vec<Located<String>>,
    pub severity: Vec<(Located<String>, Severity)>,
}

/// One allowlist: what it matches a finding against. Regexes are compiled.
#[derive(Debug, Clone, Default)]
pub struct AllowRules {
    /// Globs on the path relative to the config's directory.
    pub paths: Vec<String>,
    /// Regexes searched in the `/`-separated path relative to the config's directory.
    pub path_regexes: Vec<Regex>,
    /// Regexes searched in the value.
    pub regexes: Vec<Regex>,
    /// Regexes searched in the line holding the value.
    pub line_regexes: Vec<Regex>,
    /// Lowercase words; a value containing one (in any case) is allowed.
    pub stopwords: Vec<String>,
    /// Lowercase hex SHA-256 of allowed values (normalised for personal data: the
    /// `value_sha256` of the JSON report), so the config never holds the value itself.
    pub sha256: Vec<String>,
}

impl AllowRules {
    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
            && self.path_regexes.is_empty()
            && self.regexes.is_empty()
            && self.line_regexes.is_empty()
            && self.stopwords.is_empty()
            && self.sha256.is_empty()
    }
}

/// Every allowlist in the config.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    /// Applies to every rule.
    pub global: AllowRules,
    /// Applies to one rule each.
    pub rules: Vec<(Located<String>, AllowRules)>,
}

/// A custom rule and where it was defined.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub rule: Rule,
    /// The `[[rule]]` table.
    pub span: Range<usize>,
}

/// A loaded, validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (`None` when there is no config).
    pub path: Option<PathBuf>,
    /// The directory relative paths in the config are relative to.
    pub base_dir: PathBuf,
    /// `baseline = "..."`, resolved against `base_dir`.
    pub baseline: Option<PathBuf>,
    pub selection: RuleSelection,
    pub custom_rules: Vec<CustomRule>,
    pub allowlist: Allowlist,
    /// `[markings] codewords_sha256`: organisation codewords, as hashes only.
    pub codewords: Codewords,
    /// The text, for quoting lines in errors found after parsing.
    text: String,
}

/// A config that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// Names the file, the line and the key; `excerpt` quotes the line.
    #[error("bad config {path}, line {line}, key `{key}`: {message}{excerpt}")]
    Invalid {
        path: String,
        line: usize,
        key: String,
        message: String,
        excerpt: String,
    },
}

/// What the rule selection did, for `clearance config check`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionReport {
    /// Built-in rules available.
    pub builtin_total: usize,
    /// Rules that will run.
    pub running: usize,
    /// `(rule id, why)` for every rule that will not run.
    pub disabled: Vec<(String, String)>,
    /// `(rule id, from, to)`.
    pub severity: Vec<(String, Severity, Severity)>,
    /// Custom rules that will run.
    pub added: Vec<String>,
    /// Off-by-default rules that run only as composite contributors: reported only as part
    /// of a personal-data record (see `score.contributes` in the rule schema).
    pub contributors: Vec<String>,
}

/// The nearest `name` from `start` upwards, stopping at the directory that holds `.git`
/// (the repository root).
pub fn discover_file(start: &Path, name: &str) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// The nearest `.clearance.toml` from `start` upwards, stopping at the repository root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    discover_file(start, CONFIG_FILE_NAME)
}

/// The repository root at or above `start` (the directory holding `.git`), if any.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Loads `path`; relative entries resolve against its directory.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.clone(),
        source,
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    parse(&text, &shown, dir)
}

/// Parses config text; `shown` names the file in errors.
pub fn parse(text: &str, shown: &str, base_dir: &Path) -> Result<Config, ConfigError> {
    let at = Locator { text, shown };
    let file: ConfigFile = toml::from_str(text).map_err(|e| at.toml_error(&e))?;

    let global = compile_allow(
        &at,
        "allowlist",
        AllowSpec {
            paths: file.allowlist.paths,
            path_regexes: file.allowlist.path_regexes,
            regexes: file.allowlist.regexes,
            line_regexes: file.allowlist.line_regexes,
            stopwords: file.allowlist.stopwords,
            sha256: file.allowlist.sha256,
        },
    )?;
    let mut per_rule = Vec::new();
    for (id, spec) in file.allowlist.rules {
        let key = format!("allowlist.rules.{}", id.get_ref());
        let rules = compile_allow(&at, &key, spec)?;
        per_rule.push((located(id), rules));
    }

    let mut custom_rules: Vec<CustomRule> = Vec::new();
    for spanned in file.rule {
        let span = spanned.span();
        let spec = spanned.into_inner();
        let id = spec.id.clone();
        if let Some(name) = spec.validator.as_ref().filter(|_| spec.score.is_none()) {
            if crate::engine::validate::Validator::from_name(name).is_none() {
                return Err(at.error(
                    at.key_span(&span, "validator"),
                    "rule.validator",
                    format!(
                        "rule `{id}`: unknown validator `{name}` (known: {})",
                        crate::engine::validate::VALIDATOR_NAMES.join(", ")
                    ),
                ));
            }
        }
        let source = format!("{shown}:{}", line_of(text, span.start));
        let rule = Rule::from_spec(spec, &source).map_err(|e| {
            let message = match e {
                RuleError::Invalid { id, message, .. } => format!("rule `{id}`: {message}"),
                RuleError::Parse { message, .. } => message,
            };
            // Point at the key the message names (`examples`, `remediation`...), if present.
            let named = message
                .split('`')
                .skip(3)
                .step_by(2)
                .chain(["id"])
                .find(|k| key_span(text, &span, k) != span);
            match named {
                Some(k) => at.error(key_span(text, &span, k), &format!("rule.{k}"), message),
                None => at.error(span.clone(), "rule", message),
            }
        })?;
        if let Some(first) = custom_rules.iter().find(|c| c.rule.id() == id) {
            return Err(at.error(
                at.key_span(&span, "id"),
                "rule.id",
                format!(
                    "rule `{id}` is defined twice (first on line {})",
                    line_of(text, first.span.start)
                ),
            ));
        }
        custom_rules.push(CustomRule { rule, span });
    }

    let mut codewords = Codewords::new();
    for (i, entry) in file.markings.codewords_sha256.iter().enumerate() {
        let hash = parse_hash(entry.get_ref()).map_err(|e| {
            // Without the line quoted: a mistaken entry may be the codeword itself.
            at.error_unquoted(
                entry.span(),
                "markings.codewords_sha256",
                format!("entry {}: {e}", i + 1),
            )
        })?;
        codewords.insert(hash);
    }

    let baseline = match &file.baseline {
        Some(b) if b.get_ref().trim().is_empty() => {
            return Err(at.error(b.span(), "baseline", "is empty".to_string()))
        }
        Some(b) => Some(base_dir.join(b.get_ref())),
        None => None,
    };

    let rules = file.rules;
    Ok(Config {
        path: Some(PathBuf::from(shown)),
        base_dir: base_dir.to_path_buf(),
        baseline,
        selection: RuleSelection {
            builtin: rules.builtin.unwrap_or_default(),
            categories: rules.categories.map(Spanned::into_inner),
            disable: rules.disable.into_iter().map(located).collect(),
            enable: rules.enable.into_iter().map(located).collect(),
            severity: rules
                .severity
                .into_iter()
                .map(|(id, s)| (located(id), s))
                .collect(),
        },
        custom_rules,
        allowlist: Allowlist {
            global,
            rules: per_rule,
        },
        codewords,
        text: text.to_string(),
    })
}

fn located<T>(spanned: Spanned<T>) -> Located<T> {
    let span = spanned.span();
    Located {
        value: spanned.into_inner(),
        span,
    }
}

/// Compiles one allowlist: globs and regexes are checked now, errors point at the entry.
fn compile_allow(at: &Locator<'_>, key: &str, spec: AllowSpec) -> Result<AllowRules, ConfigError> {
    let mut out = AllowRules::default();
    for glob in spec.paths {
        if let Err(e) = globset::Glob::new(glob.get_ref()) {
            return Err(at.error(glob.span(), &format!("{key}.paths"), e.to_string()));
        }
        out.paths.push(glob.into_inner());
    }
    let regexes = |list: Vec<Spanned<String>>, name: &str| -> Result<Vec<Regex>, ConfigError> {
        list.into_iter()
            .map(|r| {
                compile_regex(r.get_ref())
                    .map_err(|message| at.error(r.span(), &format!("{key}.{name}"), message))
            })
            .collect()
    };
    out.path_regexes = regexes(spec.path_regexes, "path_regexes")?;
    out.regexes = regexes(spec.regexes, "regexes")?;
    out.line_regexes = regexes(spec.line_regexes, "line_regexes")?;
    for word in spec.stopwords {
        if word.get_ref().trim().is_empty() {
            return Err(at.error(
                word.span(),
                &format!("{key}.stopwords"),
                "an empty stopword would allow every value".to_string(),
            ));
        }
        out.stopwords.push(word.get_ref().to_lowercase());
    }
    for hash in spec.sha256 {
        let hex = hash.get_ref().trim().to_ascii_lowercase();
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(at.error(
                hash.span(),
                &format!("{key}.sha256"),
                "not a SHA-256 (64 hex digits); copy `value_sha256` from the JSON report"
                    .to_string(),
            ));
        }
        out.sha256.push(hex);
    }
    Ok(out)
}

/// Compiles an allowlist regex; the error is one line naming what is wrong.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("bad regex {pattern:?}: {}", regex_error_reason(&e)))
}

/// The last line of a regex error (`error: unclosed group`), without the `error: ` prefix.
pub fn regex_error_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or_default().trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// Turns positions in the config text into file/line/key errors with the line quoted.
struct Locator<'a> {
    text: &'a str,
    shown: &'a str,
}

impl Locator<'_> {
    fn error(&self, span: Range<usize>, key: &str, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.shown.to_string(),
            line: line_of(self.text, span.start),
            key: key.to_string(),
            message,
            excerpt: excerpt(self.text, &span),
        }
    }

    /// Like [`Locator::error`], without quoting the line (for values that may be secret).
    fn error_unquoted(&self, span: Range<usize>, key: &str, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.shown.to_string(),
            line: line_of(self.text, span.start),
            key: key.to_string(),
            message,
            excerpt: String::new(),
        }
    }

    /// A toml error, with the key worked out from the table header and the line.
    fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        let span = e.span().unwrap_or(0..0);
        let key = key_at(self.text, span.start);
        if key.starts_with("markings.") {
            // The line, and toml's message about a value, may hold a codeword written in
            // plain text: quote neither.
            let message = if key == "markings.codewords_sha256" {
                "expected an array of quoted SHA-256 hashes, one per codeword (make each with \
                 `clearance hash-codeword -`; never write the codeword itself here)"
                    .to_string()
            } else {
                e.message().trim_end().to_string()
            };
            return self.error_unquoted(span, &key, message);
        }
        self.error(span, &key, e.message().trim_end().to_string())
    }

    /// The span of `key = ...` inside a table spanning `table`; the table itself if absent.
    fn key_span(&self, table: &Range<usize>, key: &str) -> Range<usize> {
        key_span(self.text, table, key)
    }
}

/// See [`Locator::key_span`].
fn key_span(text: &str, table: &Range<usize>, key: &str) -> Range<usize> {
    let body = text.get(table.clone()).unwrap_or_default();
    let mut offset = table.start;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                return start..start + key.len();
            }
        }
        offset += line.len();
    }
    table.clone()
}

/// `offset` moved back to a char boundary of `text` (and into it).
fn char_floor(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// 1-based line of byte `offset`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line holding `span.start`, quoted with carets under the span (first line only), in
/// the style of toml's own messages.
pub(crate) fn excerpt(text: &str, span: &Range<usize>) -> String {
    let start = char_floor(text, span.start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let number = line_of(text, start).to_string();
    let pad = " ".repeat(number.len());
    let col = text[line_start..start].chars().count();
    let width = text[start..char_floor(text, span.end.clamp(start, line_end))]
        .chars()
        .count()
        .max(1);
    format!(
        "\n{pad} |\n{number} | {line}\n{pad} | {}{}",
        " ".repeat(col),
        "^".repeat(width)
    )
}

/// The dotted key at `offset`: the enclosing table header plus the key assigned on that line
/// (or on the nearest line above with an `=`, for multi-line arrays).
fn key_at(text: &str, offset: usize) -> String {
    let offset = char_floor(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut header = String::new();
    let mut key = None;
    let before = &text[..line_start];
    let this_line = text[line_start..].lines().next().unwrap_or_default();
    for line in std::iter::once(this_line).chain(before.lines().rev()) {
        let t = line.trim();
        if t.starts_with('[') {
            header = t
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string();
            break;
        }
        if key.is_none() && !t.starts_with('#') {
            if let Some((k, _)) = t.split_once('=') {
                key = Some(k.trim().trim_matches('"').trim_matches('\'').to_string());
            }
        }
    }
    match (header.is_empty(), key) {
        (true, Some(k)) => k,
        (false, Some(k)) => format!("{header}.{k}"),
        (_, None) if !header.is_empty() => header,
        _ => "(top level)".to_string(),
    }
}

impl Config {
    /// No config file: built-in rules, no allowlists; relative paths against `base_dir`.
    pub fn none(base_dir: &Path) -> Config {
        Config {
            base_dir: base_dir.to_path_buf(),
            ..Config::default()
        }
    }

    /// An error about something at `span` of this config.
    pub fn error_at(&self, span: Range<usize>, key: &str, message: String) -> ConfigError {
        let shown = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Locator {
            text: &self.text,
            shown: &shown,
        }
        .error(span, key, message)
    }

    /// The 1-based line of `span` in the config text.
    pub fn line_of(&self, span: &Range<usize>) -> usize {
        line_of(&self.text, span.start)
    }

    /// Applies the rule selection to `builtin` rules and appends the custom rules: which
    /// run, at what severity. Every rule id the config names must exist.
    pub fn select_rules(
        &self,
        builtin: Vec<Rule>,
    ) -> Result<(Vec<Rule>, SelectionReport), ConfigError> {
        let builtin_ids: HashSet<&str> = builtin.iter().map(Rule::id).collect();
        for custom in &self.custom_rules {
            if builtin_ids.contains(custom.rule.id()) {
                return Err(self.error_at(
                    key_span(&self.text, &custom.span, "id"),
                    "rule.id",
                    format!(
                        "rule `{}`: a built-in rule has this id; choose another id (and disable \
                         the built-in one in [rules] disable if yours replaces it)",
                        custom.rule.id()
                    ),
                ));
            }
        }
        let known: Vec<&str> = builtin
            .iter()
            .map(Rule::id)
            .chain([crate::engine::document::NOT_READ_RULE])
            .chain(self.custom_rules.iter().map(|c| c.rule.id()))
            .collect();
        let s = &self.selection;
        let named = s
            .disable
            .iter()
            .map(|l| (l, "rules.disable"))
            .chain(s.enable.iter().map(|l| (l, "rules.enable")))
            .chain(s.severity.iter().map(|(l, _)| (l, "rules.severity")))
            .chain(
                self.allowlist
                    .rules
                    .iter()
                    .map(|(l, _)| (l, "allowlist.rules")),
            );
        for (id, key) in named {
            if !known.contains(&id.value.as_str()) {
                return Err(self.error_at(
                    id.span.clone(),
                    key,
                    format!(
                        "no rule has the id `{}`{}",
                        id.value,
                        did_you_mean(&id.value, &known)
                    ),
                ));
            }
        }
        if let Some(both) = s
            .enable
            .iter()
            .find(|e| s.disable.iter().any(|d| d.value == e.value))
        {
            return Err(self.error_at(
                both.span.clone(),
                "rules.enable",
                format!("rule `{}` is both enabled and disabled", both.value),
            ));
        }

        let custom_ids: HashSet<&str> = self.custom_rules.iter().map(|c| c.rule.id()).collect();
        let mut report = SelectionReport {
            builtin_total: builtin.len(),
            ..SelectionReport::default()
        };
        let mut out = Vec::new();
        let all = builtin
            .into_iter()
            .chain(self.custom_rules.iter().map(|c| c.rule.clone()));
        for mut rule in all {
            let id = rule.id().to_string();
            let is_custom = custom_ids.contains(id.as_str());
            let enabled_here = s.enable.iter().any(|e| e.value == id);
            let contributes = rule.score.as_ref().is_some_and(|score| score.contributes);
            let why_not = if enabled_here {
                None
            } else if s.disable.iter().any(|d| d.value == id) {
                Some("disabled in rules.disable".to_string())
            } else if !is_custom && s.builtin == BuiltinRules::Replace {
                Some("built-in rules replaced (rules.builtin = \"replace\")".to_string())
            } else if !rule.enabled && !contributes {
                Some("off by default (name it in rules.enable to run it)".to_string())
            } else {
                match &s.categories {
                    Some(cats) if !cats.contains(&rule.meta.category) => Some(format!(
                        "category `{}` not in rules.categories",
                        rule.meta.category.as_str()
                    )),
                    _ => None,
                }
            };
            if let Some(why) = why_not {
                report.disabled.push((id, why));
                continue;
            }
            // Off by default, it still strengthens other findings (see the rule schema).
            rule.contributor_only = !rule.enabled && !enabled_here;
            if rule.contributor_only {
                report.contributors.push(id.clone());
            }
            if let Some((_, to)) = s.severity.iter().find(|(l, _)| l.value == id) {
                let from = rule.meta.severity;
                if from != *to {
                    std::sync::Arc::make_mut(&mut rule.meta).severity = *to;
                    report.severity.push((id.clone(), from, *to));
                }
            }
            if is_custom {
                report.added.push(id);
            }
            out.push(rule);
        }
        report.running = out.len();
        Ok((out, report))
    }

    /// Why a built-in rule that lives in code, not in a rule file (documents not read), does
    /// not run under this config; `None` when it runs.
    pub fn why_builtin_not_running(&self, id: &str, category: Category) -> Option<String> {
        let s = &self.selection;
        if s.enable.iter().any(|e| e.value == id) {
            None
        } else if s.disable.iter().any(|d| d.value == id) {
            Some("disabled in rules.disable".to_string())
        } else if s.builtin == BuiltinRules::Replace {
            Some("built-in rules replaced (rules.builtin = \"replace\")".to_string())
        } else {
            match &s.categories {
                Some(cats) if !cats.contains(&category) => Some(format!(
                    "category `{}` not in rules.categories",
                    category.as_str()
                )),
                _ => None,
            }
        }
    }

    /// Compiles every custom rule that runs in `engine` and runs its examples and negative
    /// examples through it; the first failure is an error at the rule's key.
    pub fn check_custom_rules(&self, engine: &Engine) -> Result<(), ConfigError> {
        let running: HashSet<&str> = engine.rules().map(Rule::id).collect();
        let custom: Vec<&CustomRule> = self
            .custom_rules
            .iter()
            .filter(|c| running.contains(c.rule.id()))
            .collect();
        if custom.is_empty() {
            return Ok(());
        }
        for c in &custom {
            if let Err(e) = engine.verify_rule(c.rule.id()) {
                let message = match e {
                    crate::engine::EngineError::Rule { id, message, .. } => {
                        format!("rule `{id}`: {}", one_line(&message))
                    }
                    other => other.to_string(),
                };
                return Err(self.error_at(
                    key_span(&self.text, &c.span, "pattern"),
                    "rule.pattern",
                    message,
                ));
            }
        }
        let ids: HashSet<&str> = custom.iter().map(|c| c.rule.id()).collect();
        let failures =
            crate::engine::examples::check_examples_where(engine, |r| ids.contains(r.id()));
        if let Some(first) = failures.first() {
            let Some(c) = custom.iter().find(|c| c.rule.id() == first.rule_id) else {
                return Ok(());
            };
            let (key, what) = if first.missed {
                ("examples", "example is not found")
            } else {
                ("negative_examples", "negative example is reported")
            };
            let more = match failures.len() {
                1 => String::new(),
                n => format!(" (and {} more failing examples)", n - 1),
            };
            return Err(self.error_at(
                key_span(&self.text, &c.span, key),
                &format!("rule.{key}"),
                format!(
                    "rule `{}`: {what}: {:?}{more}",
                    first.rule_id, first.example
                ),
            ));
        }
        Ok(())
    }
}

/// A regex error message on one line.
fn one_line(message: &str) -> String {
    if message.starts_with("regex parse error") {
        let last = message.lines().last().unwrap_or_default().trim();
        last.strip_prefix("error: ").unwrap_or(last).to_string()
    } else {
        message.replace('\n', " ")
    }
}

/// "; did you mean `a`, `b`?": ids containing `id` (or contained in it) first, then ids
/// sharing the most words with it.
fn did_you_mean(id: &str, known: &[&str]) -> String {
    let words: Vec<&str> = id.split('-').filter(|w| w.len() > 2).collect();
    let mut scored: Vec<(bool, usize, &str)> = known
        .iter()
        .map(|k| {
            let contains = k.contains(id) || id.contains(*k);
            let shared = k.split('-').filter(|w| words.contains(w)).count();
            (contains, shared, *k)
        })
        .filter(|&(contains, shared, _)| contains || shared > 0)
        .collect();
    scored.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(b.2)));
    let near: Vec<String> = scored
        .iter()
        .take(5)
        .map(|(_, _, k)| format!("`{k}`"))
        .collect();
    if near.is_empty() {
        " (see `clearance rules list`)".to_string()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        parse(text, "c.toml", Path::new("/r")).expect("parses")
    }

    fn parse_err(text: &str) -> String {
        parse(text, "c.toml", Path::new("/r"))
            .expect_err("fails")
            .to_string()
    }

    #[test]
    fn parses_allowlist_paths() {
        let config = parse_ok("[allowlist]\npaths = [\"patterns/**\"]\n");
        assert_eq!(
            config.allowlist.global.paths,
            vec!["patterns/**".to_string()]
        );
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let msg = parse_err("[allowlist]\npaths = []\npathz = []\n");
        assert!(
            msg.contains("c.toml, line 3, key `allowlist.pathz`") && msg.contains("pathz"),
            "{msg}"
        );
    }

    #[test]
    fn bad_glob_and_bad_regex_name_the_line() {
        let msg = parse_err("[allowlist]\npaths = [\"a/[\"]\n");
        assert!(msg.contains("line 2, key `allowlist.paths`"), "{msg}");
        let msg = parse_err("[allowlist]\nregexes = [\n  'ok',\n  '(unclosed',\n]\n");
        assert!(
            msg.contains("line 4, key `allowlist.regexes`") && msg.contains("unclosed group"),
            "{msg}"
        );
        let msg = parse_err("[allowlist.rules.x]\nline_regexes = ['a{2,1}']\n");
        assert!(
            msg.contains("key `allowlist.rules.x.line_regexes`"),
            "{msg}"
        );
    }

    #[test]
    fn codeword_hashes_are_parsed_and_checked() {
        let a = crate::engine::markings::codeword::hash_hex("NIGHTJAR").expect("hash");
        let b = crate::engine::markings::codeword::hash_hex("KESTREL").expect("hash");
        let config = parse_ok(&format!(
            "[markings]\ncodewords_sha256 = [\n  \"{a}\",\n  \"{}\",\n  \"{a}\",\n]\n",
            b.to_uppercase()
        ));
        assert_eq!(config.codewords.len(), 2);
        assert_eq!(config.codewords.find(b"x NIGHTJAR KESTREL y").len(), 2);
        assert!(parse_ok("").codewords.is_empty());

        let msg = parse_err(&format!(
            "[markings]\ncodewords_sha256 = [\n  \"{a}\",\n  \"OSPREY\",\n]\n"
        ));
        assert!(
            msg.contains("c.toml, line 4, key `markings.codewords_sha256`")
                && msg.contains("entry 2: not a SHA-256 hash")
                && msg.contains("clearance hash-codeword"),
            "{msg}"
        );
        assert!(
            !msg.contains("OSPREY"),
            "never quotes a would-be codeword: {msg}"
        );
        let msg = parse_err(&format!(
            "[markings]\ncodewords_sha256 = [\"{}zz\"]\n",
            &a[..62]
        ));
        assert!(
            msg.contains("line 2") && msg.contains("only 0-9 and a-f"),
            "{msg}"
        );
        let msg = parse_err("[markings]\ncodewords = [\"OSPREY\"]\n");
        assert!(
            msg.contains("line 2, key `markings.codewords`") && msg.contains("unknown field"),
            "{msg}"
        );
        assert!(!msg.contains("OSPREY"), "{msg}");
        let msg = parse_err("[markings]\ncodewords_sha256 = \"OSPREY\"\n");
        assert!(
            msg.contains("line 2, key `markings.codewords_sha256`"),
            "{msg}"
        );
        assert!(!msg.contains("OSPREY"), "{msg}");
        let msg = parse_err("[markings]\ncodewords_sha256 = [\"a\", OSPREY]\n");
        assert!(msg.contains("key `markings.codewords_sha256`"), "{msg}");
        assert!(!msg.contains("OSPREY"), "{msg}");
    }

    #[test]
    fn excerpts_survive_multibyte_text() {
        let msg = parse_err("# café ☕\n[allowlist]\nregexes = ['é(']\n");
        assert!(
            msg.contains("line 3") && msg.contains("3 | regexes = ['é(']"),
            "{msg}"
        );
    }

    #[test]
    fn key_at_finds_header_and_key() {
        let text = "a = 1\n[t]\nb = [\n 'x',\n]\n[[rule]]\nid = 'q'\n";
        assert_eq!(key_at(text, 0), "a");
        assert_eq!(key_at(text, text.find("'x'").expect("x")), "t.b");
        assert_eq!(key_at(text, text.find("id").expect("id")), "rule.id");
        assert_eq!(key_at(text, text.find("[[rule]]").expect("r")), "rule");
    }

    #[test]
    fn selection_disables_overrides_and_checks_ids() {
        let rules = crate::rules::parse_rule_file(
            r#"
[[rule]]
id = "demo-one"
name = "Demo"
category = "secret"
severity = "high"
keywords = ["demo_"]
pattern = '(demo_[a-z]{8})'
remediation = "Rotate it."
examples = ["demo_abcdefgh"]
negative_examples = ["demo_abc"]

[[rule]]
id = "demo-two"
name = "Demo"
category = "pii"
severity = "low"
keywords = ["two_"]
pattern = '(two_[a-z]{8})'
remediation = "Rotate it."
examples = ["two_abcdefgh"]
negative_examples = ["two_abc"]
"#,
            "t.toml",
        )
        .expect("rules");
        let config =
            parse_ok("[rules]\ncategories = [\"secret\"]\n[rules.severity]\ndemo-one = \"low\"\n");
        let (selected, report) = config.select_rules(rules.clone()).expect("selects");
        assert_eq!(selected.len(), 1);
        assert_eq!(selected[0].meta.severity, Severity::Low);
        assert_eq!(report.disabled.len(), 1);
        assert_eq!(
            report.severity,
            vec![("demo-one".to_string(), Severity::High, Severity::Low)]
        );

        let config = parse_ok("[rules]\nbuiltin = \"replace\"\nenable = [\"demo-two\"]\n");
        let (selected, _) = config.select_rules(rules.clone()).expect("selects");
        assert_eq!(selected.len(), 1);
        assert_eq!(selected[0].id(), "demo-two");

        let config = parse_ok("[rules]\ndisable = [\"demo-won\"]\n");
        let err = config
            .select_rules(rules)
            .expect_err("unknown id")
            .to_string();
        assert!(
            err.contains("line 2, key `rules.disable`") && err.contains("`demo-one`"),
            "{err}"
        );
    }
}
