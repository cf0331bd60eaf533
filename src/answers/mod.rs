//! Answers that come back on a round's svarsmall: read the returned form
//! ([`form`]), show what was read, and record it.

pub mod form;
