//! The cohort as one self-contained HTML page: no script, no request (a
//! Content-Security-Policy forbids them), inline SVG charts with text
//! alternatives and the tables behind them, real headings, a print style,
//! and the page's language set.

use super::svg::{self, Bar, escape};
use super::text::one_line;
use super::views::{self, Table};
use super::{Cohort, MissedQuestion};
use crate::i18n::{Lang, fill, t};

/// Marks a page that onboard wrote, for a later `--output`.
pub(crate) const GENERATOR: &str = "<meta name=\"generator\" content=\"onboard cohort\">";

/// How many bars a chart shows at most; the table gives every row.
const CHART_ROWS: usize = 100;

const STYLE: &str = "
:root { color: #161616; background: #fff; font-family: system-ui, sans-serif; line-height: 1.5; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; margin-bottom: .5rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 2px solid #000091; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
th, td { border: 1px solid #929292; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eeeef8; }
td.num { text-align: right; white-space: nowrap; }
figure { margin: 1rem 0; overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; }
svg.chart text { fill: #161616; }
svg.chart .track { fill: #e3e3fd; }
svg.chart .bar { fill: #000091; }
.note { color: #3a3a3a; font-size: .9rem; }
@media print {
  :root { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

pub(crate) fn html(cohort: &Cohort) -> String {
    let c = &t().cohort;
    let lang = match crate::i18n::lang() {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{GENERATOR}\n\
         <title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        escape(c.title),
        escape(&one_line(&cohort.source)),
        escape(c.title),
    );
    for line in views::summary(cohort) {
        page.push_str(&format!("<p>{}</p>\n", escape(&line)));
    }

    page.push_str(&format!(
        "<section aria-labelledby=\"who\">\n<h2 id=\"who\">{}</h2>\n",
        escape(c.heading_who)
    ));
    if !cohort.recruits.is_empty() {
        progress_chart(&mut page, cohort);
    }
    table(
        &mut page,
        &views::who(cohort),
        c.heading_who,
        c.none_recruits,
        &[1],
    );
    page.push_str("</section>\n");

    page.push_str(&format!(
        "<section aria-labelledby=\"missed\">\n<h2 id=\"missed\">{}</h2>\n<p>{}</p>\n",
        escape(c.heading_missed),
        escape(c.intro_missed)
    ));
    if cohort.missed.iter().any(|q| q.missed > 0) {
        missed_chart(&mut page, cohort);
    }
    table(
        &mut page,
        &views::missed(cohort),
        c.heading_missed,
        c.none_missed,
        &[0, 1],
    );
    page.push_str("</section>\n");

    page.push_str(&format!(
        "<section aria-labelledby=\"drift\">\n<h2 id=\"drift\">{}</h2>\n<p>{}</p>\n",
        escape(c.heading_drift),
        escape(c.intro_drift)
    ));
    table(
        &mut page,
        &views::drift(cohort),
        c.heading_drift,
        c.none_drift,
        &[],
    );
    page.push_str("</section>\n");

    if !cohort.skipped.is_empty() {
        page.push_str(&format!(
            "<section aria-labelledby=\"skipped\">\n<h2 id=\"skipped\">{}</h2>\n",
            escape(c.heading_skipped)
        ));
        table(
            &mut page,
            &views::skipped(cohort),
            c.heading_skipped,
            "",
            &[],
        );
        page.push_str("</section>\n");
    }
    let date = cohort
        .generated_at
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string();
    page.push_str(&format!(
        "<footer><p class=\"note\">{}</p></footer>\n</main>\n</body>\n</html>\n",
        escape(&fill(c.generated, &[("date", &date)]))
    ));
    page
}

fn progress_chart(page: &mut String, cohort: &Cohort) {
    let c = &t().cohort;
    let shown = &cohort.recruits[..cohort.recruits.len().min(CHART_ROWS)];
    let bars: Vec<Bar> = shown
        .iter()
        .map(|r| Bar {
            label: one_line(&r.name),
            share: r.passed as f64 / r.total.max(1) as f64,
            figure: format!("{}/{}", r.passed, r.total),
        })
        .collect();
    let items: Vec<String> = shown
        .iter()
        .map(|r| {
            fill(
                c.chart_progress_item,
                &[("name", &one_line(&r.name)), ("passed", &r.passed)],
            )
        })
        .collect();
    let desc = fill(
        c.chart_progress_desc,
        &[
            ("total", &cohort.content.steps),
            ("items", &items.join(t().core.list_separator)),
        ],
    );
    figure(
        page,
        "chart-progress",
        c.chart_progress_title,
        &desc,
        &bars,
        cohort.recruits.len(),
    );
}

fn missed_chart(page: &mut String, cohort: &Cohort) {
    let c = &t().cohort;
    // The questions missed at least once (the table lists every one).
    let missed: Vec<&MissedQuestion> = cohort.missed.iter().filter(|q| q.missed > 0).collect();
    let shown = &missed[..missed.len().min(CHART_ROWS)];
    let bars: Vec<Bar> = shown
        .iter()
        .map(|q| Bar {
            label: fill(
                c.question_label,
                &[
                    ("step", &svg::cut(&one_line(&q.step_title), 26)),
                    ("n", &(q.index + 1)),
                ],
            ),
            share: q.rate,
            figure: format!(
                "{} ({}/{})",
                views::percent(q.missed, q.answered),
                q.missed,
                q.answered
            ),
        })
        .collect();
    let items: Vec<String> = shown
        .iter()
        .map(|q| {
            fill(
                c.chart_missed_item,
                &[
                    ("label", &one_line(&views::question_label(q))),
                    ("rate", &views::percent(q.missed, q.answered)),
                ],
            )
        })
        .collect();
    let desc = fill(
        c.chart_missed_desc,
        &[("items", &items.join(t().core.list_separator))],
    );
    figure(
        page,
        "chart-missed",
        c.chart_missed_title,
        &desc,
        &bars,
        missed.len(),
    );
}

fn figure(page: &mut String, id: &str, title: &str, desc: &str, bars: &[Bar], total: usize) {
    page.push_str("<figure>\n");
    page.push_str(&svg::bars(id, title, desc, bars));
    let mut notes = Vec::new();
    if id == "chart-missed" {
        notes.push(t().cohort.chart_missed_note.to_string());
    }
    if total > bars.len() {
        notes.push(fill(
            t().cohort.chart_more,
            &[("shown", &bars.len()), ("total", &total)],
        ));
    }
    if !notes.is_empty() {
        let note = notes.join(" ");
        page.push_str(&format!(
            "\n<figcaption class=\"note\">{}</figcaption>",
            escape(&note)
        ));
    }
    page.push_str("\n</figure>\n");
}

/// A table with its caption; the columns in `numeric` are aligned right.
fn table(page: &mut String, table: &Table, caption: &str, empty: &str, numeric: &[usize]) {
    if table.rows.is_empty() {
        if !empty.is_empty() {
            page.push_str(&format!("<p>{}</p>\n", escape(empty)));
        }
        return;
    }
    page.push_str(&format!(
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(caption)
    ));
    for head in &table.head {
        page.push_str(&format!("<th scope=\"col\">{}</th>", escape(head)));
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        page.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let (open, close) = match (i, numeric.contains(&i)) {
                (0, _) if !numeric.contains(&0) => ("<th scope=\"row\">", "</th>"),
                (_, true) => ("<td class=\"num\">", "</td>"),
                _ => ("<td>", "</td>"),
            };
            page.push_str(&format!("{open}{}{close}", escape(&one_line(cell))));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n");
}
