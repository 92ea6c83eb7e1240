//! Randomness for the quiz: a seed, and reproducible generators derived
//! from it. In production the seed comes from the clock and the process id;
//! `ONBOARD_SEED` fixes it, for tests and reproducible demos.

/// A seed from which each use (a step's attempt, a review) derives its own
/// generator: the same seed and the same key give the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rng {
    seed: u64,
}

impl Rng {
    pub fn with_seed(seed: u64) -> Rng {
        Rng { seed }
    }

    /// `ONBOARD_SEED` when it holds a number, else the clock and the process id.
    pub(crate) fn from_environment() -> Rng {
        let fixed = std::env::var("ONBOARD_SEED")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let seed = fixed.unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            nanos ^ (u64::from(std::process::id()) << 32)
        });
        Rng::with_seed(seed)
    }

    /// The generator for `key` and `n` (for example a step's id and the
    /// attempt's number).
    pub(crate) fn stream(&self, key: &str, n: u64) -> fastrand::Rng {
        // FNV-1a over the key, then the number, mixed with the seed by
        // splitmix64: stable across platforms and releases.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in key.bytes().chain(n.to_le_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let mut z = self.seed ^ hash;
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        fastrand::Rng::with_seed(z ^ (z >> 31))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_key_give_the_same_numbers_and_others_differ() {
        let numbers = |rng: Rng, key: &str, n: u64| -> Vec<u64> {
            let mut stream = rng.stream(key, n);
            (0..4).map(|_| stream.u64(..)).collect()
        };
        let a = Rng::with_seed(7);
        assert_eq!(numbers(a, "vision", 1), numbers(a, "vision", 1));
        assert_ne!(numbers(a, "vision", 1), numbers(a, "vision", 2));
        assert_ne!(numbers(a, "vision", 1), numbers(a, "mission", 1));
        assert_ne!(
            numbers(a, "vision", 1),
            numbers(Rng::with_seed(8), "vision", 1)
        );
    }
}
