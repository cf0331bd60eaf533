//! Structure check of a .docx against the guideline's mandatory content
//! (being written).
