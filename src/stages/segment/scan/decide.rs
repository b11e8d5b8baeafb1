//! The verdict on a run of terminal marks: does it end its sentence? Inside
//! brackets it never does; with no space after it, `glue` decides. Otherwise
//! what follows decides first (a lowercase word, a comma or a dash continue
//! the sentence), then what precedes a full stop (an abbreviation, initial
//! or ordinal ends a sentence only before a typical sentence starter).

use super::Scanner;
use super::prev::Prev;
use super::quotes::Enclosure;
use super::terminal::{Cluster, Kind};
use super::words::{Lead, Next, starts_sentence};
use crate::stages::segment::chars::is_question_or_exclamation;

impl Scanner<'_> {
    pub(super) fn decide(&self, cl: &Cluster) -> bool {
        let enclosure = self.enclosure(cl.end);
        match self.char_at(cl.end) {
            None => return false,
            Some(_) if enclosure == Some(Enclosure::Bracket) => return false,
            Some(c) if !c.is_whitespace() => return self.glued(cl, c, enclosure.is_some()),
            Some(_) => {}
        }
        let nx = self.next_info(cl.end);
        if nx.blank_line || nx.lead == Lead::End {
            return false;
        }
        // Inside a quotation a new capitalised sentence still starts one;
        // «…? — спросила мама. — …» is one quoted utterance with its author.
        if enclosure.is_some() && (nx.via_dash || nx.lead == Lead::Lower) {
            return false;
        }
        match cl.kind {
            Kind::Hard => !matches!(nx.lead, Lead::Punct),
            Kind::QuestionExclamation => self.decide_qe(cl, &nx),
            // Without letter case an ellipsis gives no evidence of a new sentence.
            Kind::Ellipsis => starts_sentence(&nx) && nx.lead != Lead::Caseless,
            Kind::Period if cl.closed => {
                starts_sentence(&nx) && self.classify_prev(cl.start) != Prev::ListMarker
            }
            Kind::Period => self.decide_period(cl, &nx),
        }
    }

    fn decide_qe(&self, cl: &Cluster, nx: &Next) -> bool {
        match nx.lead {
            // «Кеттің бе?» деп сұрады: a closed quotation runs on.
            Lead::Lower if cl.closed || nx.via_dash || nx.via_open => false,
            Lead::Lower if self.in_set(&self.rules.quotative, self.next_word(nx).0) => false,
            Lead::Lower => {
                let r = self.rules;
                (cl.question && r.question_before_lowercase)
                    || (r.period_before_lowercase
                        && cl.dots + usize::from(cl.question) == 0
                        && self.repeated_mark(cl))
            }
            _ => starts_sentence(nx),
        }
    }

    /// "ASAP!!! plz": a doubled exclamation mark is emphatic enough to end a
    /// sentence even before a lowercase word in informal text.
    fn repeated_mark(&self, cl: &Cluster) -> bool {
        self.text
            .get(cl.start..cl.end)
            .is_some_and(|s| s.chars().filter(|c| is_question_or_exclamation(*c)).count() >= 2)
    }

    fn decide_period(&self, cl: &Cluster, nx: &Next) -> bool {
        let starts = starts_sentence(nx);
        // Informal text without capitals: "home. then i slept". A short
        // capitalised word before the dot is likely an unlisted abbreviation
        // ("Univ. of Texas"), so then only a typical sentence opener counts.
        let lower_ok = nx.lead == Lead::Lower
            && !nx.via_dash
            && (nx.camel
                || (self.rules.period_before_lowercase
                    && (!self.short_capitalized(cl.start)
                        || self.in_set(&self.rules.starters, self.next_word(nx).0))));
        if !starts && !lower_ok {
            return false;
        }
        let capital = matches!(nx.lead, Lead::Upper | Lead::Caseless);
        match self.classify_prev(cl.start) {
            Prev::Word => starts || lower_ok,
            _ if !starts => false,
            Prev::NonFinal | Prev::ListMarker => false,
            Prev::Abbrev | Prev::Initial | Prev::Ordinal => {
                capital
                    && (self.is_starter(nx)
                        || self.line_break_before(cl.end, nx)
                        || self.initials_close_a_name(cl.start, nx)
                        || self.script_changes(cl.start, nx))
                    && !self.is_initial_word(nx)
            }
            Prev::Final => {
                let next = self.next_word(nx).0;
                (capital || nx.via_dash || nx.via_open || nx.lead == Lead::Digit)
                    && !self.is_initial_word(nx)
                    && !self.in_set(&self.rules.months, next)
                    && !self.in_set(&self.rules.qualifiers, next)
            }
        }
    }
}
