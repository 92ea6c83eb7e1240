//! The cohort for the terminal: the summary, then each view as aligned
//! columns (the questions as short blocks, their text being long).

use super::Cohort;
use super::views::{self, Table};
use crate::i18n::{fill, t};

/// One line of a cell: line breaks and tabs from a report become spaces.
pub(super) fn one_line(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The text of the cohort (not yet made safe for a terminal: the caller does).
pub(crate) fn text(cohort: &Cohort) -> String {
    let c = &t().cohort;
    let mut out = format!("{}\n\n", c.title);
    for line in views::summary(cohort) {
        out.push_str(&line);
        out.push('\n');
    }
    section(&mut out, c.heading_who, None);
    table(&mut out, &views::who(cohort), c.none_recruits);

    section(&mut out, c.heading_missed, Some(c.intro_missed));
    if cohort.missed.is_empty() {
        out.push_str(&format!("  {}\n", c.none_missed));
    }
    for q in cohort.missed.iter().filter(|q| q.missed > 0) {
        out.push_str(&format!(
            "  {} ({}/{})  {}\n      {}\n",
            views::percent(q.missed, q.answered),
            q.missed,
            q.answered,
            one_line(&views::question_label(q)),
            one_line(&q.question),
        ));
        if q.wrong_choice.is_some() {
            let pair = fill(
                c.pair,
                &[
                    ("label", &c.col_wrong),
                    ("value", &one_line(&views::wrong_choice(q))),
                ],
            );
            out.push_str(&format!("      {pair}\n"));
        }
    }

    let never = cohort.missed.iter().filter(|q| q.missed == 0).count();
    if never > 0 {
        out.push_str(&format!(
            "  {}\n",
            fill(c.never_missed, &[("count", &never)])
        ));
    }

    section(&mut out, c.heading_drift, Some(c.intro_drift));
    table(&mut out, &views::drift(cohort), c.none_drift);

    if !cohort.skipped.is_empty() {
        section(&mut out, c.heading_skipped, None);
        for s in &cohort.skipped {
            let detail = views::detail(s)
                .map(|d| format!(" ({})", one_line(&d)))
                .unwrap_or_default();
            let pair = fill(
                c.pair,
                &[
                    ("label", &one_line(&s.file)),
                    ("value", &format!("{}{detail}", views::reason(s))),
                ],
            );
            out.push_str(&format!("  {pair}\n"));
        }
    }
    out
}

fn section(out: &mut String, heading: &str, intro: Option<&str>) {
    out.push('\n');
    out.push_str(heading);
    out.push('\n');
    if let Some(intro) = intro {
        out.push_str(intro);
        out.push('\n');
    }
}

/// Columns padded to their widest cell, two spaces apart.
fn table(out: &mut String, table: &Table, empty: &str) {
    if table.rows.is_empty() {
        out.push_str(&format!("  {empty}\n"));
        return;
    }
    let rows: Vec<Vec<String>> =
        std::iter::once(table.head.iter().map(|h| h.to_string()).collect())
            .chain(
                table
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| one_line(c)).collect()),
            )
            .collect();
    let widths: Vec<usize> = (0..table.head.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count();
                line.extend(std::iter::repeat_n(' ', pad + 1));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
