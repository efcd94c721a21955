//! The assignment: over the whole pool at once, first as many mentees matched as the rules and
//! capacities allow, then the highest total score among those assignments.
//!
//! This is a maximum-weight matching (the Hungarian algorithm, `pathfinding`'s
//! `kuhn_munkres`) between mentees and mentor places, a mentor with capacity 3 being three
//! places. Each allowed pair weighs its score plus a bonus larger than any total score, so one
//! more matched mentee always outweighs any gain in score; a pair the rules forbid weighs 0,
//! the same as leaving the mentee unmatched. People come sorted by id, so equal totals are
//! broken the same way on every run.

use pathfinding::kuhn_munkres::{Weights, kuhn_munkres};

/// The scores the assignment chooses from.
pub struct Pool<'a> {
    /// Per mentee, per mentor: the pair's score, or `None` where the rules forbid it.
    pub scores: &'a [Vec<Option<i64>>],
    /// Per mentor: how many more mentees they may take.
    pub capacity: &'a [u32],
}

/// Per mentee, the mentor they are matched with, if any.
pub fn assign(pool: &Pool) -> Vec<Option<usize>> {
    let mentees = pool.scores.len();
    if mentees == 0 {
        return Vec::new();
    }
    let places = places(pool);
    let best = pool
        .scores
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(0);
    let weights = PlaceWeights {
        pool,
        columns: places.len().max(mentees),
        places,
        bonus: i128::from(best) * mentees as i128 + 1,
        sign: 1,
    };
    let (_, columns) = kuhn_munkres(&weights);
    columns
        .into_iter()
        .enumerate()
        .map(|(mentee, column)| {
            let mentor = *weights.places.get(column)?;
            pool.scores[mentee][mentor].map(|_| mentor)
        })
        .collect()
}

/// One entry per place a mentor offers, naming the mentor. A mentor never needs more places
/// than there are mentees they may take, which keeps the matrix small.
fn places(pool: &Pool) -> Vec<usize> {
    let mentors = pool.capacity.len();
    (0..mentors)
        .flat_map(|mentor| {
            let takers = pool.scores.iter().filter(|s| s[mentor].is_some()).count();
            let places = (pool.capacity[mentor] as usize).min(takers);
            std::iter::repeat_n(mentor, places)
        })
        .collect()
}

/// The weight matrix, computed on demand from the scores: a mentee (row) against a place
/// (column). Columns past the places, there when places are fewer than mentees, stand for
/// "unmatched".
#[derive(Clone)]
struct PlaceWeights<'a> {
    pool: &'a Pool<'a>,
    places: Vec<usize>,
    columns: usize,
    bonus: i128,
    sign: i128,
}

impl Weights<i128> for PlaceWeights<'_> {
    fn rows(&self) -> usize {
        self.pool.scores.len()
    }

    fn columns(&self) -> usize {
        self.columns
    }

    fn at(&self, row: usize, col: usize) -> i128 {
        let weight = self
            .places
            .get(col)
            .and_then(|&mentor| self.pool.scores[row][mentor])
            .map_or(0, |score| self.bonus + i128::from(score));
        self.sign * weight
    }

    fn neg(&self) -> Self {
        PlaceWeights {
            sign: -self.sign,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The best (matched count, total score) over every assignment, by trying them all.
    fn brute_force(scores: &[Vec<Option<i64>>], capacity: &mut [u32], from: usize) -> (usize, i64) {
        if from == scores.len() {
            return (0, 0);
        }
        let mut best = brute_force(scores, capacity, from + 1);
        for mentor in 0..capacity.len() {
            if let (Some(score), true) = (scores[from][mentor], capacity[mentor] > 0) {
                capacity[mentor] -= 1;
                let (count, total) = brute_force(scores, capacity, from + 1);
                capacity[mentor] += 1;
                best = best.max((count + 1, total + score));
            }
        }
        best
    }

    fn outcome(scores: &[Vec<Option<i64>>], assigned: &[Option<usize>]) -> (usize, i64) {
        let pairs = assigned
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((i, (*m)?)));
        pairs.fold((0, 0), |(count, total), (i, m)| {
            (count + 1, total + scores[i][m].unwrap())
        })
    }

    fn pools() -> impl Strategy<Value = (Vec<Vec<Option<i64>>>, Vec<u32>)> {
        (1usize..6, 1usize..4).prop_flat_map(|(mentees, mentors)| {
            let score = prop_oneof![1 => Just(None), 3 => (0i64..100).prop_map(Some)];
            (
                proptest::collection::vec(proptest::collection::vec(score, mentors), mentees),
                proptest::collection::vec(0u32..3, mentors),
            )
        })
    }

    proptest! {
        #[test]
        fn the_assignment_is_as_good_as_the_best_of_every_assignment((scores, capacity) in pools()) {
            let assigned = assign(&Pool { scores: &scores, capacity: &capacity });
            let mut remaining = capacity.clone();
            prop_assert_eq!(outcome(&scores, &assigned), brute_force(&scores, &mut remaining, 0));
            for (mentor, places) in capacity.iter().enumerate() {
                let used = assigned.iter().filter(|m| **m == Some(mentor)).count();
                prop_assert!(used <= *places as usize, "capacity of {} exceeded", mentor);
            }
            for (mentee, mentor) in assigned.iter().enumerate() {
                if let Some(mentor) = mentor {
                    prop_assert!(scores[mentee][*mentor].is_some(), "a forbidden pair was proposed");
                }
            }
        }
    }

    #[test]
    fn one_more_matched_mentee_outweighs_a_higher_score() {
        // Alone, mentee 0 would take mentor 0 (90); both are matched only if it takes mentor 1.
        let scores = vec![vec![Some(90), Some(10)], vec![Some(50), None]];
        let assigned = assign(&Pool {
            scores: &scores,
            capacity: &[1, 1],
        });
        assert_eq!(assigned, [Some(1), Some(0)]);
    }

    #[test]
    fn nobody_is_matched_without_places_or_allowed_pairs() {
        let scores = vec![vec![Some(5), None], vec![None, None]];
        assert_eq!(
            assign(&Pool {
                scores: &scores,
                capacity: &[0, 3]
            }),
            [None, None]
        );
        assert!(
            assign(&Pool {
                scores: &[],
                capacity: &[1]
            })
            .is_empty()
        );
    }
}
