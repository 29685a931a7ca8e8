//! Net Promoter Score maths.
//!
//! Promoters rate 9–10, passives 7–8, detractors 0–6.
//! NPS = % promoters − % detractors, from −100 to 100; there is none
//! without at least one rating.

use serde::{Deserialize, Serialize};

/// The category of one rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    Detractor,
    Passive,
    Promoter,
}

impl Category {
    /// The category of a 0–10 rating; `None` outside that range.
    pub fn of(rating: u8) -> Option<Category> {
        match rating {
            0..=6 => Some(Category::Detractor),
            7 | 8 => Some(Category::Passive),
            9 | 10 => Some(Category::Promoter),
            _ => None,
        }
    }
}

/// Counts and NPS of a set of ratings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NpsTally {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Sum of all ratings, for the average.
    pub rating_sum: u64,
}

impl NpsTally {
    pub fn add(&mut self, rating: u8) {
        match Category::of(rating) {
            Some(Category::Promoter) => self.promoters += 1,
            Some(Category::Passive) => self.passives += 1,
            Some(Category::Detractor) => self.detractors += 1,
            None => return,
        }
        self.rating_sum += u64::from(rating);
    }

    pub fn from_ratings(ratings: impl IntoIterator<Item = u8>) -> Self {
        let mut t = NpsTally::default();
        ratings.into_iter().for_each(|r| t.add(r));
        t
    }

    pub fn rated(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// NPS from −100 to 100, unrounded; `None` without ratings.
    pub fn nps(&self) -> Option<f64> {
        let n = self.rated();
        (n > 0).then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / n as f64)
    }

    pub fn average_rating(&self) -> Option<f64> {
        let n = self.rated();
        (n > 0).then(|| self.rating_sum as f64 / n as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_have_the_standard_boundaries() {
        let cats: Vec<_> = (0..=11).map(Category::of).collect();
        assert_eq!(cats[..7], [Some(Category::Detractor); 7]);
        assert_eq!(cats[7..9], [Some(Category::Passive); 2]);
        assert_eq!(cats[9..11], [Some(Category::Promoter); 2]);
        assert_eq!(cats[11], None);
    }

    #[test]
    fn nps_is_percent_promoters_minus_percent_detractors() {
        // 3 promoters, 1 passive, 2 detractors: (3 - 2) / 6 = 16.67
        let t = NpsTally::from_ratings([10, 9, 9, 8, 6, 0]);
        assert_eq!((t.promoters, t.passives, t.detractors), (3, 1, 2));
        let nps = t.nps().unwrap();
        assert!((nps - 100.0 / 6.0).abs() < 1e-9, "{nps}");
        assert!((t.average_rating().unwrap() - 42.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn nps_extremes_and_none() {
        assert_eq!(NpsTally::from_ratings([10, 9]).nps(), Some(100.0));
        assert_eq!(NpsTally::from_ratings([0, 6, 3]).nps(), Some(-100.0));
        assert_eq!(NpsTally::from_ratings([7, 8]).nps(), Some(0.0));
        assert_eq!(NpsTally::from_ratings([]).nps(), None);
        assert_eq!(NpsTally::from_ratings([]).average_rating(), None);
    }

    #[test]
    fn out_of_range_ratings_are_not_counted() {
        let t = NpsTally::from_ratings([11, 200, 10]);
        assert_eq!(t.rated(), 1);
        assert_eq!(t.nps(), Some(100.0));
    }
}
