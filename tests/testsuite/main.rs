//! Integration tests of Samdok's core. All areas build into one test binary;
//! every test opens its own database in a fresh temporary folder.

mod adoption;
mod adoption_round;
mod answers;
mod audit;
mod check;
mod cli;
mod collation;
mod comments;
mod compilation;
mod concurrency;
mod demo;
mod dispatch;
mod drafts;
mod export;
#[path = "../support/fill_form.rs"]
mod fill_form;
mod forms;
mod golden;
mod hostile;
mod lifecycle;
mod lifecycle_steps;
mod ooxml_schema;
mod paging;
mod parties;
mod party_page;
mod register;
mod register_dates;
mod report;
mod resolutions;
mod rounds;
mod search;
mod store;
mod support;
mod verify;
mod views;
mod watch;
