//! The leaf that writes file formats: Word (house style and the OOXML
//! finishing docx-rs cannot do), safe file names, and whole-or-nothing
//! writes. It knows nothing of the database or the domain: callers hand it
//! plain text and bytes.

pub mod files;
pub mod ooxml;
pub mod word;
