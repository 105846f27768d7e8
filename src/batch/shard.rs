//! Shards: the I-th of N slices of a manifest, by a fixed hash of each pair's name.

use std::fmt;
use std::str::FromStr;

/// 64-bit FNV-1a hash: the fixed hash that assigns pairs to shards.
///
/// # Example
/// ```
/// assert_eq!(sverka::batch::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(sverka::batch::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The I-th of N slices of a corpus (1-based): the pairs whose name hashes
/// ([`fnv1a`] of its UTF-8 bytes) to `I − 1` modulo N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// Shard `index` of `count` (1 ≤ index ≤ count), or `None`.
    pub fn new(index: usize, count: usize) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// The shard's 1-based index.
    pub fn index(self) -> usize {
        self.index
    }

    /// The number of shards.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the pair named `name` belongs to this shard.
    ///
    /// # Example
    /// ```
    /// use sverka::batch::Shard;
    /// let shards: Vec<Shard> = (1..=4).map(|i| Shard::new(i, 4).unwrap()).collect();
    /// // Every name is in exactly one shard.
    /// for name in ["a", "b", "news-17", "статья"] {
    ///     assert_eq!(shards.iter().filter(|s| s.contains(name)).count(), 1);
    /// }
    /// ```
    pub fn contains(self, name: &str) -> bool {
        fnv1a(name.as_bytes()) % self.count as u64 == (self.index - 1) as u64
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The error of parsing a [`Shard`] that is not `I/N` with 1 ≤ I ≤ N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid shard {0:?}: expected I/N with 1 ≤ I ≤ N, such as 3/8")]
pub struct ParseShardError(pub String);

impl FromStr for Shard {
    type Err = ParseShardError;

    /// Parses `I/N`.
    ///
    /// ```
    /// use sverka::batch::Shard;
    /// assert_eq!("2/8".parse::<Shard>().unwrap(), Shard::new(2, 8).unwrap());
    /// assert!("0/8".parse::<Shard>().is_err());
    /// assert!("9/8".parse::<Shard>().is_err());
    /// ```
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let err = || ParseShardError(s.to_owned());
        let (i, n) = s.trim().split_once('/').ok_or_else(err)?;
        let (i, n) = (
            i.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        Shard::new(i, n).ok_or_else(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_depend_on_the_name_only() {
        let names: Vec<String> = (0..500).map(|i| format!("doc-{i}")).collect();
        let n = 7;
        let mut counts = vec![0usize; n];
        for name in &names {
            let owners: Vec<usize> = (1..=n)
                .filter(|&i| Shard::new(i, n).unwrap().contains(name))
                .collect();
            assert_eq!(owners.len(), 1, "{name}");
            counts[owners[0] - 1] += 1;
        }
        // FNV-1a spreads similar names evenly enough: no shard gets under half its share.
        assert!(counts.iter().all(|&c| c > 500 / n / 2), "{counts:?}");
    }

    #[test]
    fn shard_parsing() {
        assert_eq!("1/1".parse::<Shard>().unwrap().to_string(), "1/1");
        assert_eq!(
            " 3 / 4 ".parse::<Shard>().unwrap(),
            Shard::new(3, 4).unwrap()
        );
        for bad in ["", "1", "1/0", "0/0", "a/b", "2/1", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad:?}");
        }
    }
}
