//! `onboard`: the Fabrique numérique's first-day journey, and a scaffold for
//! open-by-default repositories. `main.rs` only parses and calls [`run`].

pub mod audit;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod content;
pub mod context;
pub mod digest;
pub mod error;
pub mod files;
pub mod grade;
pub mod i18n;
pub mod interview;
pub mod journey;
pub mod output;
pub mod policy;
pub mod progress;
pub mod report;
pub mod scaffold;
pub mod signals;
pub mod text;
pub mod ui;

pub use error::{Error, Result};
