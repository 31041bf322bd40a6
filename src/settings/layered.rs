//! One setting looked up through its layers, in precedence order: the first layer that sets it
//! wins and is parsed there, and a value it refuses is reported as that layer's (a flag's is a
//! usage error, 64; an environment variable's and the file's are configuration, 78, the file's
//! with its line).

use std::ops::Range;

use toml::Spanned;

use crate::config::Loaded;
use crate::exit::CliError;

/// Where a setting's value came from.
#[derive(Clone, Debug)]
pub(crate) enum Origin<'a> {
    /// A command-line flag (`--url`).
    Flag(&'static str),
    /// An environment variable, or another place named like one (a systemd credential).
    Env(String),
    /// A key of the config file, at its span (the environment's table or the top level).
    File {
        loaded: &'a Loaded,
        key: &'static str,
        span: Range<usize>,
    },
    /// No layer set it: the built-in default.
    Default,
}

/// Why a layer's value was refused, worded after the name of its origin.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Why {
    /// About the value: `timeout: "soon" is not a duration`.
    Value(String),
    /// A sentence whose subject is the setting: `max_age must be more than zero`.
    Name(String),
}

impl From<String> for Why {
    fn from(s: String) -> Why {
        Why::Value(s)
    }
}

impl From<&str> for Why {
    fn from(s: &str) -> Why {
        Why::Value(s.into())
    }
}

impl<'a> Origin<'a> {
    /// The file's `key`, set at `at`.
    pub(crate) fn at<R>(loaded: &'a Loaded, key: &'static str, at: &Spanned<R>) -> Origin<'a> {
        Origin::File {
            loaded,
            key,
            span: at.span(),
        }
    }

    /// The error for a value of this origin refused for `why`.
    pub(crate) fn error(&self, why: impl Into<Why>) -> CliError {
        let said = |name: &str| match why.into() {
            Why::Value(m) => format!("{name}: {m}"),
            Why::Name(m) => format!("{name} {m}"),
        };
        match self {
            Origin::Flag(name) => CliError::usage(said(name)),
            Origin::Env(var) => CliError::config(said(var)),
            Origin::File { loaded, key, span } => loaded.error_at(span.clone(), said(key)),
            Origin::Default => CliError::config(said("default")),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, Debug)]
pub(crate) struct Found<'a, T> {
    pub value: T,
    pub origin: Origin<'a>,
}

/// The lookup of one setting: layers are added highest precedence first; the first one that
/// holds a value is parsed, the rest are not looked at.
#[must_use]
pub(crate) struct Layered<'a, T> {
    found: Option<Result<Found<'a, T>, CliError>>,
}

impl<'a, T> Default for Layered<'a, T> {
    fn default() -> Self {
        Layered { found: None }
    }
}

impl<'a, T> Layered<'a, T> {
    pub(crate) fn new() -> Self {
        Layered::default()
    }

    fn layer<R, E: Into<Why>>(
        mut self,
        raw: Option<R>,
        origin: impl FnOnce(&R) -> Origin<'a>,
        parse: impl FnOnce(R) -> Result<T, E>,
    ) -> Self {
        if self.found.is_none()
            && let Some(raw) = raw
        {
            let origin = origin(&raw);
            self.found = Some(match parse(raw) {
                Ok(value) => Ok(Found { value, origin }),
                Err(why) => Err(origin.error(why)),
            });
        }
        self
    }

    /// A command-line flag's value (already typed by clap; `parse` checks it).
    pub(crate) fn flag<R, E: Into<Why>>(
        self,
        name: &'static str,
        raw: Option<R>,
        parse: impl FnOnce(R) -> Result<T, E>,
    ) -> Self {
        self.layer(raw, |_| Origin::Flag(name), parse)
    }

    /// An environment variable's value (looked up by the caller, which filters blank ones
    /// where blank means unset).
    pub(crate) fn env<R, E: Into<Why>>(
        self,
        var: &str,
        raw: Option<R>,
        parse: impl FnOnce(&R) -> Result<T, E>,
    ) -> Self {
        self.layer(raw, |_| Origin::Env(var.into()), |r| parse(&r))
    }

    /// The config file's `key`, where set (the environment's table's value, else the top
    /// level's, is the caller's `Sources::own_or_top`).
    pub(crate) fn file<R: 'a, E: Into<Why>>(
        self,
        loaded: Option<&'a Loaded>,
        key: &'static str,
        at: Option<&'a Spanned<R>>,
        parse: impl FnOnce(&R) -> Result<T, E>,
    ) -> Self {
        let origin = |(l, s): &(&'a Loaded, &'a Spanned<R>)| Origin::File {
            loaded: l,
            key,
            span: s.span(),
        };
        self.layer(loaded.zip(at), origin, |(_, s)| parse(s.get_ref()))
    }

    /// The value and its origin; `None` when no layer set it.
    pub(crate) fn found(self) -> Result<Option<Found<'a, T>>, CliError> {
        self.found.transpose()
    }

    /// The value; `None` when no layer set it.
    pub(crate) fn optional(self) -> Result<Option<T>, CliError> {
        Ok(self.found()?.map(|f| f.value))
    }

    /// The value, else the built-in `default`.
    pub(crate) fn or(self, default: T) -> Result<T, CliError> {
        self.or_else(|| default)
    }

    /// The value, else the built-in default `default()` makes.
    pub(crate) fn or_else(self, default: impl FnOnce() -> T) -> Result<T, CliError> {
        Ok(self.found_or_else(default)?.value)
    }

    /// As [`Layered::or_else`], with where the value came from.
    pub(crate) fn found_or_else(
        self,
        default: impl FnOnce() -> T,
    ) -> Result<Found<'a, T>, CliError> {
        Ok(self.found()?.unwrap_or_else(|| Found {
            value: default(),
            origin: Origin::Default,
        }))
    }
}

/// A layer's value taken as it is (a flag clap typed, a boolean TOML typed).
pub(crate) fn accept<T>(v: T) -> Result<T, Why> {
    Ok(v)
}

/// As [`accept`], for a value borrowed from the file or the environment.
pub(crate) fn accept_ref<T: Clone>(v: &T) -> Result<T, Why> {
    Ok(v.clone())
}

#[cfg(test)]
mod tests;
