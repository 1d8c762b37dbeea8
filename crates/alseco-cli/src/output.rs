//! What a command prints: a table (aligned text or CSV), a text, or JSON.

use crate::error::{CliError, CliResult};
use serde::Serialize;
use std::io::Write;

/// How results are printed (`--json`, `--csv`, or readable text by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
    Csv,
}

/// A table of strings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty.
    pub(crate) fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.headers.len().max(cells.len()), String::new());
        self.rows.push(cells);
    }

    /// Aligned columns, two spaces apart; numbers-looking cells are right-aligned.
    pub(crate) fn to_text(&self) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let numeric: Vec<bool> = (0..columns)
            .map(|i| {
                !self.rows.is_empty()
                    && self.rows.iter().all(|r| {
                        r.get(i).is_none_or(|c| {
                            c.is_empty() || c.parse::<rust_decimal::Decimal>().is_ok()
                        })
                    })
            })
            .collect();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = width - cell.chars().count();
                if i > 0 {
                    text.push_str("  ");
                }
                if numeric[i] {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, &mut out);
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }

    pub(crate) fn to_csv(&self) -> CliResult<String> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer
            .write_record(&self.headers)
            .map_err(CliError::other)?;
        for row in &self.rows {
            writer.write_record(row).map_err(CliError::other)?;
        }
        let bytes = writer.into_inner().map_err(CliError::other)?;
        String::from_utf8(bytes).map_err(CliError::other)
    }
}

/// What one command produced.
#[derive(Debug)]
pub(crate) struct Report {
    /// The JSON form (`--json`), pretty-printed, fields in the messages' order.
    pub(crate) json: String,
    /// The tabular form (text by default, `--csv`).
    pub(crate) table: Option<Table>,
    /// A text form for non-tabular results (printed instead of the table).
    pub(crate) text: Option<String>,
    /// CSV of its own (reports with a standard column set); defaults to the table's.
    pub(crate) csv: Option<String>,
    /// An error to exit with after printing (e.g. a rejected payment).
    pub(crate) failure: Option<CliError>,
}

impl Report {
    pub(crate) fn json(value: &impl Serialize) -> CliResult<String> {
        serde_json::to_string_pretty(value).map_err(CliError::other)
    }

    pub(crate) fn table(json: String, table: Table) -> Self {
        Report {
            json,
            table: Some(table),
            text: None,
            csv: None,
            failure: None,
        }
    }

    pub(crate) fn text(json: String, text: impl Into<String>) -> Self {
        Report {
            json,
            table: None,
            text: Some(text.into()),
            csv: None,
            failure: None,
        }
    }

    /// Prints the report to stdout in `format`.
    pub(crate) fn print(&self, format: Format) -> CliResult<()> {
        let out = match format {
            Format::Json => format!("{}\n", self.json),
            Format::Csv => match (&self.csv, &self.table) {
                (Some(csv), _) => csv.clone(),
                (None, Some(table)) => table.to_csv()?,
                (None, None) => {
                    return Err(CliError::usage(
                        "this command's result is not tabular: use --json or the default output",
                    ));
                }
            },
            Format::Text => match (&self.text, &self.table) {
                (Some(text), _) => {
                    let mut s = text.clone();
                    if !s.ends_with('\n') {
                        s.push('\n');
                    }
                    s
                }
                (None, Some(table)) if table.rows.is_empty() => "(none)\n".to_owned(),
                (None, Some(table)) => table.to_text(),
                (None, None) => String::new(),
            },
        };
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(out.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| CliError::other(format!("cannot write to stdout: {e}")))
    }
}

/// An optional value as a cell.
pub(crate) fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}
