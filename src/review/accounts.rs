//! Accounts: how passwords are hashed and checked, and one-time passwords for new accounts.

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
