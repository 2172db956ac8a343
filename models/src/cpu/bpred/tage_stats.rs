//! TAGE's provider statistics (gem5's `TAGEBaseStats`, the `tage` group).

use super::tage_base::{Provider, TageBase, TageInfo};
use sim_core::stats::{StatVisitor, Unit};

/// `tage.*` counters (gem5's `TAGEBaseStats`).
#[derive(Clone, Debug, Default)]
pub(super) struct TageStats {
    longest_match_provider_correct: u64,
    alt_match_provider_correct: u64,
    bimodal_alt_match_provider_correct: u64,
    bimodal_provider_correct: u64,
    longest_match_provider_wrong: u64,
    alt_match_provider_wrong: u64,
    bimodal_alt_match_provider_wrong: u64,
    bimodal_provider_wrong: u64,
    alt_match_provider_would_have_hit: u64,
    longest_match_provider_would_have_hit: u64,
    longest_match_provider: Vec<u64>,
    alt_match_provider: Vec<u64>,
}

impl TageStats {
    pub(super) fn new(n: usize) -> Self {
        TageStats {
            longest_match_provider: vec![0; n + 1],
            alt_match_provider: vec![0; n + 1],
            ..TageStats::default()
        }
    }
}

impl TageBase {
    /// Count which table provided a committed prediction (gem5's `updateStats`).
    pub fn update_stats(&mut self, taken: bool, bi: &TageInfo) {
        let s = &mut self.stats;
        if taken == bi.tage_pred {
            match bi.provider {
                Provider::BimodalOnly => s.bimodal_provider_correct += 1,
                Provider::LongestMatch => s.longest_match_provider_correct += 1,
                Provider::BimodalAltMatch => s.bimodal_alt_match_provider_correct += 1,
                Provider::AltMatch => s.alt_match_provider_correct += 1,
            }
        } else {
            match bi.provider {
                Provider::BimodalOnly => s.bimodal_provider_wrong += 1,
                Provider::LongestMatch => {
                    s.longest_match_provider_wrong += 1;
                    if bi.alt_taken == taken {
                        s.alt_match_provider_would_have_hit += 1;
                    }
                }
                Provider::BimodalAltMatch => s.bimodal_alt_match_provider_wrong += 1,
                Provider::AltMatch => s.alt_match_provider_wrong += 1,
            }
            if matches!(bi.provider, Provider::BimodalAltMatch | Provider::AltMatch)
                && bi.longest_match_pred == taken
            {
                s.longest_match_provider_would_have_hit += 1;
            }
        }
        if matches!(bi.provider, Provider::LongestMatch | Provider::AltMatch) {
            s.longest_match_provider[bi.hit_bank] += 1;
            s.alt_match_provider[bi.alt_bank] += 1;
        }
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        self.stats = TageStats::new(self.n);
    }

    /// Report the `tage` group (gem5's names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let s = &self.stats;
        let c = Unit::Count;
        v.begin_group("tage");
        let lm = "TAGE Longest Match is the provider";
        let am = "TAGE Alt Match is the provider";
        let scalars = [
            ("longestMatchProviderCorrect", s.longest_match_provider_correct, format!("Number of times {lm} and the prediction is correct")),
            ("altMatchProviderCorrect", s.alt_match_provider_correct, format!("Number of times {am} and the prediction is correct")),
            ("bimodalAltMatchProviderCorrect", s.bimodal_alt_match_provider_correct, "Number of times TAGE Alt Match is the bimodal and it is the provider and the prediction is correct".into()),
            ("bimodalProviderCorrect", s.bimodal_provider_correct, "Number of times there are no hits on the TAGE tables and the bimodal prediction is correct".into()),
            ("longestMatchProviderWrong", s.longest_match_provider_wrong, format!("Number of times {lm} and the prediction is wrong")),
            ("altMatchProviderWrong", s.alt_match_provider_wrong, format!("Number of times {am} and the prediction is wrong")),
            ("bimodalAltMatchProviderWrong", s.bimodal_alt_match_provider_wrong, "Number of times TAGE Alt Match is the bimodal and it is the provider and the prediction is wrong".into()),
            ("bimodalProviderWrong", s.bimodal_provider_wrong, "Number of times there are no hits on the TAGE tables and the bimodal prediction is wrong".into()),
            ("altMatchProviderWouldHaveHit", s.alt_match_provider_would_have_hit, format!("Number of times {lm}, the prediction is wrong and Alt Match prediction was correct")),
            ("longestMatchProviderWouldHaveHit", s.longest_match_provider_would_have_hit, format!("Number of times {am}, the prediction is wrong and Longest Match prediction was correct")),
        ];
        for (name, value, desc) in scalars {
            v.scalar(name, value as f64, &desc, c);
        }
        v.vector_u64(
            "longestMatchProvider",
            &s.longest_match_provider,
            None,
            "TAGE provider for longest match",
            c,
        );
        v.vector_u64(
            "altMatchProvider",
            &s.alt_match_provider,
            None,
            "TAGE provider for alt match",
            c,
        );
        v.end_group();
    }
}
