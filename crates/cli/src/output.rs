//! Printing: tables (comfy-table), pretty JSON and CSV, to stdout. A closed
//! pipe (`hjs domains list | head`) ends the output quietly.

use std::io::{IsTerminal, Write};

use comfy_table::{presets, Attribute, Cell, ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

use crate::failure::{exit, Failure};

/// Writes `text` to stdout as is.
pub fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A reader that went away (a closed pipe) is not an error of ours.
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// Writes one line to stdout.
pub fn line(text: impl AsRef<str>) {
    emit(&format!("{}\n", text.as_ref()));
}

/// A note for people on stderr (warnings, progress), never part of the data.
pub fn note(text: impl AsRef<str>) {
    eprintln!("{}", text.as_ref());
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Plain ASCII for pipes and files, with `+` where the header rule meets a column.
const PLAIN: TableStyle = presets::ASCII_FULL_CONDENSED.header_separator(LineStyle::new('+', '=', '+', '+'));

/// A table with a header row. On a terminal: rounded borders, bold
/// headers (no styling when NO_COLOR is set), wrapped to its width.
/// Elsewhere: plain ASCII, no styling, never wrapped.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    if stdout_is_terminal() {
        table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
        table.set_content_arrangement(ContentArrangement::Dynamic);
        let styled = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        table.set_header(header.iter().map(|h| if styled { Cell::new(h).add_attribute(Attribute::Bold) } else { Cell::new(h) }));
    } else {
        table.load_style(PLAIN).force_no_tty();
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(header.iter().map(Cell::new));
    }
    table
}

/// Prints a table, or a line saying there is nothing to show.
pub fn print_table(table: &Table, empty: &str) {
    if table.row_count() == 0 {
        line(empty);
    } else {
        line(table.to_string());
    }
}

/// Pretty JSON with a final newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::new(exit::UNEXPECTED, format!("could not write JSON: {e}")))?;
    line(text);
    Ok(())
}

/// CSV: a header row, then the rows.
pub fn print_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<(), Failure> {
    let fail = |e: csv::Error| Failure::new(exit::UNEXPECTED, format!("could not write CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(fail)?;
    for row in rows {
        writer.write_record(&row).map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| Failure::new(exit::UNEXPECTED, format!("could not write CSV: {e}")))?;
    emit(&String::from_utf8_lossy(&bytes));
    Ok(())
}

pub fn on_off(value: bool) -> &'static str {
    if value {
        "on"
    } else {
        "off"
    }
}

/// The date part of an RFC 3339 time.
pub fn date(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// `2026-11-23 16:00` from an RFC 3339 time.
pub fn minute(time: &str) -> String {
    match time.get(..16) {
        Some(prefix) => prefix.replacen('T', " ", 1),
        None => time.to_string(),
    }
}

/// Key/value lines with the keys aligned.
pub fn pairs(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    rows.iter().map(|(k, v)| format!("{k:<width$}  {v}\n")).collect()
}
