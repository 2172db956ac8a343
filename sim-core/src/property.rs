//! The seed and budget of the project's property tests (generated inputs thrown at
//! the ELF loader, the decoders and executors, the stats parser, ...).
//!
//! `cargo test` runs every property with a fixed seed and a small number of cases,
//! so a run is repeatable and bounded. Two environment variables widen the search
//! without touching code: `SIM_PROPERTY_SEED` (an integer, or `random` for a fresh
//! seed each run) and `SIM_PROPERTY_CASES` (cases per property, e.g. 100000 for a
//! long campaign). A test prints the seed and case count it used, so a failure's
//! log is enough to reproduce it.

/// The seed every property runs with when `SIM_PROPERTY_SEED` is unset.
pub const DEFAULT_SEED: u64 = 0x5eed_2026;

/// Seed and number of cases for one property test.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PropertyBudget {
    /// Seed of the input generator.
    pub seed: u64,
    /// How many generated inputs to try.
    pub cases: u32,
}

/// The budget of a property that runs `default_cases` cases under plain `cargo test`.
///
/// Reads `SIM_PROPERTY_SEED` and `SIM_PROPERTY_CASES`; a value that does not parse
/// is reported on stderr and the default is used, so a typo never hides a test.
pub fn budget(default_cases: u32) -> PropertyBudget {
    let seed = match std::env::var("SIM_PROPERTY_SEED").as_deref() {
        Err(_) => DEFAULT_SEED,
        Ok("random") => random_seed(),
        Ok(text) => parse_u64(text).unwrap_or_else(|| {
            eprintln!(
                "SIM_PROPERTY_SEED={text:?} is not an integer or \"random\"; using the default"
            );
            DEFAULT_SEED
        }),
    };
    let cases = match std::env::var("SIM_PROPERTY_CASES").as_deref() {
        Err(_) => default_cases,
        Ok(text) => text.parse().unwrap_or_else(|_| {
            eprintln!("SIM_PROPERTY_CASES={text:?} is not a count; using {default_cases}");
            default_cases
        }),
    };
    eprintln!("SIM_PROPERTY_SEED={seed} SIM_PROPERTY_CASES={cases}");
    PropertyBudget { seed, cases }
}

fn parse_u64(text: &str) -> Option<u64> {
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

fn random_seed() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::process::id())
}

/// The generator the property tests draw their inputs from.
pub use crate::rng::SplitMix64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse_in_decimal_and_hex() {
        assert_eq!(parse_u64("42"), Some(42));
        assert_eq!(parse_u64("0x2a"), Some(42));
        assert_eq!(parse_u64("lots"), None);
    }

    #[test]
    fn splitmix_is_repeatable_and_spreads() {
        let a: Vec<u64> = (0..4)
            .scan(SplitMix64::new(7), |g, _| Some(g.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(SplitMix64::new(7), |g, _| Some(g.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
        let mut g = SplitMix64::new(1);
        assert!((0..1000).all(|_| g.below(10) < 10));
    }
}
