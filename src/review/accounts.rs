//! Accounts: how passwords are hashed and checked, what a new password must be, and one-time
//! passwords for new accounts and resets.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// How expensive password hashing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasswordCost {
    /// Argon2id with the crate's default parameters (19 MiB, 2 passes). The default.
    #[default]
    Default,
    /// Argon2id with tiny parameters, for tests only.
    Low,
}

/// A password could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hashing the password failed: {0}")]
pub struct PasswordError(String);

/// Hashes a password with Argon2id into a PHC string.
///
/// # Example
/// ```
/// use sverka::review::{hash_password, verify_password, PasswordCost};
/// let h = hash_password("correct horse", PasswordCost::Low).unwrap();
/// assert!(h.starts_with("$argon2id$"));
/// assert!(verify_password("correct horse", &h));
/// assert!(!verify_password("wrong", &h));
/// ```
pub fn hash_password(password: &str, cost: PasswordCost) -> Result<String, PasswordError> {
    let params = match cost {
        PasswordCost::Default => Params::default(),
        PasswordCost::Low => {
            Params::new(256, 1, 1, None).map_err(|e| PasswordError(e.to_string()))?
        }
    };
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    Ok(argon
        .hash_password(password.as_bytes())
        .map_err(|e| PasswordError(e.to_string()))?
        .to_string())
}

/// Checks a password against a PHC string made by [`hash_password`].
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random password for new accounts: 16 characters without look-alikes.
pub fn random_password() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    bytes
        .iter()
        .map(|b| CHARS[*b as usize % CHARS.len()] as char)
        .collect()
}

/// The fewest characters a chosen password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The most characters a chosen password may have (hashing longer input only costs time).
pub const MAX_PASSWORD_CHARS: usize = 1000;

/// Why a chosen password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// The password and its confirmation differ.
    #[error("the two passwords differ")]
    Mismatch,
    /// The new password is the current one.
    #[error("the new password must differ from the current one")]
    Unchanged,
}

/// Checks a password someone chose (when registering or changing it) and its confirmation.
///
/// # Example
/// ```
/// use sverka::review::{WeakPassword, check_new_password};
/// assert_eq!(check_new_password("long enough!", "long enough!"), Ok(()));
/// assert_eq!(check_new_password("short", "short"), Err(WeakPassword::TooShort));
/// assert_eq!(check_new_password("long enough!", "long enough?"), Err(WeakPassword::Mismatch));
/// ```
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), WeakPassword> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(WeakPassword::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(WeakPassword::TooLong)
    } else if password != confirm {
        Err(WeakPassword::Mismatch)
    } else {
        Ok(())
    }
}

/// Checks a new password that replaces `current`: the rules of [`check_new_password`], and it
/// must differ from the current one.
///
/// # Example
/// ```
/// use sverka::review::{WeakPassword, check_password_change};
/// let old = "the old password";
/// assert_eq!(check_password_change(old, old, old), Err(WeakPassword::Unchanged));
/// assert_eq!(check_password_change(old, "a new password", "a new password"), Ok(()));
/// ```
pub fn check_password_change(
    current: &str,
    password: &str,
    confirm: &str,
) -> Result<(), WeakPassword> {
    check_new_password(password, confirm)?;
    if password == current {
        return Err(WeakPassword::Unchanged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_pass_the_rules_they_are_held_to() {
        let pw = random_password();
        assert_eq!(check_new_password(&pw, &pw), Ok(()));
        assert_ne!(random_password(), pw);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let nine = "ёёёёёёёёё";
        assert_eq!(check_new_password(nine, nine), Err(WeakPassword::TooShort));
        let ten = "ёёёёёёёёёё";
        assert_eq!(check_new_password(ten, ten), Ok(()));
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_new_password(&long, &long), Err(WeakPassword::TooLong));
    }
}
