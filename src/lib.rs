//! `onboard`: the Fabrique numérique's first-day journey, and a scaffold for
//! open-by-default repositories. `main.rs` only parses the command line and
//! calls [`commands::run`].
//!
//! The modules sit in four layers, each importing only from its own layer
//! or those below (ARCHITECTURE.md, held by `tests/integration/architecture.rs`):
//! application (`cli`, `context`, `commands`), interaction (`ui`, `journey`,
//! `interview`, `review`), domain (`content`, `grade`, `progress`, `policy`, `audit`,
//! `scaffold`, `update`, `report`, `cohort`, `doctor`) and infrastructure (`error`, `i18n`,
//! `output`, `files`, `digest`, `cache`, `signals`, `signature`, `text`).
//!
//! Modules declared `pub` are public on purpose: the integration tests and
//! the benchmarks reach into them. The others are `pub(crate)`, so that the
//! compiler reports what nothing uses.

pub mod audit;
pub(crate) mod cache;
pub mod cli;
pub(crate) mod cohort;
pub mod commands;
pub mod content;
pub(crate) mod context;
pub(crate) mod digest;
pub(crate) mod doctor;
pub mod error;
pub(crate) mod files;
pub(crate) mod grade;
pub mod i18n;
pub(crate) mod interview;
pub(crate) mod journey;
pub mod output;
pub mod policy;
pub mod progress;
pub mod random;
pub(crate) mod report;
pub(crate) mod review;
pub mod scaffold;
pub mod signals;
pub(crate) mod signature;
pub mod text;
pub(crate) mod ui;
pub(crate) mod update;

pub use error::{Error, Result};
