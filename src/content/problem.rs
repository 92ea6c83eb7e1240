//! A problem in the content, placed at FILE:LINE:COL.

use std::fmt;

/// One problem in the content, placed in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

pub(super) fn at_start(name: &str, message: &str) -> Problem {
    Problem {
        file: name.to_string(),
        line: 1,
        col: 1,
        message: message.to_string(),
    }
}

/// Places a byte offset of `text` as a 1-based line and column (in characters).
pub(super) fn at(name: &str, text: &str, offset: usize, message: &str) -> Problem {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    Problem {
        file: name.to_string(),
        line,
        col,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(at("f", text, 0, "m").to_string(), "f:1:1: m");
        assert_eq!(at("f", text, 6, "m").line, 2);
        // 'é' is two bytes but one column.
        assert_eq!(at("f", text, 9, "m").col, 3);
        assert_eq!(at("f", text, 999, "m").line, 3);
    }
}
