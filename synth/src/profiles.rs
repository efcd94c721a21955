//! Deterministic, clearly fictional matching profiles for the example program's
//! `mentorkit match`: mentors and mentees with the columns its criteria and rules read.
//!
//! The names are invented (first names with made-up surnames) and every manager id is a
//! placeholder. The pool is shaped to show every kind of outcome: most mentees find a good
//! mentor, a few mentors are their mentee's manager or share one, one mentee works only the
//! shift no mentor works (no mentor meets the rules), and there is one place fewer than there
//! are mentees (someone is left for capacity).

use std::fmt::Write as _;

use super::Rng;

/// How many of each, and the seed.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub mentees: usize,
    pub mentors: usize,
    /// Each mentor takes between these many mentees (inclusive).
    pub capacity: (u32, u32),
    /// Trim the capacities to fewer places than mentees, so that someone is left for
    /// capacity (the example's pool); off for benchmarks.
    pub fewer_places: bool,
    pub seed: u64,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            mentees: 60,
            mentors: 30,
            capacity: (1, 3),
            fewer_places: true,
            seed: 7,
        }
    }
}

const FIRST: &[&str] = &[
    "Avery", "Blair", "Camille", "Dara", "Eitan", "Farah", "Gideon", "Hollis", "Imani", "Jules",
    "Kenji", "Lior", "Marisol", "Nico", "Oona", "Priya", "Quinn", "Rafael", "Saoirse", "Tobin",
    "Uma", "Vesna", "Wren", "Xavi", "Yara", "Zeke",
];
const LAST: &[&str] = &[
    "Ashgrove",
    "Brightwater",
    "Cinderfield",
    "Dunmere",
    "Elmsworth",
    "Fernhollow",
    "Glimmerton",
    "Hazelbrook",
    "Ivorydale",
    "Juniperly",
    "Kestrelmoor",
    "Larkspur",
    "Mistvale",
    "Nettlecombe",
    "Oakhaven",
    "Pebbleford",
    "Quillby",
    "Rushmere",
    "Silverbirch",
    "Thistlewood",
];
const DISCIPLINES: &[&str] = &[
    "physiotherapy",
    "occupational-therapy",
    "speech-language-pathology",
    "radiography",
    "respiratory-therapy",
    "dietetics",
    "pharmacy",
    "social-work",
];
const GOALS: &[&str] = &[
    "clinical-specialty",
    "new-modality",
    "education",
    "leadership",
    "research",
    "quality-improvement",
];
const MENTEE_EXPERIENCE: &[&str] = &["new-graduate", "under-3-years", "3-to-5-years"];
const MENTOR_EXPERIENCE: &[&str] = &["6-to-10-years", "11-to-15-years", "over-15-years"];
const SHIFTS: &[&str] = &["days", "evenings", "weekends"];
const CAMPUSES: &[&str] = &["riverbend-main", "north-valley", "lakeside"];
const STYLES: &[&str] = &["challenge", "sounding-board", "structured"];
const MANAGERS: usize = 12;

/// `mentors.csv`: id, name, capacity and the columns the example's criteria and rules read.
pub fn mentors_csv(options: &PoolOptions) -> String {
    let mut rng = Rng(options.seed ^ 0x6d65_6e74_6f72);
    let capacities = capacities(&mut rng, options);
    let mut out = String::from(
        "id,name,discipline,experience_in,experience,shifts,campus,style,manager,capacity\n",
    );
    for (i, capacity) in capacities.iter().enumerate() {
        let goals = some_of(&mut rng, GOALS, 1, 3);
        let _ = writeln!(
            out,
            "mr-{:03},{},{},{},{},{},{},{},mgr-{:02},{capacity}",
            i + 1,
            name(&mut rng),
            rng.pick(DISCIPLINES),
            goals,
            rng.pick(MENTOR_EXPERIENCE),
            some_of(&mut rng, SHIFTS, 1, 2),
            rng.pick(CAMPUSES),
            rng.pick(STYLES),
            1 + rng.below(MANAGERS),
        );
    }
    out
}

/// `mentees.csv`: id, name and the columns the example's criteria and rules read. A few
/// mentees' manager is a mentor; the last one works nights only.
pub fn mentees_csv(options: &PoolOptions) -> String {
    let mut rng = Rng(options.seed ^ 0x6d65_6e74_6565);
    let mut out =
        String::from("id,name,discipline,career_goals,experience,shifts,campus,style,manager\n");
    for i in 0..options.mentees {
        let last = i + 1 == options.mentees;
        let manager = if i % 9 == 4 && options.mentors > 0 {
            format!("mr-{:03}", 1 + rng.below(options.mentors))
        } else {
            format!("mgr-{:02}", 1 + rng.below(MANAGERS))
        };
        let shifts = if last {
            "nights".to_string()
        } else {
            some_of(&mut rng, SHIFTS, 1, 2)
        };
        let _ = writeln!(
            out,
            "me-{:03},{},{},{},{},{shifts},{},{},{manager}",
            i + 1,
            name(&mut rng),
            rng.pick(DISCIPLINES),
            some_of(&mut rng, GOALS, 1, 3),
            rng.pick(MENTEE_EXPERIENCE),
            rng.pick(CAMPUSES),
            rng.pick(STYLES),
        );
    }
    out
}

/// Each mentor's capacity, trimmed (with `fewer_places`) so that the places are fewer than
/// the mentees.
fn capacities(rng: &mut Rng, options: &PoolOptions) -> Vec<u32> {
    let (min, max) = options.capacity;
    let mut capacities: Vec<u32> = (0..options.mentors)
        .map(|_| min + rng.below((max.max(min) - min + 1) as usize) as u32)
        .collect();
    if !options.fewer_places {
        return capacities;
    }
    let wanted = options.mentees.saturating_sub(1) as u32;
    let mut total: u32 = capacities.iter().sum();
    let mut i = 0;
    while total > wanted && capacities.iter().any(|&c| c > 1) {
        if capacities[i] > 1 {
            capacities[i] -= 1;
            total -= 1;
        }
        i = (i + 1) % capacities.len();
    }
    capacities
}

fn name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// Between `min` and `max` different items, in the list's order, separated by `;`.
fn some_of(rng: &mut Rng, items: &[&str], min: usize, max: usize) -> String {
    let count = min + rng.below(max - min + 1);
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count.min(items.len()) {
        let pick = rng.below(items.len());
        if !chosen.contains(&pick) {
            chosen.push(pick);
        }
    }
    chosen.sort_unstable();
    chosen
        .iter()
        .map(|&i| items[i])
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_is_the_same_every_time_and_has_fewer_places_than_mentees() {
        let options = PoolOptions::default();
        assert_eq!(mentors_csv(&options), mentors_csv(&options));
        assert_eq!(mentees_csv(&options).lines().count(), 61);
        let places: u32 = mentors_csv(&options)
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse::<u32>().unwrap())
            .sum();
        assert!(places < 60, "{places}");
        let exact = PoolOptions {
            capacity: (3, 3),
            fewer_places: false,
            ..options
        };
        assert!(
            mentors_csv(&exact)
                .lines()
                .skip(1)
                .all(|l| l.ends_with(",3"))
        );
    }
}
