//! City search for the picker: Chinese characters, full pinyin and pinyin initials.
//!
//! Our own code because ranking is the product here (rule 2): a resident typing `cq`,
//! `chongqing`, `Chong Qing` or `重庆` must see 重庆市 first, and a resident typing `sh`
//! must see 上海市 before 绥化市. The query is folded by [`crate::text::fold_query`], so
//! case, spaces, apostrophes and full-width letters do not matter.
//!
//! Ranking, best first:
//! 1. the name, with or without its suffix, is the query (`重庆`, `重庆市`);
//! 2. the pinyin or the initials of the name without its suffix, or the English name, are
//!    the query (`chongqing`, `cq`, `harbin`);
//! 3. the name, its full pinyin, its initials or its English name start with the query
//!    (`chongq`, `cqs`, `yanbian korean`);
//! 4. the name contains the query, or the pinyin or the initials do from a syllable start
//!    (`qing`, `qs`; `cs` finds 长春市 by 春市 as well as 长沙市 by tier 2). The match must
//!    start inside the name's stem: the suffix 市, 县, 地区 ... alone never matches, or `sh`
//!    (shi) and `xian` (县) would list hundreds of cities.
//!
//! Among equal matches a launch city comes first (in launch order), then pinyin order.

use crate::city::City;
use crate::text::fold_query;

/// A city prepared for searching: folded forms computed once, not per keystroke.
#[derive(Debug, Clone)]
pub struct IndexedCity {
    name: String,
    stem: String,
    pinyin: String,
    stem_pinyin: String,
    initials: String,
    stem_initials: String,
    /// [`City::english_name`], folded (`xian`, `harbin`, `yanbiankoreanautonomousprefecture`).
    english: String,
    /// Byte offsets in `pinyin` where a syllable of the stem starts (the suffix's
    /// syllables are left out: a match may run into the suffix but not start there).
    syllable_starts: Vec<usize>,
    /// Number of characters of the stem, the last position where a tier-4 match of the
    /// name or initials may start.
    stem_chars: usize,
    launch_order: Option<u32>,
}

/// The search index over a city list. Build once with [`CityIndex::new`], query with
/// [`CityIndex::search`]. Results are positions in the slice it was built from.
#[derive(Debug, Clone, Default)]
pub struct CityIndex {
    entries: Vec<IndexedCity>,
}

impl CityIndex {
    /// Indexes `cities` (any order; positions are kept).
    pub fn new(cities: &[City]) -> Self {
        let entries = cities
            .iter()
            .map(|c| {
                let syllables: Vec<String> =
                    c.pinyin.iter().map(|s| s.to_ascii_lowercase()).collect();
                let stem_chars = c.stem_pinyin().len().min(syllables.len());
                let mut syllable_starts = Vec::with_capacity(stem_chars);
                let mut pinyin = String::new();
                for (i, s) in syllables.iter().enumerate() {
                    if i < stem_chars {
                        syllable_starts.push(pinyin.len());
                    }
                    pinyin.push_str(s);
                }
                let stem_pinyin: String = c
                    .stem_pinyin()
                    .iter()
                    .map(|s| s.to_ascii_lowercase())
                    .collect();
                let initials_of = |xs: &[String]| -> String {
                    xs.iter()
                        .filter_map(|s| s.chars().next())
                        .map(|c| c.to_ascii_lowercase())
                        .collect()
                };
                IndexedCity {
                    name: fold_query(&c.name),
                    stem: fold_query(c.stem()),
                    pinyin,
                    initials: initials_of(&syllables),
                    stem_initials: initials_of(c.stem_pinyin()),
                    stem_pinyin,
                    english: fold_query(&c.english_name()),
                    syllable_starts,
                    stem_chars,
                    launch_order: c.launch_order,
                }
            })
            .collect();
        CityIndex { entries }
    }

    /// Number of indexed cities.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no city is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Positions of the cities matching `query`, best first. An empty query (after
    /// folding) matches nothing: the picker then shows its full list. Never panics, for any
    /// Unicode input.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let q = fold_query(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                e.rank(&q)
                    .map(|tier| (tier, e.launch_order.unwrap_or(u32::MAX), i))
            })
            .collect();
        // Positions follow the list's own order (pinyin order in cities.json), so sorting
        // by position last keeps pinyin order among equals.
        hits.sort_unstable();
        hits.into_iter().map(|(_, _, i)| i).collect()
    }
}

impl IndexedCity {
    /// The match tier (0 best) of folded query `q`, or `None` when it does not match.
    fn rank(&self, q: &str) -> Option<u8> {
        if q == self.name || q == self.stem {
            Some(0)
        } else if q == self.stem_pinyin || q == self.stem_initials || q == self.english {
            Some(1)
        } else if self.name.starts_with(q)
            || self.pinyin.starts_with(q)
            || self.initials.starts_with(q)
            || self.english.starts_with(q)
        {
            Some(2)
        } else if starts_within(&self.name, q, self.stem_chars)
            || starts_within(&self.initials, q, self.stem_chars)
            || self.syllable_starts.iter().any(|&start| {
                self.pinyin
                    .get(start..)
                    .is_some_and(|rest| rest.starts_with(q))
            })
        {
            Some(3)
        } else {
            None
        }
    }
}

/// Whether `hay` contains `needle` starting at one of its first `chars` characters.
fn starts_within(hay: &str, needle: &str, chars: usize) -> bool {
    hay.char_indices()
        .take(chars)
        .any(|(at, _)| hay[at..].starts_with(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(code: &str, name: &str, pinyin: &str, launch: Option<u32>) -> City {
        City {
            code: code.into(),
            name: name.into(),
            province: String::new(),
            pinyin: pinyin.split(' ').map(String::from).collect(),
            launch_order: launch,
            joined: launch.is_some(),
        }
    }

    fn names(cities: &[City], q: &str) -> Vec<String> {
        CityIndex::new(cities)
            .search(q)
            .into_iter()
            .map(|i| cities[i].name.clone())
            .collect()
    }

    #[test]
    fn tiers_and_launch_tie_break() {
        let cities = vec![
            city("231200", "绥化市", "sui hua shi", None),
            city("440300", "深圳市", "shen zhen shi", Some(3)),
            city("310100", "上海市", "shang hai shi", Some(1)),
            city("500100", "重庆市", "chong qing shi", None),
        ];
        assert_eq!(names(&cities, "sh")[..2], ["上海市", "绥化市"]);
        assert_eq!(names(&cities, "cq"), ["重庆市"]);
        assert_eq!(names(&cities, "qing"), ["重庆市"]);
        assert_eq!(
            names(&cities, "qs"),
            ["重庆市"],
            "initials match from any syllable start"
        );
        assert!(names(&cities, "zhongqing").is_empty());
        assert!(names(&cities, "   ").is_empty());
        assert!(
            names(&cities, "ing").is_empty(),
            "pinyin substrings match only from a syllable start"
        );
        assert_eq!(
            names(&cities, "shi"),
            Vec::<String>::new(),
            "the suffix 市 alone matches no city"
        );
        assert!(names(&cities, "市").is_empty());
        assert_eq!(
            names(&cities, "haishi"),
            ["上海市"],
            "a match may run into the suffix"
        );
        assert_eq!(names(&cities, "海市"), ["上海市"]);
        assert_eq!(names(&cities, "Shanghai"), ["上海市"], "the English name");
    }

    #[test]
    fn english_names_are_searched() {
        let cities = vec![
            city("230100", "哈尔滨市", "ha er bin shi", None),
            city(
                "222400",
                "延边朝鲜族自治州",
                "yan bian chao xian zu zi zhi zhou",
                None,
            ),
        ];
        assert_eq!(names(&cities, "Harbin"), ["哈尔滨市"]);
        assert_eq!(names(&cities, "haerbin"), ["哈尔滨市"]);
        assert_eq!(names(&cities, "Yanbian Korean"), ["延边朝鲜族自治州"]);
        assert!(names(&cities, "korean").is_empty());
    }

    #[test]
    fn suffix_syllables_do_not_match_on_their_own() {
        let cities = vec![
            city("610100", "西安市", "xi an shi", None),
            city("130100", "石家庄市", "shi jia zhuang shi", None),
            city(
                "469025",
                "白沙黎族自治县",
                "bai sha li zu zi zhi xian",
                None,
            ),
            city("220100", "长春市", "chang chun shi", None),
        ];
        assert_eq!(names(&cities, "xi'an"), ["西安市"]);
        assert_eq!(names(&cities, "shi"), ["石家庄市"]);
        assert_eq!(
            names(&cities, "cs"),
            ["长春市"],
            "春市 still matches from 春"
        );
    }
}
