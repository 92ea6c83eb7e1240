//! Horizontal bar charts as inline SVG, each with its text alternative
//! (`<title>` and `<desc>`, named by `aria-labelledby`); and the escaping of
//! outside text in the page and its charts.

/// One bar: its label, its length from 0 to 1, and the figure shown beside it.
pub(super) struct Bar {
    pub label: String,
    pub share: f64,
    pub figure: String,
}

const WIDTH: usize = 760;
const LABEL: usize = 300;
const BAR: usize = 360;
const ROW: usize = 26;
/// Labels longer than this are cut (the table beside gives them whole).
const LABEL_CHARS: usize = 42;

/// An SVG chart with `id` (unique in the page), its title and description.
pub(super) fn bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len().max(1) + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(desc)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + i * ROW;
        let text_y = y + ROW / 2 + 5;
        let length = (bar.share.clamp(0.0, 1.0) * BAR as f64).round() as usize;
        let label = cut(&bar.label, LABEL_CHARS);
        svg.push_str(&format!(
            "<g><text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{BAR}\" height=\"{}\" class=\"track\"/>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{length}\" height=\"{}\" class=\"bar\"/>\
             <text x=\"{}\" y=\"{text_y}\">{}</text></g>\n",
            LABEL - 8,
            escape(&label),
            y + 3,
            ROW - 6,
            y + 3,
            ROW - 6,
            LABEL + BAR + 8,
            escape(&bar.figure),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// `label` in at most `chars` characters, cut with an ellipsis.
pub(super) fn cut(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_string();
    }
    let mut short: String = label.chars().take(chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Text from outside, as HTML text or attribute value.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
