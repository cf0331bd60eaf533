//! The leaf that reads and writes file formats: Word (house style, the
//! OOXML finishing docx-rs cannot do, and reading a .docx nobody vouches
//! for), safe file names, and whole-or-nothing writes. It knows nothing of
//! the database or the domain: callers hand it plain text and bytes.

pub mod docx;
pub mod files;
pub mod ooxml;
pub mod schema_order;
pub mod word;
pub mod word_package;
pub mod xml;
