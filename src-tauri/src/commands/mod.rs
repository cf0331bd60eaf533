//! The Tauri commands, one module per area of the core. Each command calls
//! one core function and maps its error; no domain logic lives here.

pub mod answers;
pub mod drafts;
pub mod lifecycle;
pub mod overview;
pub mod parties;
pub mod register;
pub mod resolutions;
pub mod rounds;
pub mod settings;
