//! The one error type the library returns: always says which input and, where
//! there is one, which line and column.

use std::fmt;

/// An error in something the user gave: a file, a rule, a reference row, an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file (or `<stdin>`, `<builtin>/rules/x.toml`) the error is in, if any.
    pub path: Option<String>,
    /// 1-based line in that file, if known.
    pub line: Option<usize>,
    /// 1-based column (in characters), if known.
    pub column: Option<usize>,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl Error {
    /// An error not tied to a file position.
    pub fn new(message: impl Into<String>) -> Error {
        Error { path: None, line: None, column: None, message: message.into() }
    }

    /// An error in a file, without a position.
    pub fn in_file(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error { path: Some(path.into()), line: None, column: None, message: message.into() }
    }

    /// An error at a line (and optionally a column) of a file.
    pub fn at(path: impl Into<String>, line: usize, column: Option<usize>, message: impl Into<String>) -> Error {
        Error { path: Some(path.into()), line: Some(line), column, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line, self.column) {
            (Some(p), Some(l), Some(c)) => write!(f, "{p}:{l}:{c}: {}", self.message),
            (Some(p), Some(l), None) => write!(f, "{p}:{l}: {}", self.message),
            (Some(p), None, _) => write!(f, "{p}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
