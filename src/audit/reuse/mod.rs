//! REUSE 3.3, as `reuse lint` checks it: which files must carry licensing
//! information (the covered files), what each has (its header, its
//! `.license` sidecar, the REUSE.toml files above it with their
//! precedence, or `.reuse/dep5`), and whether `LICENSES/` holds exactly the
//! licences in use. See `docs/reuse.md` for the rules and where onboard
//! knowingly differs.

pub(crate) mod config;
pub(crate) mod decode;
pub(crate) mod dep5;
pub(crate) mod expression;
pub(crate) mod glob;
pub(crate) mod header;
mod verdict;

use std::collections::BTreeSet;
use std::path::Path;

use spdx::expression::ExprNode;
use spdx::{AdditionItem, Expression, LicenseItem, ParseMode};

pub(crate) use self::verdict::{Verdict, check};

/// The licence and exception identifiers an SPDX expression names.
pub(crate) fn identifiers(expression: &str) -> Result<BTreeSet<String>, String> {
    let parsed =
        Expression::parse_mode(expression, ParseMode::LAX).map_err(|err| err.to_string())?;
    let mut out = BTreeSet::new();
    for node in parsed.iter() {
        let ExprNode::Req(req) = node else { continue };
        match &req.req.license {
            LicenseItem::Spdx { id, .. } => out.insert(id.name.to_string()),
            LicenseItem::Other(other) => out.insert(other.to_string()),
        };
        match &req.req.addition {
            Some(AdditionItem::Spdx(id)) => out.insert(id.name.to_string()),
            Some(AdditionItem::Other(other)) => out.insert(other.to_string()),
            None => false,
        };
    }
    Ok(out)
}

/// The licences `LICENSES/` holds: the names of its files without extension.
pub(crate) fn licences_present(root: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(root.join("LICENSES")) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !name.ends_with(".license") && !name.starts_with('.'))
        .map(|name| {
            name.rsplit_once('.')
                .map_or(name.clone(), |(stem, _)| stem.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_name_their_licences() {
        let ids = identifiers("MIT OR Apache-2.0 WITH LLVM-exception").unwrap();
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            vec!["Apache-2.0", "LLVM-exception", "MIT"]
        );
        assert!(identifiers("pas une licence ((").is_err());
    }
}
