//! `onboard review` in-process: plain interface on a string, a fixed clock.
