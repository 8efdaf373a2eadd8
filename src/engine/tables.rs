//! Where a value in a table takes its column's name from, for context (spec section 1.4): the
//! header row of a CSV or TSV file, the first row of a table extracted from a document
//! (spreadsheets), and the column list of a SQL statement with many rows: an `INSERT`
//! (`INSERT INTO patients (name, nhs_number) VALUES (...), (...);`) or PostgreSQL's
//! `COPY patients (name, nhs_number) FROM stdin;` with a tab-separated row per line, the
//! ways seed files and database dumps hold personal data; a Markdown pipe table's header
//! row (an on-call rota in the docs, with a `Mobile` column); and an HTML table's header
//! cells (pandas' `to_html`, a notebook's DataFrame output, an exported report).

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::location::LineIndex;
use crate::source::document::Layout;

/// The tables of one blob.
pub struct Tables<'a> {
    layout: Option<&'a Layout>,
    /// Field separator of a CSV/TSV file, whose first line names every column below it.
    separator: Option<u8>,
    text_tables: Vec<TextTable>,
}

/// Rows under named columns in text: a SQL statement (`INSERT ... (columns) VALUES (row),
/// (row) ...` or `COPY ... (columns) FROM stdin;` and its lines) or a Markdown pipe table.
#[derive(Debug, PartialEq, Eq)]
struct TextTable {
    /// Byte ranges of the column names, in order.
    columns: Vec<(usize, usize)>,
    /// Where the column list starts and ends (its parentheses included).
    column_list: (usize, usize),
    rows: Rows,
    /// Where the last row ends.
    end: usize,
}

#[derive(Debug, PartialEq, Eq)]
enum Rows {
    /// `INSERT`: where each row starts (its `(`), in order.
    Tuples(Vec<usize>),
    /// `COPY`: one row per line from here, its fields separated by tabs.
    Lines(usize),
    /// A Markdown table: one row per line from here, its cells separated by `|`.
    Pipes(usize),
    /// An HTML table: rows from here, each a `<tr>` of `<td>` and `<th>` cells.
    Cells(usize),
}

impl<'a> Tables<'a> {
    /// The tables of the blob at `path` holding `hay`; `layout` is a document's, if any.
    pub fn new(path: &str, hay: &[u8], layout: Option<&'a Layout>) -> Tables<'a> {
        let lower = path.to_ascii_lowercase();
        let separator = if lower.ends_with(".csv") {
            Some(b',')
        } else if lower.ends_with(".tsv") || lower.ends_with(".tab") {
            Some(b'\t')
        } else {
            None
        };
        let text_tables = if lower.ends_with(".sql") {
            sql_tables(hay)
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            markdown_tables(hay)
        } else if [".html", ".htm", ".ipynb"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            html_tables(hay)
        } else {
            Vec::new()
        };
        Tables {
            layout,
            separator,
            text_tables,
        }
    }

    /// Where the lines naming columns start: a keyword there (`dob`) reaches the whole
    /// table below it, not just the next line.
    pub fn header_line_starts(&self, hay: &[u8]) -> Vec<usize> {
        if self.separator.is_some() {
            return vec![0];
        }
        let mut starts = Vec::new();
        if let Some(layout) = self.layout {
            let headers = layout.header_lines();
            if !headers.is_empty() {
                let lines = LineIndex::new(hay);
                starts.extend(headers.iter().filter_map(|&l| lines.start_of(l)));
            }
        }
        for insert in &self.text_tables {
            let (from, to) = insert.column_list;
            let first = memchr::memrchr(b'\n', &hay[..from]).map_or(0, |i| i + 1);
            starts.push(first);
            starts.extend(memchr::memchr_iter(b'\n', &hay[from..to]).map(|i| from + i + 1));
        }
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// True when byte `at` is in the rows of a SQL statement with named columns: those lines
    /// are data however long (mysqldump writes thousands of rows on one line).
    pub fn in_sql_rows(&self, at: usize) -> bool {
        let i = self.text_tables.partition_point(|s| s.end <= at);
        self.text_tables.get(i).is_some_and(|s| match &s.rows {
            Rows::Tuples(rows) => rows.first().is_some_and(|&first| first <= at),
            Rows::Lines(first) => *first <= at,
            Rows::Pipes(_) | Rows::Cells(_) => false,
        })
    }

    /// The name of the column holding the value that starts at byte `start`, on line
    /// `line_no` (1-based) starting at `line_start`; `None` outside a table and on a
    /// header itself.
    pub fn column_name<'h>(
        &self,
        hay: &'h [u8],
        lines: &LineIndex,
        line_no: u32,
        line_start: usize,
        start: usize,
    ) -> Option<&'h [u8]> {
        if let Some(layout) = self.layout {
            if let Some((header, (from, to))) = layout.column_header(line_no, start - line_start) {
                let at = lines.start_of(header)?;
                return hay.get(at + from..at + to);
            }
        }
        if let Some(sep) = self.separator {
            if line_no <= 1 {
                return None;
            }
            let (_, head_start, head_end) = lines.line_of(0);
            let column = hay[line_start..start].iter().filter(|&&b| b == sep).count();
            return hay[head_start..head_end].split(|&b| b == sep).nth(column);
        }
        let at = self.text_tables.partition_point(|i| i.end <= start);
        let insert = self.text_tables.get(at)?;
        let column = match &insert.rows {
            Rows::Tuples(rows) => {
                let row = rows.partition_point(|&r| r <= start).checked_sub(1)?;
                field_index(hay, rows[row], start)?
            }
            Rows::Lines(first) if line_start >= *first => hay[line_start..start]
                .iter()
                .filter(|&&b| b == b'\t')
                .count(),
            Rows::Pipes(first) if line_start >= *first => {
                let cells = hay[line_start..start]
                    .iter()
                    .filter(|&&b| b == b'|')
                    .count();
                cells - usize::from(starts_with_pipe(&hay[line_start..start]))
            }
            Rows::Cells(first) if start >= *first => {
                let row = memchr::memmem::rfind(&hay[*first..start], b"<tr")? + first;
                let cells = &hay[row..start];
                (memchr::memmem::find_iter(cells, b"<td").count()
                    + memchr::memmem::find_iter(cells, b"<th").count())
                .checked_sub(1)?
            }
            Rows::Lines(_) | Rows::Pipes(_) | Rows::Cells(_) => return None,
        };
        let (from, to) = *insert.columns.get(column)?;
        Some(&hay[from..to])
    }
}

/// True when a Markdown table line opens with `|` (after spaces): that pipe starts no cell.
fn starts_with_pipe(line: &[u8]) -> bool {
    line.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'|')
}

/// The pipe tables of a Markdown text: a header row, a delimiter row (`|---|:--:|`), then
/// the rows up to the first line without a `|`.
fn markdown_tables(hay: &[u8]) -> Vec<TextTable> {
    let line_end = |at: usize| memchr::memchr(b'\n', &hay[at..]).map_or(hay.len(), |i| at + i);
    let mut tables = Vec::new();
    let mut from = 0;
    // Only a line holding a `|` can be a header, and the line after it a delimiter row.
    while let Some(pipe) = memchr::memchr(b'|', &hay[from..]).map(|i| from + i) {
        let head_start = memchr::memrchr(b'\n', &hay[from..pipe]).map_or(from, |i| from + i + 1);
        let head_end = line_end(pipe);
        if head_end >= hay.len() {
            break;
        }
        let delim_end = line_end(head_end + 1);
        from = head_end + 1;
        if !is_delimiter_row(&hay[head_end + 1..delim_end]) {
            continue;
        }
        let header = &hay[head_start..head_end];
        let mut columns = Vec::new();
        for (k, piece) in header.split(|&b| b == b'|').enumerate() {
            if k == 0 && starts_with_pipe(header) {
                continue;
            }
            let name = trim(piece, |b| b.is_ascii_whitespace());
            let offset = name.as_ptr() as usize - hay.as_ptr() as usize;
            columns.push((offset, offset + name.len()));
        }
        let first_row = delim_end + 1;
        let mut end = delim_end;
        while end < hay.len() {
            let next_end = line_end(end + 1);
            if memchr::memchr(b'|', &hay[end + 1..next_end]).is_none() {
                break;
            }
            end = next_end;
        }
        if end > delim_end {
            tables.push(TextTable {
                columns,
                column_list: (head_start, head_end),
                rows: Rows::Pipes(first_row),
                end,
            });
        }
        from = end.max(delim_end).min(hay.len());
    }
    tables
}

/// The tables of an HTML text (or a notebook's HTML output) whose first row holds `<th>`
/// header cells: their texts, and the rows after that first row up to `</table>`.
fn html_tables(hay: &[u8]) -> Vec<TextTable> {
    use memchr::memmem::find;
    let mut tables = Vec::new();
    let mut from = 0;
    while let Some(open) = find(&hay[from..], b"<table").map(|i| from + i) {
        let end = find(&hay[open..], b"</table>").map_or(hay.len(), |i| open + i);
        from = end.max(open + 1);
        let table = &hay[open..end];
        let Some(head) = find(table, b"<tr").map(|i| open + i) else {
            continue;
        };
        let head_end = find(&hay[head..end], b"</tr>").map_or(end, |i| head + i);
        let mut columns = Vec::new();
        let mut at = head;
        while let Some(cell) = find(&hay[at..head_end], b"<th").map(|i| at + i) {
            let Some(text) = memchr::memchr(b'>', &hay[cell..head_end]).map(|i| cell + i + 1)
            else {
                break;
            };
            let close = find(&hay[text..head_end], b"</th>").map_or(head_end, |i| text + i);
            let name = trim(&hay[text..close], |b| b.is_ascii_whitespace());
            let offset = name.as_ptr() as usize - hay.as_ptr() as usize;
            columns.push((offset, offset + name.len()));
            at = close;
        }
        if !columns.is_empty() && head_end < end {
            tables.push(TextTable {
                columns,
                column_list: (head, head_end),
                rows: Rows::Cells(head_end),
                end,
            });
        }
    }
    tables
}

/// `|---|:--:|---:`, `--- | ---`: cells of hyphens with optional alignment colons.
fn is_delimiter_row(line: &[u8]) -> bool {
    let line = trim(line, |b| b.is_ascii_whitespace());
    let line = line.strip_prefix(b"|").unwrap_or(line);
    let line = line.strip_suffix(b"|").unwrap_or(line);
    !line.is_empty()
        && line.split(|&b| b == b'|').all(|cell| {
            let cell = trim(cell, |b| b.is_ascii_whitespace());
            let cell = cell.strip_prefix(b":").unwrap_or(cell);
            let cell = cell.strip_suffix(b":").unwrap_or(cell);
            !cell.is_empty() && cell.iter().all(|&b| b == b'-')
        })
}

/// Which field of the row starting at `row` (its `(`) holds byte `at`: commas outside
/// quotes and nested parentheses before it. `None` when the row ends before `at`.
fn field_index(hay: &[u8], row: usize, at: usize) -> Option<usize> {
    let mut field = 0;
    for (i, b, depth) in unquoted(hay, row) {
        match (b, depth) {
            _ if i >= at => return Some(field),
            (b')', 0) => return None,
            (b',', 1) => field += 1,
            _ => {}
        }
    }
    None
}

/// The `INSERT` and `COPY` statements of a SQL text that hold rows under named columns: a
/// list of their own, or for an `INSERT` without one (mysqldump's default) the columns of
/// the `CREATE TABLE` before it.
fn sql_tables(hay: &[u8]) -> Vec<TextTable> {
    static STATEMENT: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(statement) = STATEMENT
        .get_or_init(|| {
            Regex::new(
                r"(?i-u)\b(create\s+table\s+(?:if\s+not\s+exists\s+)?|insert\s+(?:ignore\s+)?into\s+|copy\s+)([^\s(;]+)\s*(values\s*)?\(",
            )
            .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut text_tables = Vec::new();
    let mut created: Vec<Created> = Vec::new();
    let mut from = 0;
    while let Some(caps) = statement.captures_at(hay, from) {
        let (Some(whole), Some(kind), Some(name)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            break;
        };
        from = whole.end();
        let open = whole.end() - 1;
        let table = table_name(name.as_bytes());
        let parsed = match (kind.as_bytes()[0].to_ascii_lowercase(), caps.get(3)) {
            (b'c', _) if kind.as_bytes()[1].eq_ignore_ascii_case(&b'r') => {
                if let Some((columns, close)) = created_columns(hay, open) {
                    from = close;
                    created.push(Created {
                        table,
                        columns,
                        list: (open, close + 1),
                    });
                }
                None
            }
            (b'c', _) => parse_copy(hay, open),
            (_, Some(_)) => created
                .iter()
                .rev()
                .find(|created| created.table == table)
                .and_then(|created| {
                    let (rows, end) = parse_rows(hay, open)?;
                    Some(TextTable {
                        columns: created.columns.clone(),
                        column_list: created.list,
                        rows: Rows::Tuples(rows),
                        end,
                    })
                }),
            (_, None) => parse_insert(hay, open),
        };
        if let Some(parsed) = parsed {
            from = parsed.end;
            text_tables.push(parsed);
        }
    }
    text_tables
}

/// A table created earlier in the file: its name (see [`table_name`]), its columns and where
/// they are listed.
struct Created {
    table: Vec<u8>,
    columns: Vec<(usize, usize)>,
    list: (usize, usize),
}

/// A table's name as statements write it, compared without quotes, schema-qualified or not
/// alike, and in any case: `` `db`.`Patients` `` -> `patients`.
fn table_name(name: &[u8]) -> Vec<u8> {
    let last = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
    last.iter()
        .filter(|b| !b"\"`[]".contains(b))
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// The column names of the `CREATE TABLE` body opening at `open` (its `(`), and where it
/// closes: each definition's first word, but for constraints and keys.
fn created_columns(hay: &[u8], open: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    const NOT_COLUMNS: [&str; 11] = [
        "primary",
        "key",
        "unique",
        "constraint",
        "index",
        "foreign",
        "check",
        "fulltext",
        "spatial",
        "exclude",
        "like",
    ];
    let mut columns = Vec::new();
    let mut start = open + 1;
    for (i, b, depth) in unquoted(hay, open) {
        let closes = b == b')' && depth == 0;
        if closes || (b == b',' && depth == 1) {
            let word = hay[start..i]
                .split(|b| b.is_ascii_whitespace())
                .find(|w| !w.is_empty())
                .unwrap_or_default();
            let name = trim(word, |b| b"\"`[]".contains(&b));
            if !name.is_empty()
                && !NOT_COLUMNS
                    .iter()
                    .any(|k| name.eq_ignore_ascii_case(k.as_bytes()))
            {
                let offset = name.as_ptr() as usize - hay.as_ptr() as usize;
                columns.push((offset, offset + name.len()));
            }
            start = i + 1;
        }
        if closes {
            return (!columns.is_empty()).then_some((columns, i));
        }
    }
    None
}

/// The column names of the list opening at `open` (its `(`) and where it closes, if it is a
/// plain list of names.
fn column_list(hay: &[u8], open: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let close = open + 1 + memchr::memchr(b')', &hay[open + 1..])?;
    let list = &hay[open + 1..close];
    if list.iter().any(|&b| b == b'(' || b == b';' || b == b'\'') {
        return None;
    }
    let mut columns = Vec::new();
    let mut field = open + 1;
    for piece in list.split(|&b| b == b',') {
        let name = trim(piece, |b| b.is_ascii_whitespace() || b"\"`[]".contains(&b));
        let offset = field + (name.as_ptr() as usize - piece.as_ptr() as usize);
        columns.push((offset, offset + name.len()));
        field += piece.len() + 1;
    }
    Some((columns, close))
}

/// `COPY name (columns) FROM stdin;`, then a row per line up to the line `\.`.
fn parse_copy(hay: &[u8], open: usize) -> Option<TextTable> {
    let (columns, close) = column_list(hay, open)?;
    let rest = hay.get(close + 1..)?;
    let line_end = memchr::memchr(b'\n', rest)?;
    let tail: Vec<u8> = rest[..line_end]
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    if !tail.starts_with(b"fromstdin") {
        return None;
    }
    let first = close + 1 + line_end + 1;
    let mut end = first;
    for line in hay[first..].split(|&b| b == b'\n') {
        if line.strip_suffix(b"\r").unwrap_or(line) == b"\\." {
            break;
        }
        end += line.len() + 1;
    }
    Some(TextTable {
        columns,
        column_list: (open, close + 1),
        rows: Rows::Lines(first),
        end: end.min(hay.len()),
    })
}

/// The statement whose column list opens at `open` (its `(`), if it is followed by `VALUES`
/// and rows.
fn parse_insert(hay: &[u8], open: usize) -> Option<TextTable> {
    let (columns, close) = column_list(hay, open)?;
    let at = skip_space(hay, close + 1);
    let values = hay.get(at..at + 6)?;
    if !values.eq_ignore_ascii_case(b"values") {
        return None;
    }
    let (rows, end) = parse_rows(hay, skip_space(hay, at + 6))?;
    Some(TextTable {
        columns,
        column_list: (open, close + 1),
        rows: Rows::Tuples(rows),
        end,
    })
}

/// The rows `(...), (...)` from `at`: where each starts, and where the last ends.
fn parse_rows(hay: &[u8], mut at: usize) -> Option<(Vec<usize>, usize)> {
    let mut rows = Vec::new();
    let mut end = at;
    while hay.get(at) == Some(&b'(') {
        rows.push(at);
        end = row_end(hay, at)?;
        at = skip_space(hay, end);
        if hay.get(at) != Some(&b',') {
            break;
        }
        at = skip_space(hay, at + 1);
    }
    (!rows.is_empty()).then_some((rows, end))
}

/// Rows longer than this are not read as rows (a quote never closed would otherwise send
/// every later statement to the end of the file).
const ROW_MAX: usize = 64 << 10;

/// Just past the `)` that closes the row opening at `open`.
fn row_end(hay: &[u8], open: usize) -> Option<usize> {
    unquoted(hay, open)
        .find(|&(_, b, depth)| b == b')' && depth == 0)
        .map(|(i, _, _)| i + 1)
}

/// The bytes of the parenthesised row opening at `open` that are outside quoted strings, each
/// with its offset and the depth of parentheses it is in (1 in the row itself), up to the
/// `)` that closes the row (depth 0) or [`ROW_MAX`] bytes. A backslash escapes the byte after
/// it in a quoted string (MySQL's `'O\'Brien'`), as does a doubled quote (standard SQL's
/// `'O''Brien'`, read as two strings side by side).
fn unquoted(hay: &[u8], open: usize) -> impl Iterator<Item = (usize, u8, usize)> + '_ {
    let end = hay.len().min(open.saturating_add(ROW_MAX));
    let mut at = open;
    let (mut depth, mut quote, mut escaped) = (0usize, None::<u8>, false);
    std::iter::from_fn(move || {
        while at < end {
            let (i, b) = (at, hay[at]);
            at += 1;
            match (quote, b) {
                (Some(_), _) if escaped => escaped = false,
                (Some(_), b'\\') => escaped = true,
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'\'' | b'"' | b'`') => quote = Some(b),
                (None, b'(') => {
                    depth += 1;
                    return Some((i, b, depth));
                }
                (None, b')') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        // The row is closed: nothing after it belongs to it.
                        at = end;
                    }
                    return Some((i, b, depth));
                }
                (None, _) => return Some((i, b, depth)),
            }
        }
        None
    })
}

fn skip_space(hay: &[u8], at: usize) -> usize {
    at + hay
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

fn trim(bytes: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = bytes.iter().position(|&b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !strip(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_of(text: &str, path: &str, value: &str) -> Option<String> {
        let hay = text.as_bytes();
        let lines = LineIndex::new(hay);
        let start = text.find(value).expect("value in text");
        let (line_no, line_start, _) = lines.line_of(start);
        Tables::new(path, hay, None)
            .column_name(hay, &lines, line_no, line_start, start)
            .map(|name| String::from_utf8_lossy(name).into_owned())
    }

    #[test]
    fn a_value_in_a_sql_insert_row_takes_its_column_name() {
        let sql = "-- seed data\n\
            INSERT INTO `patients` (`id`, name, \"nhs_number\", [dob])\n\
            VALUES\n  (1, 'O''Brien, Ann', 'nhs-one', 'dob-one'),\n  \
            (2, concat('Li', ', Wei'), 'nhs-two', 'dob-two');\n\
            insert into notes values (1, 'x nhs-three');\n\
            SELECT 'nhs-four';\n";
        let column = |value| column_of(sql, "db/seed.sql", value);
        assert_eq!(column("nhs-one").as_deref(), Some("nhs_number"));
        assert_eq!(column("dob-one").as_deref(), Some("dob"));
        // Quotes, doubled quotes and nested calls with commas do not shift the columns.
        assert_eq!(column("nhs-two").as_deref(), Some("nhs_number"));
        assert_eq!(column("dob-two").as_deref(), Some("dob"));
        assert_eq!(column("2,").as_deref(), Some("id"));
        // No column list, outside any INSERT, or not a SQL file: no column name.
        assert_eq!(column("x nhs-three"), None);
        assert_eq!(column("nhs-four"), None);
        assert_eq!(column_of(sql, "db/seed.txt", "dob-one"), None);
        // The lines that name the columns reach the rows below them.
        let tables = Tables::new("seed.sql", sql.as_bytes(), None);
        let header = sql.find("INSERT").expect("insert");
        assert_eq!(tables.header_line_starts(sql.as_bytes()), vec![header]);
    }

    #[test]
    fn a_column_list_over_several_lines_is_a_header_on_each() {
        let sql = "INSERT INTO people\n  (name,\n   date_of_birth)\nVALUES ('A', 'dob-five');";
        assert_eq!(
            column_of(sql, "x.SQL", "dob-five").as_deref(),
            Some("date_of_birth")
        );
        let starts = Tables::new("x.sql", sql.as_bytes(), None).header_line_starts(sql.as_bytes());
        assert_eq!(starts, vec![19, 28]);
    }

    #[test]
    fn a_value_in_a_postgres_copy_row_takes_its_column_name() {
        let sql = "COPY public.patients (id, full_name, nhs_number) FROM stdin;\n\
            1\tAnn Lee\tnhs-one\n\
            2\tLi Wei\tnhs-two\n\
            \\.\n\
            SELECT 'nhs-three';\n";
        assert_eq!(
            column_of(sql, "dump.sql", "nhs-one").as_deref(),
            Some("nhs_number")
        );
        assert_eq!(
            column_of(sql, "dump.sql", "Li Wei").as_deref(),
            Some("full_name")
        );
        assert_eq!(column_of(sql, "dump.sql", "nhs-three"), None);
        let tables = Tables::new("dump.sql", sql.as_bytes(), None);
        assert_eq!(tables.header_line_starts(sql.as_bytes()), vec![0]);
        // `COPY ... TO` and a list of expressions are no table.
        for other in [
            "COPY t (a) TO stdout;\n1\n",
            "COPY t (a, (b)) FROM stdin;\n1\n",
        ] {
            assert!(Tables::new("x.sql", other.as_bytes(), None)
                .text_tables
                .is_empty());
        }
    }

    #[test]
    fn an_insert_without_columns_takes_those_of_its_create_table() {
        let sql = "CREATE TABLE `patients` (\n\
            \x20 `id` int NOT NULL AUTO_INCREMENT,\n\
            \x20 `full_name` varchar(255) DEFAULT NULL,\n\
            \x20 `balance` decimal(10,2) NOT NULL,\n\
            \x20 `dob` date DEFAULT NULL,\n\
            \x20 `note` varchar(20) DEFAULT 'a, (b',\n\
            \x20 PRIMARY KEY (`id`),\n\
            \x20 KEY `by_name` (`full_name`)\n\
            ) ENGINE=InnoDB;\n\
            INSERT INTO `patients` VALUES (1,'Ann Lee',10.50,'dob-one'),(2,'Li Wei',0.00,'dob-two');\n\
            INSERT INTO `other` VALUES (1,'dob-three');\n";
        assert_eq!(
            column_of(sql, "dump.sql", "dob-one").as_deref(),
            Some("dob")
        );
        assert_eq!(
            column_of(sql, "dump.sql", "dob-two").as_deref(),
            Some("dob")
        );
        assert_eq!(
            column_of(sql, "dump.sql", "Li Wei").as_deref(),
            Some("full_name")
        );
        // A default holding a comma and a parenthesis is read as one definition.
        let tables = Tables::new("dump.sql", sql.as_bytes(), None);
        let names: Vec<&str> = tables.text_tables[0]
            .columns
            .iter()
            .map(|&(from, to)| &sql[from..to])
            .collect();
        assert_eq!(names, ["id", "full_name", "balance", "dob", "note"]);
        // No table of that name created before it: no columns.
        assert_eq!(column_of(sql, "dump.sql", "dob-three"), None);
        let tables = Tables::new("dump.sql", sql.as_bytes(), None);
        let at = |value: &str| sql.find(value).expect("value");
        assert!(tables.in_sql_rows(at("dob-one")) && tables.in_sql_rows(at("dob-two")));
        assert!(!tables.in_sql_rows(at("`dob`")) && !tables.in_sql_rows(at("dob-three")));
        // The lines of the definition reach the rows.
        let tables = Tables::new("dump.sql", sql.as_bytes(), None);
        let starts = tables.header_line_starts(sql.as_bytes());
        let dob_line = sql.find("  `dob`").expect("dob line");
        assert!(starts.contains(&dob_line), "{starts:?}");
    }

    #[test]
    fn a_value_in_a_markdown_table_takes_its_column_name() {
        let md = "# On call\n\n\
            | Week | Engineer | Mobile |\n\
            |------|:---------|-------:|\n\
            | 1 | Ann Lee | phone-one |\n\
            | 2 | Tom Hart | phone-two |\n\
            \n\
            Name | Phone\n\
            --- | ---\n\
            Li Wei | phone-three\n\
            \n\
            Not a table | phone-four\n";
        let column = |value| column_of(md, "docs/rota.md", value);
        assert_eq!(column("phone-one").as_deref(), Some("Mobile"));
        assert_eq!(column("phone-two").as_deref(), Some("Mobile"));
        assert_eq!(column("Tom Hart").as_deref(), Some("Engineer"));
        // Without outer pipes too.
        assert_eq!(column("phone-three").as_deref(), Some("Phone"));
        assert_eq!(column("phone-four"), None);
        assert_eq!(column_of(md, "docs/rota.txt", "phone-one"), None);
        let tables = Tables::new("rota.md", md.as_bytes(), None);
        let header = md.find("| Week").expect("header");
        let second = md.find("Name |").expect("second header");
        assert_eq!(
            tables.header_line_starts(md.as_bytes()),
            vec![header, second]
        );
        assert!(!tables.in_sql_rows(md.find("phone-one").expect("value")));
    }

    #[test]
    fn a_value_in_an_html_table_takes_its_header_cell() {
        // As pandas writes a DataFrame: an index column, header cells with attributes.
        let html = "<table border=\"1\" class=\"dataframe\">\n  <thead>\n    \
            <tr style=\"text-align: right;\">\n      <th></th>\n      <th>name</th>\n      \
            <th>nhs_number</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      \
            <th>0</th>\n      <td>Ann Lee</td>\n      <td>nhs-one</td>\n    </tr>\n    \
            <tr>\n      <th>1</th>\n      <td>Li Wei</td>\n      <td>nhs-two</td>\n    \
            </tr>\n  </tbody>\n</table>\n<p>nhs-three</p>\n";
        let column = |value| column_of(html, "report.html", value);
        assert_eq!(column("nhs-one").as_deref(), Some("nhs_number"));
        assert_eq!(column("nhs-two").as_deref(), Some("nhs_number"));
        assert_eq!(column("Li Wei").as_deref(), Some("name"));
        assert_eq!(column("nhs-three"), None);
        assert_eq!(column_of(html, "report.txt", "nhs-one"), None);
        let tables = Tables::new("report.html", html.as_bytes(), None);
        let header = html.find("    <tr style").expect("header row");
        assert!(tables.header_line_starts(html.as_bytes()).contains(&header));
    }

    #[test]
    fn backslash_escapes_in_strings_do_not_end_them() {
        let sql =
            "INSERT INTO t (name, dob) VALUES ('O\\'Brien, A', 'dob-one'), ('B\\\\', 'dob-two');";
        assert_eq!(column_of(sql, "t.sql", "dob-one").as_deref(), Some("dob"));
        assert_eq!(column_of(sql, "t.sql", "dob-two").as_deref(), Some("dob"));
    }

    #[test]
    fn a_row_over_the_limit_is_not_read_and_the_next_statement_is() {
        let mut sql = String::from("INSERT INTO t (a) VALUES ('a long one");
        sql.push_str(&"x".repeat(ROW_MAX));
        sql.push_str("');\nINSERT INTO t (b) VALUES ('dob-one');\n");
        assert_eq!(column_of(&sql, "t.sql", "a long one"), None);
        assert_eq!(column_of(&sql, "t.sql", "dob-one").as_deref(), Some("b"));
    }

    #[test]
    fn broken_sql_is_no_table() {
        for sql in [
            "INSERT INTO t (a, b) VALUES (1, '2",
            "INSERT INTO t (a, b VALUES (1, 2)",
            "INSERT INTO t (a, b) SELECT 1, 2",
            "INSERT INTO t (a, b) VALUES",
            "INSERT INTO t (",
        ] {
            let tables = Tables::new("x.sql", sql.as_bytes(), None);
            assert!(tables.text_tables.is_empty(), "{sql}");
        }
    }

    #[test]
    fn csv_and_tsv_headers_name_their_columns() {
        let csv = "name,ni_number,city\nJ Smith,JG103759A,Leeds\n";
        assert_eq!(
            column_of(csv, "people.csv", "JG103759A").as_deref(),
            Some("ni_number")
        );
        let tsv = "name\tni_number\nJ Smith\tJG103759A\n";
        assert_eq!(
            column_of(tsv, "people.tsv", "JG103759A").as_deref(),
            Some("ni_number")
        );
        assert_eq!(column_of(csv, "people.csv", "ni_number"), None);
    }
}
