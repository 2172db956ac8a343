//! gem5's stat display flags, and the description of one vector stat.

/// How a stat is printed (gem5's `statistics::total`, `pdf`, `cdf`, `nozero`,
/// `nonan`). Flags only change the text output: every stat is still recorded.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatFlags(u16);

impl StatFlags {
    /// No flags: every line is printed.
    pub const NONE: StatFlags = StatFlags(0);
    /// Vectors print a `::total` line.
    pub const TOTAL: StatFlags = StatFlags(1 << 0);
    /// Vector elements carry their share of the total (the pdf column).
    pub const PDF: StatFlags = StatFlags(1 << 1);
    /// Vector elements carry the running sum of shares (the cdf column).
    pub const CDF: StatFlags = StatFlags(1 << 2);
    /// gem5's `dist` flag (no effect on the text output).
    pub const DIST: StatFlags = StatFlags(1 << 3);
    /// Lines whose value is zero are left out; a vector whose total is zero prints
    /// only what its other flags ask for; a distribution without samples, nothing.
    pub const NOZERO: StatFlags = StatFlags(1 << 4);
    /// Lines whose value is NaN are left out.
    pub const NONAN: StatFlags = StatFlags(1 << 5);

    /// True if any bit of `other` is set (gem5's `Flags::isSet`).
    #[inline]
    pub const fn any(self, other: StatFlags) -> bool {
        self.0 & other.0 != 0
    }

    /// Both sets of flags.
    pub const fn with(self, other: StatFlags) -> StatFlags {
        StatFlags(self.0 | other.0)
    }

    /// These flags without those of `other`.
    pub const fn without(self, other: StatFlags) -> StatFlags {
        StatFlags(self.0 & !other.0)
    }

    /// Whether a line holding `value` is printed under these flags.
    pub fn shows(self, value: f64) -> bool {
        !((self.any(StatFlags::NOZERO) && value == 0.0)
            || (self.any(StatFlags::NONAN) && value.is_nan()))
    }
}

impl std::ops::BitOr for StatFlags {
    type Output = StatFlags;
    fn bitor(self, rhs: StatFlags) -> StatFlags {
        self.with(rhs)
    }
}

/// One vector stat as handed to [`StatVisitor::vector_stat`](super::StatVisitor::vector_stat).
///
/// Built with [`VectorStat::new`] (total = sum of the values, no flags) and the
/// builder methods.
#[derive(Copy, Clone, Debug)]
pub struct VectorStat<'a> {
    /// Element values.
    pub values: &'a [f64],
    /// One name per element (empty: the element is hidden); `None`: indices.
    pub subnames: Option<&'a [&'a str]>,
    /// The `::total` value.
    pub total: f64,
    /// Display flags.
    pub flags: StatFlags,
    /// Fixed number of decimals, if any.
    pub precision: Option<u8>,
}

impl<'a> VectorStat<'a> {
    /// A vector of `values` whose total is their sum.
    pub fn new(values: &'a [f64]) -> Self {
        VectorStat {
            values,
            subnames: None,
            total: values.iter().sum(),
            flags: StatFlags::NONE,
            precision: None,
        }
    }
    /// Name the elements.
    pub fn subnames(mut self, names: &'a [&'a str]) -> Self {
        self.subnames = Some(names);
        self
    }
    /// Set the display flags.
    pub fn flags(mut self, flags: StatFlags) -> Self {
        self.flags = flags;
        self
    }
    /// Set the total (a formula vector's total is the formula over totals).
    pub fn total(mut self, total: f64) -> Self {
        self.total = total;
        self
    }
    /// Fix the number of decimals.
    pub fn precision(mut self, precision: u8) -> Self {
        self.precision = Some(precision);
        self
    }
}
