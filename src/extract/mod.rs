//! Text → typed mentions.

mod mention;

pub use mention::{Kind, Mention, Qualifier, Value};
