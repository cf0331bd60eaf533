//! Word drafts: generating a draft of a document on the joint template
//! (`generate`), and checking any .docx for the template's mandatory
//! structure (`check`).

pub mod check;
pub mod generate;
pub mod record;
