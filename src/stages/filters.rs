//! Stage 8, the document filters, as one list: [`FILTERS`]. Each entry names its setting, the
//! reason its removals are recorded under, what it compares with the setting and what it
//! removes. The build's verdicts ([`judge`]), the dry-run report ([`Tally`]) and the README's
//! table of filters are derived from the list (a test fails when the README drifts), so a new
//! filter is one entry here, its setting in `Config`, and its reason in `DropReason`.

use crate::base::config::Config;
use crate::base::doc::DropReason;
use crate::stages::quality::Measures;

/// The filters, in the order the build applies them: the first that fails removes the
/// document. They are ordered by what they need to know ([`Facts`]), cheapest first, so that
/// the costlier facts are gathered only for documents that pass the cheaper filters.
pub static FILTERS: [Filter; 6] = [
    Filter {
        key: "min_chars",
        reason: DropReason::TooShort,
        test: Test::Count {
            count: |facts| Some(facts.chars),
            unit: "characters",
        },
        setting: |config| Bound::AtLeast(config.min_chars),
        suggested: None,
        removes: "documents with fewer characters (Unicode scalar values, after cleaning)",
    },
    Filter {
        key: "quality.min_words",
        reason: DropReason::TooFewWords,
        test: Test::Count {
            count: |facts| facts.measures.map(|m| m.words),
            unit: "words",
        },
        setting: |config| Bound::AtLeast(config.quality.min_words),
        suggested: Some(Bound::AtLeast(50)),
        removes: "documents with fewer words",
    },
    Filter {
        key: "quality.max_non_letter_share",
        reason: DropReason::NonLetter,
        test: Test::Share {
            share: |m| m.non_letter_share,
            of_what: "of characters are not letters",
        },
        setting: |config| Bound::AtMost(config.quality.max_non_letter_share),
        suggested: Some(Bound::AtMost(0.5)),
        removes: "documents where more than this share of the non-space characters are not letters",
    },
    Filter {
        key: "quality.max_dup_line_share",
        reason: DropReason::RepeatedLines,
        test: Test::Share {
            share: |m| m.dup_line_share,
            of_what: "of lines are repeats",
        },
        setting: |config| Bound::AtMost(config.quality.max_dup_line_share),
        suggested: Some(Bound::AtMost(0.3)),
        removes: "documents where more than this share of the lines repeat another line of the \
                  document (Gopher)",
    },
    Filter {
        key: "quality.max_dup_ngram_share",
        reason: DropReason::RepeatedNgrams,
        test: Test::Share {
            share: |m| m.dup_ngram_share,
            of_what: "of characters in repeated 5-grams",
        },
        setting: |config| Bound::AtMost(config.quality.max_dup_ngram_share),
        suggested: Some(Bound::AtMost(0.15)),
        removes: "documents where more than this share of the characters are in word 5-grams \
                  that occur more than once (Gopher)",
    },
    Filter {
        key: "langs",
        reason: DropReason::Language,
        test: Test::Language,
        setting: |config| Bound::OneOf(&config.langs),
        suggested: None,
        removes: "documents whose language is not in this list",
    },
];

/// One document filter.
pub struct Filter {
    /// Its setting's key in the TOML config (`quality.min_words`).
    pub key: &'static str,
    /// The reason its removals are recorded under in `removed/`.
    pub reason: DropReason,
    pub test: Test,
    /// Its setting, read from a config; the default setting keeps every document.
    pub setting: fn(&Config) -> Bound<'_>,
    /// The setting `--dry-run` reports it at while it is off, to show what turning it on would
    /// remove; a filter without one is not in that report.
    pub suggested: Option<Bound<'static>>,
    /// What it removes, as the README's table of filters says.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the test that checks the README's table")
    )]
    pub removes: &'static str,
}

/// What a filter compares with its setting, and how it words a removal's detail.
pub enum Test {
    /// A count of `unit`s, which fails below an [`Bound::AtLeast`].
    Count {
        count: fn(&Facts) -> Option<u64>,
        unit: &'static str,
    },
    /// A quality measure, a share, which fails above an [`Bound::AtMost`].
    Share {
        share: fn(&Measures) -> f64,
        of_what: &'static str,
    },
    /// The document's language, which fails outside a non-empty [`Bound::OneOf`].
    Language,
}

/// A filter's setting: what a document must reach to be kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound<'a> {
    /// At least this many (0 keeps every document).
    AtLeast(u64),
    /// At most this share (1.0 keeps every document).
    AtMost(f64),
    /// One of these languages (none listed keeps every document).
    OneOf(&'a [String]),
}

impl Bound<'_> {
    /// The bound as the dry-run report shows it; a list of languages is not a number.
    pub fn number(&self) -> Option<f64> {
        match *self {
            Bound::AtLeast(n) => Some(n as f64),
            Bound::AtMost(share) => Some(share),
            Bound::OneOf(_) => None,
        }
    }
}

/// What the build knows of a document when it applies the filters. It learns these in this
/// order, each at a cost, and asks [`judge`] after each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    /// Unicode scalar values of the cleaned text.
    pub chars: u64,
    /// The quality measures, once taken (only when a quality filter or the report needs them).
    pub measures: Option<&'a Measures>,
    /// The document's language and its score, once labelled.
    pub lang: Option<(&'a str, f32)>,
}

impl Filter {
    /// Its name in the dry-run report: the key without its table.
    pub fn name(&self) -> &'static str {
        self.key.rsplit('.').next().unwrap_or(self.key)
    }

    /// Whether `config` turns it on, that is sets it otherwise than the default.
    pub fn is_on(&self, config: &Config) -> bool {
        (self.setting)(config) != (self.setting)(&Config::default())
    }

    /// Why a document fails this filter at `bound`, the detail for `removed/`; `None` when it
    /// passes, or when what the filter compares is not known yet.
    pub fn fails(&self, facts: &Facts, bound: Bound) -> Option<String> {
        match (&self.test, bound) {
            (Test::Count { count, unit }, Bound::AtLeast(min)) => {
                let n = count(facts)?;
                (n < min).then(|| format!("{n} {unit}, fewer than {min}"))
            }
            (Test::Share { share, of_what }, Bound::AtMost(max)) => {
                let share = share(facts.measures?);
                (share > max).then(|| format!("{share:.2} {of_what}"))
            }
            (Test::Language, Bound::OneOf(langs)) => {
                let (lang, score) = facts.lang?;
                let outside = !langs.is_empty() && !langs.iter().any(|l| l == lang);
                outside.then(|| format!("detected {lang} ({score:.2})"))
            }
            // A bound of another kind than the test never comes from the list (a test checks
            // every entry), and would compare nothing.
            _ => None,
        }
    }
}

/// The first filter, in list order, that removes a document under `config`, with the detail
/// for `removed/`. Filters whose facts are not known yet pass.
pub fn judge(facts: &Facts, config: &Config) -> Option<(DropReason, String)> {
    FILTERS.iter().find_map(|f| {
        f.fails(facts, (f.setting)(config))
            .map(|detail| (f.reason, detail))
    })
}

/// What each filter with a suggested setting would remove (`--dry-run`): at its setting while
/// it is on, at the suggestion while it is off.
pub struct Tally<'a> {
    pub lines: Vec<TallyLine<'a>>,
}

/// One filter's line of the dry-run report.
pub struct TallyLine<'a> {
    pub filter: &'static Filter,
    /// The setting it is counted at.
    pub bound: Bound<'a>,
    pub on: bool,
    /// Documents it would remove.
    pub removes: u64,
}

impl<'a> Tally<'a> {
    pub fn new(config: &'a Config) -> Tally<'a> {
        let lines = FILTERS
            .iter()
            .filter_map(|filter| {
                let suggested = filter.suggested?;
                let on = filter.is_on(config);
                let bound = if on {
                    (filter.setting)(config)
                } else {
                    suggested
                };
                Some(TallyLine {
                    filter,
                    bound,
                    on,
                    removes: 0,
                })
            })
            .collect();
        Tally { lines }
    }

    /// Counts a document against every filter of the report, not only the first that fails.
    pub fn note(&mut self, facts: &Facts) {
        for line in &mut self.lines {
            if line.filter.fails(facts, line.bound).is_some() {
                line.removes += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::quality::measure;

    /// The facts of a document of `text`, as the build knows them once it is labelled `lang`.
    fn facts<'a>(text: &str, measures: &'a Measures, lang: &'a str) -> Facts<'a> {
        Facts {
            chars: text.chars().count() as u64,
            measures: Some(measures),
            lang: Some((lang, 0.97)),
        }
    }

    /// The reasons every filter would remove a document for at its suggested setting.
    fn at_suggestions(facts: &Facts) -> Vec<DropReason> {
        FILTERS
            .iter()
            .filter_map(|f| f.fails(facts, f.suggested?).map(|_| f.reason))
            .collect()
    }

    #[test]
    fn the_default_config_removes_nothing() {
        let worst = Measures {
            words: 0,
            non_letter_share: 1.0,
            dup_line_share: 1.0,
            dup_ngram_share: 1.0,
        };
        let facts = Facts {
            chars: 0,
            measures: Some(&worst),
            lang: Some(("und", 0.0)),
        };
        assert_eq!(judge(&facts, &Config::default()), None);
        let config = Config::default();
        assert!(FILTERS.iter().all(|f| !f.is_on(&config)));
    }

    #[test]
    fn clean_prose_passes_defaults_and_suggestions() {
        let text = "Астанада жаңа саябақ ашылды. Саябақта балалар алаңы, велосипед жолы және шағын \
                    көл бар. Құрылыс жұмыстары өткен жылы басталған.";
        let m = measure(text);
        let prose = facts(text, &m, "kk");
        assert!(judge(&prose, &Config::default()).is_none());
        assert_eq!(at_suggestions(&prose), [DropReason::TooFewWords]);
    }

    #[test]
    fn number_tables_are_non_letter() {
        let text = "2024 | 15,3 | 17,8 | 22,1\n2023 | 14,0 | 16,2 | 20,9";
        let m = measure(text);
        let reasons = at_suggestions(&facts(text, &m, "und"));
        assert!(reasons.contains(&DropReason::NonLetter), "{reasons:?}");
    }

    #[test]
    fn repeated_lines_and_ngrams_are_caught() {
        let spam = "Купить дешево здесь и сейчас онлайн\n".repeat(5);
        let m = measure(&spam);
        let reasons = at_suggestions(&facts(&spam, &m, "ru"));
        assert!(
            reasons.contains(&DropReason::RepeatedLines)
                && reasons.contains(&DropReason::RepeatedNgrams)
        );
    }

    /// The details are part of the output (`removed/`): the wording of each filter's.
    #[test]
    fn the_first_filter_that_fails_gives_the_detail() {
        let text = "Үш сөз бар";
        let m = measure(text);
        let mut config = Config::default();
        config.quality.min_words = 4;
        config.langs = vec!["ru".into()];
        let short = facts(text, &m, "kk");
        let words = Some((DropReason::TooFewWords, "3 words, fewer than 4".into()));
        assert_eq!(judge(&short, &config), words);
        config.min_chars = 20;
        let chars = Some((DropReason::TooShort, "10 characters, fewer than 20".into()));
        assert_eq!(judge(&short, &config), chars);
        config.min_chars = 0;
        config.quality.min_words = 0;
        let lang = Some((DropReason::Language, "detected kk (0.97)".into()));
        assert_eq!(judge(&short, &config), lang);
        config.quality.max_non_letter_share = 0.0;
        let spam = measure("abc 12345678");
        let detail = "0.73 of characters are not letters".into();
        let numbers = facts("", &spam, "und");
        assert_eq!(
            judge(&numbers, &config),
            Some((DropReason::NonLetter, detail))
        );
    }

    /// `judge` asks each filter only once its facts are known, so the list must not put a
    /// filter before one whose facts come sooner.
    #[test]
    fn filters_are_listed_in_the_order_their_facts_become_known() {
        let m = measure("x");
        let stages = [
            Facts {
                chars: 1,
                ..Facts::default()
            },
            Facts {
                chars: 1,
                measures: Some(&m),
                ..Facts::default()
            },
            facts("x", &m, "zz"),
        ];
        // The step at which a filter at its strictest setting first removes the document.
        let only_kk = ["kk".to_string()];
        let strictest = |f: &Filter| match f.test {
            Test::Count { .. } => Bound::AtLeast(u64::MAX),
            Test::Share { .. } => Bound::AtMost(-1.0),
            Test::Language => Bound::OneOf(&only_kk),
        };
        let steps: Vec<usize> = FILTERS
            .iter()
            .map(|f| {
                let step = stages
                    .iter()
                    .position(|s| f.fails(s, strictest(f)).is_some());
                step.unwrap_or_else(|| panic!("{} never fails", f.key))
            })
            .collect();
        assert!(steps.is_sorted(), "steps {steps:?}");
    }

    /// Each setting and suggestion is a bound its test compares, so `fails` never falls to
    /// its catch-all; each suggestion is a number the report can show.
    #[test]
    fn every_bound_is_of_its_tests_kind() {
        let config = Config::default();
        for f in &FILTERS {
            for bound in [Some((f.setting)(&config)), f.suggested]
                .into_iter()
                .flatten()
            {
                let same_kind = matches!(
                    (&f.test, bound),
                    (Test::Count { .. }, Bound::AtLeast(_))
                        | (Test::Share { .. }, Bound::AtMost(_))
                        | (Test::Language, Bound::OneOf(_))
                );
                assert!(same_kind, "{}: {bound:?}", f.key);
            }
            assert!(f.suggested.is_none_or(|b| b.number().is_some()));
        }
    }

    /// A config file that sets `key` to `value`.
    fn toml(key: &str, value: &str) -> String {
        match key.split_once('.') {
            Some((table, key)) => format!("[{table}]\n{key} = {value}\n"),
            None => format!("{key} = {value}\n"),
        }
    }

    /// Each key is the key of the setting the filter reads; a share out of 0..=1 is refused
    /// with that key.
    #[test]
    fn keys_name_the_settings_the_filters_read() {
        let kk = ["kk".to_string()];
        for f in &FILTERS {
            let (value, expected) = match f.test {
                Test::Count { .. } => ("7", Bound::AtLeast(7)),
                Test::Share { .. } => ("0.25", Bound::AtMost(0.25)),
                Test::Language => ("[\"kk\"]", Bound::OneOf(&kk)),
            };
            let config = Config::parse(&toml(f.key, value)).map(Config::validate);
            let read = config.map(|c| c.map(|c| (f.setting)(&c) == expected));
            assert!(matches!(read, Ok(Ok(true))), "{}", f.key);
            if let Test::Share { .. } = f.test {
                let refused = Config::parse(&toml(f.key, "1.5")).map(Config::validate);
                assert!(
                    matches!(&refused, Ok(Err(crate::base::error::Error::Config { key, .. })) if key == f.key),
                    "{}",
                    f.key
                );
            }
        }
    }

    /// A setting as the README's tables write it: `min_chars`, `[quality]` `min_words`.
    fn readme_key(key: &str) -> String {
        match key.split_once('.') {
            Some((table, key)) => format!("`[{table}]` `{key}`"),
            None => format!("`{key}`"),
        }
    }

    fn readme_value(bound: Bound) -> String {
        match bound {
            Bound::AtLeast(n) => format!("`{n}`"),
            Bound::AtMost(share) => format!("`{share:?}`"),
            Bound::OneOf(langs) => format!("`{langs:?}`"),
        }
    }

    /// The README's table of filters, as the list gives it.
    fn readme_table() -> String {
        let mut out = String::from(
            "| setting | default | `--dry-run` suggests | removes | reason |\n|---|---|---|---|---|\n",
        );
        let config = Config::default();
        for f in &FILTERS {
            let suggested = f.suggested.and_then(|b| b.number());
            out.push_str(&format!(
                "| {} | {} (off) | {} | {} | `{}` |\n",
                readme_key(f.key),
                readme_value((f.setting)(&config)),
                suggested.map_or("—".into(), |n| n.to_string()),
                f.removes,
                f.reason.code(),
            ));
        }
        out
    }

    fn readme() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The table between the markers in the README is the list; when a filter changes, paste
    /// the table this test prints.
    #[test]
    fn the_readme_table_of_filters_is_the_list() {
        let readme = readme();
        let begin = "<!-- filters: generated from FILTERS in src/stages/filters.rs -->\n";
        let end = "<!-- filters: end -->";
        let table = readme
            .split_once(begin)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(table, _)| table);
        let expected = readme_table();
        assert!(
            table == Some(expected.as_str()),
            "the README's table of filters drifted from FILTERS; it should read:\n{expected}"
        );
    }

    /// The rows of the README's table whose header is `header`.
    fn readme_rows<'a>(readme: &'a str, header: &str) -> Vec<&'a str> {
        let mut lines = readme.lines().skip_while(|l| *l != header).skip(2);
        lines.by_ref().take_while(|l| l.starts_with('|')).collect()
    }

    /// The README's settings table has each filter's setting with its default, and its table of
    /// reasons names the setting beside the reason.
    #[test]
    fn the_readme_tables_of_settings_and_reasons_agree_with_the_list() {
        let readme = readme();
        let settings = readme_rows(&readme, "| TOML key | flag | default | meaning |");
        let reasons = readme_rows(&readme, "| reason | meaning |");
        let config = Config::default();
        for f in &FILTERS {
            let setting = format!("| {} | ", readme_key(f.key));
            let default = readme_value((f.setting)(&config));
            let row = settings.iter().find(|l| l.starts_with(&setting));
            let cells = |r: &&str| r.split('|').map(str::trim).nth(3).map(str::to_string);
            assert!(
                row.and_then(cells).is_some_and(|d| d.starts_with(&default)),
                "settings table: {setting}… with default {default}"
            );
            let reason = format!("| `{}` | ", f.reason.code());
            let row = reasons.iter().find(|l| l.starts_with(&reason));
            assert!(
                row.is_some_and(|r| r.contains(&format!("`{}`", f.key))),
                "reasons table: {reason}… naming `{}`",
                f.key
            );
        }
    }
}
