//! `clearance config import-gitleaks`: converts a gitleaks config (`.gitleaks.toml`, the
//! schema documented in gitleaks' README) into a `.clearance.toml`.
//!
//! | gitleaks | clearance |
//! | --- | --- |
//! | `[extend] useDefault = true` | built-in rules run (`rules.builtin = "extend"`, the default) |
//! | `[extend] disabledRules` | `rules.disable`, for ids clearance also has |
//! | `[[rules]]` with `regex` | `[[rule]]`: `regex` → `pattern` with one capturing group (the `secretGroup`), `entropy` → `entropy_min`, `keywords`, `description` → `name` |
//! | `[allowlist]`, `[[allowlists]]` | `[allowlist]`: `paths` → `path_regexes`, `regexes` → `regexes` (target `secret`) or `line_regexes` (`line`; `match` approximately), `stopwords` |
//! | `targetRules`, `[[rules.allowlists]]` | `[allowlist.rules.ID]` |
//!
//! Not converted, and named: `commits` (use a baseline), `condition = "AND"` across several
//! kinds of criteria, `[extend] path`, rules limited to a `path`, composite rules, and any
//! regex that Rust's regex crate cannot compile (look-around `(?=`, `(?!`, `(?<=`, `(?<!`,
//! backreferences `\1`, Unicode classes in rule patterns, which run with Unicode off).
//! gitleaks rules carry no examples, so each converted rule is written with empty `examples`
//! and `negative_examples`: the config does not load until someone adds them, which is also
//! when the pattern's behaviour under Rust's regex syntax gets checked.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use toml::{Table, Value};

use super::Note;
use crate::config::compile_regex;
use crate::filter::baseline::toml_string;

/// What an import produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The `.clearance.toml` text.
    pub text: String,
    /// The same without the converted rules (they need examples before they load), to
    /// validate everything else.
    pub text_without_rules: String,
    /// Parts not converted, or converted approximately.
    pub notes: Vec<Note>,
    /// Ids of the converted rules.
    pub rules: Vec<String>,
    /// Entries converted into allowlists (every list, global and per rule).
    pub allowlist_entries: usize,
    /// Ids put in `rules.disable`.
    pub disabled: Vec<String>,
}

#[derive(Debug, Default)]
struct Lists {
    comments: Vec<String>,
    path_regexes: Vec<String>,
    regexes: Vec<String>,
    line_regexes: Vec<String>,
    stopwords: Vec<String>,
}

impl Lists {
    fn merge(&mut self, other: Lists) {
        self.comments.extend(other.comments);
        self.path_regexes.extend(other.path_regexes);
        self.regexes.extend(other.regexes);
        self.line_regexes.extend(other.line_regexes);
        self.stopwords.extend(other.stopwords);
    }

    fn len(&self) -> usize {
        self.path_regexes.len()
            + self.regexes.len()
            + self.line_regexes.len()
            + self.stopwords.len()
    }
}

#[derive(Debug)]
struct ImportedRule {
    id: String,
    name: String,
    keywords: Vec<String>,
    pattern: String,
    entropy: Option<f64>,
}

#[derive(Debug, Default)]
struct Model {
    title: Option<String>,
    disable: Vec<String>,
    global: Lists,
    per_rule: BTreeMap<String, Lists>,
    rules: Vec<ImportedRule>,
}

/// Converts gitleaks config `text`. `builtin_ids` are clearance's built-in rule ids (for
/// `disabledRules`, and allowlists of rules both tools have). Fails only when `text` is not
/// TOML.
pub fn convert(
    text: &str,
    source_name: &str,
    builtin_ids: &HashSet<String>,
) -> Result<Imported, String> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        format!("{source_name} is not valid TOML: {}", e.message())
    })?;
    let mut notes = Vec::new();
    let mut model = Model::default();
    let mut use_default = false;

    // Rules first: allowlists may target the converted rules (by their gitleaks id).
    let mut converted_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut rule_allowlists: Vec<(String, Lists)> = Vec::new();
    if let Some(rules) = table.get("rules") {
        match rules.as_array() {
            Some(rules) => {
                for (i, rule) in rules.iter().enumerate() {
                    let Some(rule) = rule.as_table() else {
                        notes.push(dropped(format!("rules[{i}]"), "not a table"));
                        continue;
                    };
                    convert_rule(
                        i,
                        rule,
                        builtin_ids,
                        &mut converted_ids,
                        &mut model,
                        &mut rule_allowlists,
                        &mut notes,
                    );
                }
            }
            None => notes.push(dropped("rules".into(), "not an array of tables")),
        }
    }

    for (key, value) in &table {
        match key.as_str() {
            "rules" => {}
            "title" => model.title = value.as_str().map(str::to_string),
            "extend" => {
                let Some(extend) = value.as_table() else {
                    notes.push(dropped("extend".into(), "not a table"));
                    continue;
                };
                for (k, v) in extend {
                    match k.as_str() {
                        "useDefault" => use_default = v.as_bool().unwrap_or(false),
                        "path" => notes.push(dropped(
                            "extend.path".into(),
                            "clearance configs do not chain; convert that file too and merge it by hand",
                        )),
                        "disabledRules" => {
                            for id in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
                                if builtin_ids.contains(id) {
                                    model.disable.push(id.to_string());
                                } else {
                                    notes.push(dropped(
                                        format!("extend.disabledRules {id:?}"),
                                        "clearance has no rule with this id (see `clearance rules list`, then use rules.disable)",
                                    ));
                                }
                            }
                        }
                        other => notes.push(dropped(format!("extend.{other}"), "unknown key")),
                    }
                }
            }
            "allowlist" => match value.as_table() {
                Some(list) => convert_global_allowlist(
                    list,
                    "allowlist",
                    builtin_ids,
                    &converted_ids,
                    &mut model,
                    &mut notes,
                ),
                None => notes.push(dropped("allowlist".into(), "not a table")),
            },
            "allowlists" => match value.as_array() {
                Some(lists) => {
                    for (i, list) in lists.iter().enumerate() {
                        let part = format!("allowlists[{i}]");
                        match list.as_table() {
                            Some(list) => convert_global_allowlist(
                                list,
                                &part,
                                builtin_ids,
                                &converted_ids,
                                &mut model,
                                &mut notes,
                            ),
                            None => notes.push(dropped(part, "not a table")),
                        }
                    }
                }
                None => notes.push(dropped("allowlists".into(), "not an array of tables")),
            },
            other => notes.push(dropped(other.to_string(), "unknown key")),
        }
    }
    for (id, lists) in rule_allowlists {
        model.per_rule.entry(id).or_default().merge(lists);
    }
    if !use_default {
        notes.push(approximate(
            "extend".into(),
            "without `[extend] useDefault = true` gitleaks runs only this file's rules; clearance \
             keeps its built-in rules too (set rules.builtin = \"replace\" to run only yours)",
        ));
    }
    model.disable.sort();
    model.disable.dedup();

    let allowlist_entries =
        model.global.len() + model.per_rule.values().map(Lists::len).sum::<usize>();
    Ok(Imported {
        text: render(&model, &notes, source_name, true),
        text_without_rules: render(&model, &notes, source_name, false),
        rules: model.rules.iter().map(|r| r.id.clone()).collect(),
        disabled: model.disable.clone(),
        allowlist_entries,
        notes,
    })
}

fn dropped(part: String, message: &str) -> Note {
    Note {
        part,
        message: message.to_string(),
        dropped: true,
    }
}

fn approximate(part: String, message: &str) -> Note {
    Note {
        part,
        message: message.to_string(),
        dropped: false,
    }
}

/// A global `[allowlist]` or `[[allowlists]]` entry; `targetRules` makes it per rule.
fn convert_global_allowlist(
    list: &Table,
    part: &str,
    builtin_ids: &HashSet<String>,
    converted_ids: &BTreeMap<String, String>,
    model: &mut Model,
    notes: &mut Vec<Note>,
) {
    let Some(lists) = convert_allowlist(list, part, notes) else {
        return;
    };
    let targets: Vec<&str> = list
        .get("targetRules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if targets.is_empty() {
        model.global.merge(lists);
        return;
    }
    let mut known: Vec<&str> = Vec::new();
    for t in targets {
        if let Some(converted) = converted_ids.get(t) {
            known.push(converted);
        } else if builtin_ids.contains(t) {
            known.push(t);
        } else {
            notes.push(dropped(
                format!("{part}.targetRules {t:?}"),
                "no clearance rule has this id; the allowlist was not applied to it",
            ));
        }
    }
    for t in known {
        let entry = model.per_rule.entry(t.to_string()).or_default();
        entry.merge(Lists {
            comments: lists.comments.clone(),
            path_regexes: lists.path_regexes.clone(),
            regexes: lists.regexes.clone(),
            line_regexes: lists.line_regexes.clone(),
            stopwords: lists.stopwords.clone(),
        });
    }
}

/// One allowlist table; `None` when it cannot be converted at all.
fn convert_allowlist(list: &Table, part: &str, notes: &mut Vec<Note>) -> Option<Lists> {
    let strings = |key: &str| -> Vec<String> {
        list.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let commits = strings("commits");
    let paths = strings("paths");
    let regexes = strings("regexes");
    let stopwords = strings("stopwords");
    let condition = list
        .get("condition")
        .and_then(Value::as_str)
        .unwrap_or("OR")
        .to_ascii_uppercase();
    let kinds = [&commits, &paths, &regexes, &stopwords]
        .iter()
        .filter(|l| !l.is_empty())
        .count();
    if condition == "AND" && kinds > 1 {
        notes.push(dropped(
            part.to_string(),
            "condition = \"AND\" across several kinds of criteria: clearance allowlists match \
             any one entry; split it per rule or use a baseline",
        ));
        return None;
    }
    for key in list.keys() {
        if !matches!(
            key.as_str(),
            "description"
                | "condition"
                | "commits"
                | "paths"
                | "regexTarget"
                | "regexes"
                | "stopwords"
                | "targetRules"
        ) {
            notes.push(dropped(format!("{part}.{key}"), "unknown key"));
        }
    }
    let mut out = Lists::default();
    if let Some(description) = list.get("description").and_then(Value::as_str) {
        out.comments.push(format!("from {part}: {description}"));
    }
    if !commits.is_empty() {
        notes.push(dropped(
            format!("{part}.commits"),
            "clearance has no commit allowlist; accept those findings with `clearance baseline --history`",
        ));
    }
    for p in paths {
        match compile_regex(&p) {
            Ok(_) => out.path_regexes.push(p),
            Err(e) => notes.push(dropped(
                format!("{part}.paths {p:?}"),
                &unsupported_reason(&p, &e),
            )),
        }
    }
    let target = list
        .get("regexTarget")
        .and_then(Value::as_str)
        .unwrap_or("secret");
    if target == "match" && !regexes.is_empty() {
        notes.push(approximate(
            format!("{part}.regexTarget"),
            "\"match\" became line_regexes: they are searched in the whole line, not only the match",
        ));
    }
    for r in regexes {
        if let Err(e) = compile_regex(&r) {
            notes.push(dropped(
                format!("{part}.regexes {r:?}"),
                &unsupported_reason(&r, &e),
            ));
            continue;
        }
        match target {
            "line" | "match" => out.line_regexes.push(r),
            _ => out.regexes.push(r),
        }
    }
    out.stopwords
        .extend(stopwords.into_iter().filter(|w| !w.trim().is_empty()));
    Some(out)
}

/// Why a regex does not compile, naming the syntax Rust's regex crate lacks when it is that.
fn unsupported_reason(pattern: &str, compile_error: &str) -> String {
    let construct = if pattern.contains("(?=") {
        Some("look-ahead `(?=`")
    } else if pattern.contains("(?!") {
        Some("negative look-ahead `(?!`")
    } else if pattern.contains("(?<=") {
        Some("look-behind `(?<=`")
    } else if pattern.contains("(?<!") {
        Some("negative look-behind `(?<!`")
    } else if has_backreference(pattern) {
        Some("a backreference (`\\1`)")
    } else if pattern.contains("(?>") {
        Some("an atomic group `(?>`")
    } else {
        None
    };
    match construct {
        Some(what) => format!("uses {what}, which Rust's regex crate does not support"),
        None => compile_error.to_string(),
    }
}

/// `\1`..`\9` outside a character class, not itself escaped.
fn has_backreference(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            if (b'1'..=b'9').contains(&b[i + 1]) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

fn convert_rule(
    index: usize,
    rule: &Table,
    builtin_ids: &HashSet<String>,
    converted_ids: &mut BTreeMap<String, String>,
    model: &mut Model,
    rule_allowlists: &mut Vec<(String, Lists)>,
    notes: &mut Vec<Note>,
) {
    let Some(raw_id) = rule.get("id").and_then(Value::as_str) else {
        notes.push(dropped(format!("rules[{index}]"), "has no id"));
        return;
    };
    let part = format!("rules[{index}] ({raw_id})");
    let mut lists = Lists::default();
    let mut any_list = false;
    if let Some(list) = rule.get("allowlist").and_then(Value::as_table) {
        any_list = true;
        if let Some(l) = convert_allowlist(list, &format!("{part}.allowlist"), notes) {
            lists.merge(l);
        }
    }
    for (i, list) in rule
        .get("allowlists")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        any_list = true;
        if let Some(l) = list
            .as_table()
            .and_then(|t| convert_allowlist(t, &format!("{part}.allowlists[{i}]"), notes))
        {
            lists.merge(l);
        }
    }

    let Some(regex) = rule.get("regex").and_then(Value::as_str) else {
        if rule.contains_key("path") {
            notes.push(dropped(
                part,
                "matches file names only (`path` without `regex`): clearance rules match content",
            ));
        } else if builtin_ids.contains(raw_id) {
            if any_list {
                notes.push(approximate(
                    part,
                    "extends gitleaks' default rule; its allowlists now apply to clearance's \
                     built-in rule of the same id",
                ));
                rule_allowlists.push((raw_id.to_string(), lists));
            }
        } else {
            notes.push(dropped(
                part,
                "extends a gitleaks default rule that clearance does not have; its allowlists \
                 were not converted",
            ));
        }
        return;
    };

    for key in rule.keys() {
        match key.as_str() {
            "id" | "description" | "regex" | "secretGroup" | "entropy" | "keywords" | "allowlist" | "allowlists" => {}
            "path" => notes.push(approximate(
                format!("{part}.path"),
                "clearance rules cannot be limited to some files: the rule runs on every file \
                 (exclude paths with its allowlist)",
            )),
            "tags" => notes.push(dropped(format!("{part}.tags"), "clearance rules have no tags")),
            "required" => notes.push(approximate(
                format!("{part}.required"),
                "composite rules are not supported: the primary rule runs alone, so it may report more",
            )),
            other => notes.push(dropped(format!("{part}.{other}"), "unknown key")),
        }
    }

    let secret_group = rule.get("secretGroup").and_then(Value::as_integer);
    let pattern = match convert_pattern(regex, secret_group) {
        Ok((pattern, note)) => {
            if let Some(note) = note {
                notes.push(approximate(format!("{part}.secretGroup"), &note));
            }
            pattern
        }
        Err(why) => {
            notes.push(dropped(
                format!("{part}.regex"),
                &format!("rule not converted: {why}"),
            ));
            return;
        }
    };

    let mut id = normalize_id(raw_id);
    let taken = |id: &str, converted: &BTreeMap<String, String>| {
        builtin_ids.contains(id) || converted.values().any(|c| c == id)
    };
    if taken(&id, converted_ids) {
        let base = format!("{id}-custom");
        id = base.clone();
        let mut n = 2;
        while taken(&id, converted_ids) {
            id = format!("{base}-{n}");
            n += 1;
        }
    }
    if id != raw_id {
        notes.push(approximate(
            format!("{part}.id"),
            &format!("renamed to `{id}` (ids are unique lowercase kebab-case)"),
        ));
    }
    let entropy = match rule.get("entropy") {
        Some(Value::Float(f)) => Some(*f),
        Some(Value::Integer(i)) => Some(*i as f64),
        _ => None,
    };
    let entropy = match entropy {
        Some(e) if !(0.0..=8.0).contains(&e) => {
            notes.push(dropped(
                format!("{part}.entropy"),
                "outside 0..=8 bits per character",
            ));
            None
        }
        Some(0.0) => None,
        other => other,
    };
    let keywords: Vec<String> = rule
        .get("keywords")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|k| !k.trim().is_empty())
        .map(str::to_string)
        .collect();
    if keywords.is_empty() {
        notes.push(approximate(
            format!("{part}.keywords"),
            "none: the rule's regex runs over every file, which is slow; add keywords (literals \
             that occur near every match)",
        ));
    }
    converted_ids.insert(raw_id.to_string(), id.clone());
    model.rules.push(ImportedRule {
        name: rule
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(raw_id)
            .to_string(),
        id: id.clone(),
        keywords,
        pattern,
        entropy,
    });
    if lists.len() > 0 {
        rule_allowlists.push((id, lists));
    }
}

/// Lowercase kebab-case, at most 64 characters.
fn normalize_id(raw: &str) -> String {
    let mut id = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.trim_matches('-').chars().take(64).collect();
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "imported-rule".to_string()
    } else {
        id
    }
}

/// A gitleaks regex as a clearance pattern with exactly one capturing group: the
/// `secretGroup` (default: the first group, or the whole match when there is none). Returns
/// a note when the value may differ from what gitleaks would report.
fn convert_pattern(
    regex: &str,
    secret_group: Option<i64>,
) -> Result<(String, Option<String>), String> {
    if let Err(e) = compile_regex(regex) {
        return Err(unsupported_reason(regex, &e));
    }
    let groups = capture_openers(regex);
    let mut note = None;
    let keep = match secret_group {
        Some(n) if n > 0 => {
            let n = n as usize;
            if n > groups.len() {
                return Err(format!(
                    "secretGroup = {n}, but the regex has {} capturing groups",
                    groups.len()
                ));
            }
            Some(n - 1)
        }
        _ if groups.is_empty() => None,
        _ => {
            if groups.len() > 1 {
                note = Some(
                    "no secretGroup: the first group is the value (gitleaks takes the first \
                     group that matched something)"
                        .to_string(),
                );
            }
            Some(0)
        }
    };
    let mut out = String::new();
    let mut last = 0;
    for (i, &(at, len)) in groups.iter().enumerate() {
        if Some(i) == keep {
            continue;
        }
        out.push_str(&regex[last..at]);
        out.push_str("(?:");
        last = at + len;
    }
    out.push_str(&regex[last..]);
    if keep.is_none() {
        out = format!("({out})");
    }
    let compiled = crate::engine::build_pattern(&out).map_err(|e| {
        let reason = e.lines().last().unwrap_or_default().trim();
        let reason = reason.strip_prefix("error: ").unwrap_or(reason);
        format!("does not compile as a clearance pattern (bytes, Unicode off): {reason}")
    })?;
    if compiled.captures_len() != 2 {
        return Err(format!(
            "could not reduce it to one capturing group (found {})",
            compiled.captures_len() - 1
        ));
    }
    Ok((out, note))
}

/// Byte offsets and lengths of the openers of capturing groups: `(`, `(?P<name>`, `(?<name>`.
fn capture_openers(pattern: &str) -> Vec<(usize, usize)> {
    let b = pattern.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'[' if !in_class => {
                in_class = true;
                i += 1;
                if b.get(i) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                continue;
            }
            b'[' if b.get(i + 1) == Some(&b':') => {
                if let Some(end) = pattern[i + 2..].find(":]") {
                    i += 2 + end + 2;
                    continue;
                }
            }
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &pattern[i..];
                if !rest.starts_with("(?") {
                    out.push((i, 1));
                } else if rest.starts_with("(?P<")
                    || (rest.starts_with("(?<")
                        && !rest.starts_with("(?<=")
                        && !rest.starts_with("(?<!"))
                {
                    if let Some(close) = rest.find('>') {
                        out.push((i, close + 1));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A TOML string for a regex: a literal string when possible (no escaping to misread).
fn toml_regex(text: &str) -> String {
    if !text.contains('\'') && !text.chars().any(char::is_control) {
        format!("'{text}'")
    } else {
        toml_string(text)
    }
}

fn render_list(out: &mut String, key: &str, items: &[String], regex: bool) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{key} = [");
    for item in items {
        let text = if regex {
            toml_regex(item)
        } else {
            toml_string(item)
        };
        let _ = writeln!(out, "  {text},");
    }
    let _ = writeln!(out, "]");
}

fn render_lists(out: &mut String, header: &str, lists: &Lists) {
    if lists.len() == 0 {
        return;
    }
    let _ = writeln!(out, "\n[{header}]");
    for c in &lists.comments {
        let _ = writeln!(out, "# {}", one_line(c));
    }
    render_list(out, "path_regexes", &lists.path_regexes, true);
    render_list(out, "regexes", &lists.regexes, true);
    render_list(out, "line_regexes", &lists.line_regexes, true);
    render_list(out, "stopwords", &lists.stopwords, false);
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(model: &Model, notes: &[Note], source_name: &str, with_rules: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Converted from {} by `clearance config import-gitleaks`.",
        one_line(source_name)
    );
    if let Some(title) = &model.title {
        let _ = writeln!(out, "# gitleaks title: {}", one_line(title));
    }
    let _ = writeln!(
        out,
        "# Check it with `clearance config check`; docs/config.md describes every key."
    );
    if !notes.is_empty() {
        let _ = writeln!(out, "# Not converted (-) or converted approximately (~):");
        for n in notes {
            let _ = writeln!(
                out,
                "#   {} {}: {}",
                if n.dropped { "-" } else { "~" },
                one_line(&n.part),
                one_line(&n.message)
            );
        }
    }
    let _ = writeln!(out, "\n[rules]\nbuiltin = \"extend\"");
    render_list(&mut out, "disable", &model.disable, false);
    render_lists(&mut out, "allowlist", &model.global);
    for (id, lists) in &model.per_rule {
        render_lists(&mut out, &format!("allowlist.rules.{id}"), lists);
    }
    if !with_rules {
        return out;
    }
    for rule in &model.rules {
        let _ = writeln!(out, "\n[[rule]]");
        let _ = writeln!(out, "id = {}", toml_string(&rule.id));
        let _ = writeln!(out, "name = {}", toml_string(&one_line(&rule.name)));
        let _ = writeln!(out, "category = \"secret\"");
        let _ = writeln!(out, "severity = \"high\"");
        if rule.keywords.is_empty() {
            let _ = writeln!(
                out,
                "no_keywords_reason = \"imported from gitleaks without keywords: runs on every file\""
            );
        } else {
            let keywords: Vec<String> = rule.keywords.iter().map(|k| toml_string(k)).collect();
            let _ = writeln!(out, "keywords = [{}]", keywords.join(", "));
        }
        let _ = writeln!(out, "pattern = {}", toml_regex(&rule.pattern));
        if let Some(e) = rule.entropy {
            let _ = writeln!(out, "entropy_min = {e:?}");
        }
        let _ = writeln!(
            out,
            "remediation = \"Imported from gitleaks: remove the value and rotate it with its issuer.\""
        );
        let _ = writeln!(
            out,
            "# TODO: lines this rule must find, and lines it must not. The config does not load\n\
             # until both are filled in (the examples prove the pattern works in Rust's syntax)."
        );
        let _ = writeln!(out, "examples = []\nnegative_examples = []");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_groups_are_found_outside_classes_and_escapes() {
        let p = r"(a)\(b\)[(]x(?:y)(?P<n>z)(?<m>w)(?i:q)";
        let groups: Vec<&str> = capture_openers(p)
            .iter()
            .map(|&(at, len)| &p[at..at + len])
            .collect();
        assert_eq!(groups, vec!["(", "(?P<n>", "(?<m>"]);
    }

    #[test]
    fn secret_group_becomes_the_only_group() {
        let (p, note) =
            convert_pattern(r"(key|token)\s*=\s*([a-z0-9]{16})", Some(2)).expect("converts");
        assert_eq!(p, r"(?:key|token)\s*=\s*([a-z0-9]{16})");
        assert_eq!(note, None);
        let (p, _) = convert_pattern(r"acme_[a-z]{8}", None).expect("converts");
        assert_eq!(p, r"(acme_[a-z]{8})");
        let (_, note) = convert_pattern(r"(a)(b)", None).expect("converts");
        assert!(note.is_some());
        assert!(convert_pattern(r"(a)", Some(3)).is_err());
    }

    #[test]
    fn unsupported_syntax_is_named() {
        let why = convert_pattern(r"foo(?=bar)", None).expect_err("look-ahead");
        assert!(why.contains("look-ahead"), "{why}");
        let why = convert_pattern(r"(a)\1", None).expect_err("backreference");
        assert!(why.contains("backreference"), "{why}");
        assert!(has_backreference(r"x\1"));
        assert!(!has_backreference(r"x\\1"));
    }

    #[test]
    fn ids_are_normalised() {
        assert_eq!(normalize_id("My_Rule 2"), "my-rule-2");
        assert_eq!(normalize_id("__"), "imported-rule");
    }
}
