//! SPDX licence expressions as reuse checks them: by the grammar only
//! (`a AND b`, `a OR b`, `a WITH e`, parentheses; operators in any case).
//! Whether each identifier is a known licence is `LICENSES/`'s business.

/// The identifiers of a valid expression (licences and exceptions, as
/// written), or `None` when it does not follow the grammar.
pub(crate) fn identifiers(expression: &str) -> Option<Vec<String>> {
    let tokens = tokens(expression);
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        ids: Vec::new(),
    };
    parser.expression()?;
    if parser.at != tokens.len() {
        return None;
    }
    Some(parser.ids)
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    And,
    Or,
    With,
    Id(&'a str),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('(') {
                out.push(Token::Open);
                rest = r;
                continue;
            }
            let end = rest.find(['(', ')']).unwrap_or(rest.len());
            if end == 0 {
                out.push(Token::Close);
                rest = &rest[1..];
                continue;
            }
            let word = &rest[..end];
            out.push(match word.to_ascii_uppercase().as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                "WITH" => Token::With,
                _ => Token::Id(word),
            });
            rest = &rest[end..];
        }
    }
    out
}

struct Parser<'a, 'b> {
    tokens: &'b [Token<'a>],
    at: usize,
    ids: Vec<String>,
}

impl Parser<'_, '_> {
    fn next(&mut self) -> Option<&Token<'_>> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token<'_>> {
        self.tokens.get(self.at)
    }

    fn expression(&mut self) -> Option<()> {
        self.term()?;
        while matches!(self.peek(), Some(Token::And | Token::Or)) {
            self.at += 1;
            self.term()?;
        }
        Some(())
    }

    fn term(&mut self) -> Option<()> {
        match self.next()? {
            Token::Open => {
                self.expression()?;
                matches!(self.next(), Some(Token::Close)).then_some(())
            }
            Token::Id(id) => {
                let id = (*id).to_string();
                self.ids.push(id);
                if matches!(self.peek(), Some(Token::With)) {
                    self.at += 1;
                    let Some(Token::Id(exception)) = self.next() else {
                        return None;
                    };
                    let exception = (*exception).to_string();
                    self.ids.push(exception);
                }
                Some(())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_decides() {
        assert_eq!(
            identifiers("MIT OR (Apache-2.0 WITH LLVM-exception)").unwrap(),
            vec!["MIT", "Apache-2.0", "LLVM-exception"]
        );
        assert_eq!(
            identifiers("GPL-2.0+ and LicenseRef-x").unwrap(),
            vec!["GPL-2.0+", "LicenseRef-x"]
        );
        for bad in [
            "",
            "MIT OR",
            "(MIT",
            "MIT Apache-2.0",
            "pas une licence ((",
            "WITH x",
            "MIT)",
        ] {
            assert!(identifiers(bad).is_none(), "{bad}");
        }
    }
}
