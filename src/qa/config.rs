//! Which checks run, and at which severity: a [`Config`], read from JSON by the program and
//! the server.

use super::{CheckId, Severity};

/// The setting of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSetting {
    /// Whether the check runs. The default is `true`.
    pub enabled: bool,
    /// The severity of every finding of the check; `None` keeps the check's own, which
    /// depends on the finding (a different number is an error, a number missing a warning;
    /// see docs/review.md). The default is `None`.
    pub severity: Option<Severity>,
}

impl Default for CheckSetting {
    fn default() -> Self {
        CheckSetting {
            enabled: true,
            severity: None,
        }
    }
}

/// Which checks run and at which severity: one [`CheckSetting`] per check. Missing fields
/// take their defaults, unknown ones are an error.
///
/// # Example
/// ```
/// use sverka::qa::{CheckId, Config, Severity};
/// let config: Config =
///     serde_json::from_str(r#"{"length": {"enabled": false}, "name": {"severity": "error"}}"#)
///         .unwrap();
/// assert!(!config.get(CheckId::Length).enabled);
/// assert_eq!(config.get(CheckId::Name).severity, Some(Severity::Error));
/// assert!(config.get(CheckId::Number).enabled);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `number`.
    pub number: CheckSetting,
    /// `name`.
    pub name: CheckSetting,
    /// `omission`.
    pub omission: CheckSetting,
    /// `addition`.
    pub addition: CheckSetting,
    /// `untranslated`.
    pub untranslated: CheckSetting,
    /// `punctuation`.
    pub punctuation: CheckSetting,
    /// `length`.
    pub length: CheckSetting,
    /// `terminology`.
    pub terminology: CheckSetting,
}

impl Config {
    /// A configuration with only the checks `ids` enabled, at their own severities.
    ///
    /// # Example
    /// ```
    /// use sverka::qa::{CheckId, Config};
    /// let c = Config::only(&[CheckId::Number]);
    /// assert!(c.get(CheckId::Number).enabled && !c.get(CheckId::Name).enabled);
    /// ```
    pub fn only(ids: &[CheckId]) -> Config {
        let mut config = Config::default();
        for id in CheckId::ALL {
            config.get_mut(id).enabled = ids.contains(&id);
        }
        config
    }

    /// The setting of check `id`.
    pub fn get(&self, id: CheckId) -> &CheckSetting {
        match id {
            CheckId::Number => &self.number,
            CheckId::Name => &self.name,
            CheckId::Omission => &self.omission,
            CheckId::Addition => &self.addition,
            CheckId::Untranslated => &self.untranslated,
            CheckId::Punctuation => &self.punctuation,
            CheckId::Length => &self.length,
            CheckId::Terminology => &self.terminology,
        }
    }

    /// The setting of check `id`, to change.
    pub fn get_mut(&mut self, id: CheckId) -> &mut CheckSetting {
        match id {
            CheckId::Number => &mut self.number,
            CheckId::Name => &mut self.name,
            CheckId::Omission => &mut self.omission,
            CheckId::Addition => &mut self.addition,
            CheckId::Untranslated => &mut self.untranslated,
            CheckId::Punctuation => &mut self.punctuation,
            CheckId::Length => &mut self.length,
            CheckId::Terminology => &mut self.terminology,
        }
    }
}
