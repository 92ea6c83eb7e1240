//! The cohort as Markdown: headings, the summary, and pipe tables.

use super::Cohort;
use super::views::{self, Table};
use crate::i18n::t;

/// Ends every Markdown cohort: invisible once rendered, it tells a later
/// `--output` that onboard wrote the file.
pub(crate) const MARK: &str = "<!-- onboard cohort -->\n";

/// Text from a report, shown as text: Markdown's and HTML's signs escaped.
fn escape(text: &str) -> String {
    crate::text::markdown_inline(text.trim())
}

pub(crate) fn markdown(cohort: &Cohort) -> String {
    let c = &t().cohort;
    let mut md = format!("# {}\n\n", c.title);
    for line in views::summary(cohort) {
        md.push_str(&escape(&line));
        md.push_str("\n\n");
    }
    md.push_str(&format!("## {}\n\n", c.heading_who));
    table(&mut md, &views::who(cohort), c.none_recruits);
    md.push_str(&format!(
        "## {}\n\n{}\n\n",
        c.heading_missed, c.intro_missed
    ));
    table(&mut md, &views::missed(cohort), c.none_missed);
    md.push_str(&format!("## {}\n\n{}\n\n", c.heading_drift, c.intro_drift));
    table(&mut md, &views::drift(cohort), c.none_drift);
    if !cohort.skipped.is_empty() {
        md.push_str(&format!("## {}\n\n", c.heading_skipped));
        table(&mut md, &views::skipped(cohort), "");
    }
    md.push_str(MARK);
    md
}

fn table(md: &mut String, table: &Table, empty: &str) {
    if table.rows.is_empty() {
        md.push_str(empty);
        md.push_str("\n\n");
        return;
    }
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    md.push_str(&line(table.head.iter().map(|h| h.to_string()).collect()));
    md.push_str(&line(
        table.head.iter().map(|_| "---".to_string()).collect(),
    ));
    for row in &table.rows {
        md.push_str(&line(row.iter().map(|c| escape(c)).collect()));
    }
    md.push('\n');
}
