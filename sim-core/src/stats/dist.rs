//! Histograms with fixed-width buckets, gem5's `Stats::Distribution`.

use serde::{Deserialize, Serialize};

/// A distribution of sampled values over `[min, max]` split into buckets of
/// `bucket_size`, with underflow/overflow counts and running moments.
///
/// Sampling is cheap (a compare, a divide and a few adds), so models may sample on
/// their hot paths. The numbers printed match gem5's for the same samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    min: f64,
    max: f64,
    bucket_size: f64,
    buckets: Vec<u64>,
    underflows: u64,
    overflows: u64,
    min_val: f64,
    max_val: f64,
    sum: f64,
    squares: f64,
    samples: u64,
}

impl Distribution {
    /// A distribution tracking `[min, max]` in buckets of `bucket_size`
    /// (`ceil((max - min + 1) / bucket_size)` buckets, as gem5 computes).
    ///
    /// # Panics
    /// If `bucket_size` is 0 or `max < min`: that is a bug in the model's setup.
    pub fn new(min: i64, max: i64, bucket_size: u64) -> Self {
        assert!(bucket_size > 0, "distribution bucket size must be positive");
        assert!(max >= min, "distribution max ({max}) is below min ({min})");
        let n = ((max - min) as f64 + 1.0) / bucket_size as f64;
        Distribution {
            min: min as f64,
            max: max as f64,
            bucket_size: bucket_size as f64,
            buckets: vec![0; n.ceil() as usize],
            underflows: 0,
            overflows: 0,
            min_val: f64::INFINITY,
            max_val: f64::NEG_INFINITY,
            sum: 0.0,
            squares: 0.0,
            samples: 0,
        }
    }

    /// Record `count` occurrences of `value`.
    #[inline]
    pub fn sample(&mut self, value: f64, count: u64) {
        if value < self.min {
            self.underflows += count;
        } else if value > self.max {
            self.overflows += count;
        } else {
            let i = ((value - self.min) / self.bucket_size).floor() as usize;
            self.buckets[i] += count;
        }
        if value < self.min_val {
            self.min_val = value;
        }
        if value > self.max_val {
            self.max_val = value;
        }
        let n = count as f64;
        self.sum += value * n;
        self.squares += value * value * n;
        self.samples += count;
    }

    /// Forget all samples (the bucket layout stays).
    pub fn reset(&mut self) {
        *self = Distribution::new(self.min as i64, self.max as i64, self.bucket_size as u64);
    }

    /// Lowest tracked value (the first bucket's start).
    pub fn min(&self) -> f64 {
        self.min
    }
    /// Highest tracked value.
    pub fn max(&self) -> f64 {
        self.max
    }
    /// Width of each bucket.
    pub fn bucket_size(&self) -> f64 {
        self.bucket_size
    }
    /// Per-bucket counts, lowest bucket first.
    pub fn buckets(&self) -> &[u64] {
        &self.buckets
    }
    /// Samples below `min`.
    pub fn underflows(&self) -> u64 {
        self.underflows
    }
    /// Samples above `max`.
    pub fn overflows(&self) -> u64 {
        self.overflows
    }
    /// Number of samples taken.
    pub fn samples(&self) -> u64 {
        self.samples
    }
    /// Sum of all sampled values.
    pub fn sum(&self) -> f64 {
        self.sum
    }
    /// Smallest sampled value (0 when there are no samples, as gem5 reports).
    pub fn min_value(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            self.min_val
        }
    }
    /// Largest sampled value (0 when there are no samples).
    pub fn max_value(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            self.max_val
        }
    }
    /// Mean of the samples (NaN when there are none, printed `nan` as gem5 does).
    pub fn mean(&self) -> f64 {
        if self.samples == 0 {
            f64::NAN
        } else {
            self.sum / self.samples as f64
        }
    }
    /// Sample standard deviation, with gem5's formula (NaN for fewer than 2 samples).
    pub fn stdev(&self) -> f64 {
        if self.samples == 0 {
            return f64::NAN;
        }
        let n = self.samples as f64;
        ((n * self.squares - self.sum * self.sum) / (n * (n - 1.0))).sqrt()
    }
    /// Total count over underflows, buckets and overflows (gem5's `::total`).
    pub fn total(&self) -> u64 {
        self.underflows + self.buckets.iter().sum::<u64>() + self.overflows
    }
    /// The inclusive value range `[low, high]` bucket `i` covers.
    pub fn bucket_range(&self, i: usize) -> (f64, f64) {
        let low = i as f64 * self.bucket_size + self.min;
        (low, (low + self.bucket_size - 1.0).min(self.max))
    }
}
