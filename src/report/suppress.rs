//! Small-cell protection. A group with fewer than `min_cell` responses is withheld; and since
//! the total is published, the withheld groups together must hold at least `min_cell` too, or
//! subtracting the published groups from the total would reveal them: the next smallest
//! groups are withheld with them until they do (complementary suppression).

/// Per group, whether it is withheld, given each group's count.
pub fn withheld(counts: &[usize], min_cell: usize) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&n| n > 0 && n < min_cell).collect();
    loop {
        let hidden_total: usize = counts
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(n, _)| n)
            .sum();
        if hidden_total == 0 || hidden_total >= min_cell {
            return hidden;
        }
        // The smallest group still shown (the first of equals, so the result is stable).
        let next = counts
            .iter()
            .enumerate()
            .filter(|&(i, &n)| !hidden[i] && n > 0)
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_small_group_takes_the_next_smallest_with_it() {
        assert_eq!(withheld(&[12, 3, 7, 9], 5), [false, true, true, false]);
        assert_eq!(withheld(&[12, 6, 7], 5), [false, false, false]);
        // Two small groups that together are still too few: a third goes too.
        assert_eq!(withheld(&[1, 2, 9, 8], 5), [true, true, false, true]);
        // Two small groups that together are enough.
        assert_eq!(withheld(&[3, 4, 9], 5), [true, true, false]);
        // Empty groups protect nobody and reveal nothing.
        assert_eq!(withheld(&[0, 8, 2, 6], 5), [false, false, true, true]);
    }

    proptest! {
        #[test]
        fn what_subtraction_reveals_is_never_a_small_group(
            counts in proptest::collection::vec(0usize..12, 1..8),
            min in 3usize..8,
        ) {
            let hidden = withheld(&counts, min);
            let revealed: usize = counts.iter().zip(&hidden).filter(|(_, h)| **h).map(|(n, _)| n).sum();
            let total: usize = counts.iter().sum();
            prop_assert!(revealed == 0 || revealed >= min || revealed == total);
            for (n, h) in counts.iter().zip(&hidden) {
                prop_assert!(*h || *n == 0 || *n >= min);
            }
        }
    }
}
