//! The few statistics the report needs, written out so each can be checked by hand: mean,
//! median, and 95% confidence intervals for a difference of means (Welch's, for two separate
//! groups; paired, where respondent ids link the answers) and of proportions (Wald).
//!
//! The t quantiles come from a table (two-sided 95%, the usual printed values) with linear
//! interpolation in 1/df between its rows above 30 degrees of freedom; the error against the
//! exact quantile is below 0.001.

/// The arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The median (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    })
}

/// The sample variance (n - 1 in the denominator).
pub fn variance(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    (values.len() > 1)
        .then(|| values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len() - 1) as f64)
}

/// Two-sided 95% t quantiles for 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// Beyond 30: (degrees of freedom, quantile), the last row being the normal's 1.960.
const T_975_LARGE: [(f64, f64); 6] = [
    (30.0, 2.042),
    (40.0, 2.021),
    (60.0, 2.000),
    (120.0, 1.980),
    (1.0e9, 1.960),
    (f64::INFINITY, 1.960),
];

/// The two-sided 95% quantile of Student's t with `df` degrees of freedom (`df` may be
/// fractional, as Welch's is: it is rounded down below 30, the cautious side).
pub fn t_975(df: f64) -> f64 {
    // Below 1 (or not a number): the first row, the widest interval.
    if df.is_nan() || df < 1.0 {
        return T_975[0];
    }
    if df < 30.0 {
        return T_975[(df.floor() as usize).clamp(1, 30) - 1];
    }
    for pair in T_975_LARGE.windows(2) {
        let ((d0, t0), (d1, t1)) = (pair[0], pair[1]);
        if df <= d1 {
            let (x0, x1, x) = (1.0 / d0, 1.0 / d1, 1.0 / df);
            return t0 + (t1 - t0) * (x - x0) / (x1 - x0);
        }
    }
    1.960
}

/// A difference and its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub difference: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    fn around(difference: f64, half: f64) -> Self {
        Interval {
            difference,
            low: difference - half,
            high: difference + half,
        }
    }
}

/// `after` minus `before` for two separate groups (Welch's t interval).
pub fn welch(before: &[f64], after: &[f64]) -> Option<Interval> {
    let (m1, m2) = (mean(before)?, mean(after)?);
    let (v1, v2) = (variance(before)?, variance(after)?);
    let (n1, n2) = (before.len() as f64, after.len() as f64);
    let (a, b) = (v1 / n1, v2 / n2);
    let se = (a + b).sqrt();
    let df = if a + b > 0.0 {
        (a + b).powi(2) / (a * a / (n1 - 1.0) + b * b / (n2 - 1.0))
    } else {
        n1 + n2 - 2.0
    };
    Some(Interval::around(m2 - m1, t_975(df) * se))
}

/// The mean of paired differences (after minus before, one per person) and its t interval.
pub fn paired(differences: &[f64]) -> Option<Interval> {
    let m = mean(differences)?;
    let v = variance(differences)?;
    let n = differences.len() as f64;
    Some(Interval::around(m, t_975(n - 1.0) * (v / n).sqrt()))
}

/// `x2/n2` minus `x1/n1`, in percentage points, with the Wald 95% interval.
pub fn proportions(x1: usize, n1: usize, x2: usize, n2: usize) -> Option<Interval> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let se = (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt();
    let interval = Interval::around(p2 - p1, 1.959_964 * se);
    Some(Interval {
        difference: interval.difference * 100.0,
        low: interval.low * 100.0,
        high: interval.high * 100.0,
    })
}

/// A share in whole percent, rounded half away from zero.
pub fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// A figure as the report writes it: `decimals` places, rounded half away from zero, with a
/// true minus sign and never `-0`.
pub fn shown(value: f64, decimals: usize) -> String {
    let factor = 10f64.powi(decimals as i32);
    let rounded = (value * factor).round() / factor;
    let text = format!("{:.*}", decimals, rounded.abs());
    if rounded < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_medians_and_variances_by_hand() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(
            variance(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),
            Some(32.0 / 7.0)
        );
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn t_quantiles_match_the_printed_tables() {
        assert_eq!(t_975(1.0), 12.706);
        assert_eq!(t_975(9.7), 2.262);
        assert!((t_975(50.0) - 2.009).abs() < 0.002, "{}", t_975(50.0));
        assert!((t_975(100.0) - 1.984).abs() < 0.002, "{}", t_975(100.0));
        assert!((t_975(1.0e6) - 1.960).abs() < 0.001);
    }

    #[test]
    fn intervals_by_hand() {
        // Two groups of three: means 2 and 4, variances 1 and 1; se = sqrt(2/3), df = 4.
        let i = welch(&[1.0, 2.0, 3.0], &[3.0, 4.0, 5.0]).unwrap();
        assert_eq!(i.difference, 2.0);
        assert!((i.high - (2.0 + 2.776 * (2.0f64 / 3.0).sqrt())).abs() < 1e-9);
        // Paired: differences 1, 2, 3: mean 2, sd 1, se 1/sqrt 3, df 2.
        let p = paired(&[1.0, 2.0, 3.0]).unwrap();
        assert!((p.low - (2.0 - 4.303 / 3f64.sqrt())).abs() < 1e-9);
        // 50% of 100 against 60% of 100.
        let q = proportions(50, 100, 60, 100).unwrap();
        assert!((q.difference - 10.0).abs() < 1e-9);
        let se = (0.25f64 / 100.0 + 0.24 / 100.0).sqrt();
        assert!((q.high - (10.0 + 195.9964 * se)).abs() < 1e-6);
    }

    #[test]
    fn figures_are_rounded_half_away_from_zero_without_negative_zero() {
        assert_eq!(shown(2.345, 1), "2.3"); // 2.345 is 2.34499… in binary
        assert_eq!(shown(62.5, 0), "63");
        assert_eq!(shown(-0.04, 1), "0.0");
        assert_eq!(shown(-1.25, 1), "\u{2212}1.3");
    }
}
