//! Every integration test, in one binary: each test binary links the whole
//! crate (libgit2 included), so thirteen binaries cost thirteen links. One
//! module per area; run one area with `cargo test --test integration crash::`.
//!
//! The tests share one process and run on parallel threads: none may set an
//! environment variable, change the current directory or install a signal
//! handler in it. What a spawned `onboard` needs is passed to its command
//! (see `common::Env`).

mod common;

mod architecture;
mod audit;
mod audit_fix;
mod audit_many;
mod audit_rules;
mod bad_input;
mod cache;
mod cli;
mod cohort;
mod cohort_browser;
mod cohort_gen;
mod cohort_sign;
mod concurrency;
mod content;
mod crash;
mod doctor;
mod external;
mod feedback;
mod fingerprint;
mod hostile;
mod journey;
mod licences;
mod pipes;
mod props;
mod publiccode;
mod report_v2;
mod reuse;
mod reuse_tool;
mod review;
mod scaffold;
mod signals;
mod signing;
mod startup_order;
mod terminal;
mod update;
