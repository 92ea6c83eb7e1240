//! Spaced review with Leitner boxes: once a step is passed, each of its
//! questions sits in a box, and the box says how long until it is asked
//! again. A right answer in review moves the question up a box (a longer
//! wait); a missed one sends it back to box 1, and it comes back tomorrow.
//! See docs/review.md for why Leitner rather than FSRS.
//!
//! Pure functions of the progress and a date: the caller passes "today", so
//! tests control time.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

use super::{Progress, Status, StepRecord, StoredStatus};
use crate::content::Fingerprint;

/// Days to wait in each box, from box 1: a question that reaches box `b`
/// is next asked `INTERVALS[b - 1]` days later.
pub const INTERVALS: [i64; 5] = [2, 7, 30, 90, 180];

/// The highest box.
pub const TOP_BOX: u8 = INTERVALS.len() as u8;

/// Days until a question missed in review is asked again.
pub const AFTER_A_MISS: i64 = 1;

/// At most this many questions in one `onboard review` (a few minutes).
pub const SESSION: usize = 5;

/// One question's place in the schedule, as the progress file stores it:
/// `{ box = 1, due = 2026-12-03 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The Leitner box, 1 to [`TOP_BOX`].
    #[serde(rename = "box")]
    pub level: u8,
    /// The day from which the question is due.
    pub due: Due,
}

/// A calendar day, written in TOML as a date (`due = 2026-12-03`, not a
/// string), so that people and tools read it as one. Formats that are not
/// for people (the postcard cache) get jiff's own form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due(pub Date);

impl Serialize for Due {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return self.0.serialize(serializer);
        }
        let date = toml::value::Date {
            year: self.0.year().max(0) as u16,
            month: self.0.month() as u8,
            day: self.0.day() as u8,
        };
        toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return Date::deserialize(deserializer).map(Due);
        }
        deserializer.deserialize_any(DueVisitor)
    }
}

/// Reads a TOML date or datetime (its day is kept), or the same as a string.
struct DueVisitor;

impl<'de> serde::de::Visitor<'de> for DueVisitor {
    type Value = Due;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date such as 2026-12-03")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Due, E> {
        parse_day(text).ok_or_else(|| E::custom(format!("“{text}” is not a date (YYYY-MM-DD)")))
    }

    /// A TOML datetime reaches serde as a map of one private key to its text.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Due, A::Error> {
        use serde::de::Error;
        if map.next_key::<String>()?.is_none() {
            return Err(A::Error::custom("a date was expected"));
        }
        let text: String = map.next_value()?;
        self.visit_str(&text)
    }
}

/// The day of a TOML date or datetime; `None` for a time of day alone.
fn parse_day(text: &str) -> Option<Due> {
    let parsed: toml::value::Datetime = text.trim().parse().ok()?;
    let d = parsed.date?;
    let year = i16::try_from(d.year).ok()?;
    let month = i8::try_from(d.month).ok()?;
    let day = i8::try_from(d.day).ok()?;
    Date::new(year, month, day).ok().map(Due)
}

/// The recruit's day at `now`, in the system's time zone.
pub fn today(now: Timestamp) -> Date {
    local_zone().to_datetime(now).date()
}

/// The system's time zone, read once. `TimeZone::system()` lists the whole
/// zoneinfo tree to name the zone (about 0.5 ms, a third of `onboard
/// status`), so the usual cases are read directly: `TZ` as a POSIX rule or
/// a zoneinfo file, else /etc/localtime. Anything else falls back on it.
fn local_zone() -> &'static jiff::tz::TimeZone {
    use jiff::tz::TimeZone;
    static ZONE: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        let file = |path: &std::path::Path| {
            let bytes = std::fs::read(path).ok()?;
            TimeZone::tzif("Local", &bytes).ok()
        };
        match std::env::var("TZ") {
            Ok(tz) if !tz.is_empty() => {
                let name = tz.trim_start_matches(':');
                let path = std::path::Path::new("/usr/share/zoneinfo").join(name);
                let safe = !name.contains("..");
                TimeZone::posix(name)
                    .ok()
                    .or_else(|| file(std::path::Path::new(name)).filter(|_| name.starts_with('/')))
                    .or_else(|| file(&path).filter(|_| safe))
                    .unwrap_or_else(TimeZone::system)
            }
            _ => file(std::path::Path::new("/etc/localtime")).unwrap_or_else(TimeZone::system),
        }
    })
}

/// Whole days from `from` to `to` (negative when `to` is before).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// `date` plus `days`, or `date` itself past the end of the calendar; never
/// before year 0, which a TOML date cannot write (a clock set that far back
/// must not make the file unreadable).
fn after(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days))
        .unwrap_or(date)
        .max(Date::constant(0, 1, 1))
}

/// The schedule of a step just passed on `day`: every question in box 1.
pub fn fresh(questions: usize, day: Date) -> Vec<Card> {
    vec![
        Card {
            level: 1,
            due: Due(after(day, INTERVALS[0])),
        };
        questions
    ]
}

impl Card {
    /// The card after an answer in review on `day`.
    pub fn answered(self, right: bool, day: Date) -> Card {
        if right {
            let level = self.level.max(1).saturating_add(1).min(TOP_BOX);
            Card {
                level,
                due: Due(after(day, INTERVALS[usize::from(level) - 1])),
            }
        } else {
            Card {
                level: 1,
                due: Due(after(day, AFTER_A_MISS)),
            }
        }
    }

    pub fn is_due(self, day: Date) -> bool {
        self.due.0 <= day
    }
}

impl StepRecord {
    /// The schedule of this step's `questions` questions, if it is passed:
    /// the stored one, completed for a step passed before review existed
    /// (or whose stored schedule is shorter) as if scheduled when it was
    /// passed. Nothing is written: the cards are stored when answered.
    pub fn cards(&self, questions: usize) -> Vec<Card> {
        if self.status != StoredStatus::Passed {
            return Vec::new();
        }
        let mut cards: Vec<Card> = self.review.iter().take(questions).copied().collect();
        if cards.len() < questions {
            let day = today(self.passed_at.unwrap_or(self.started_at));
            cards.extend(fresh(questions - cards.len(), day));
        }
        cards
    }
}

/// A question of a passed step, and its place in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    /// The step's position in the content, from 0.
    pub step: usize,
    pub id: String,
    /// The question's index in the step file, from 0.
    pub question: usize,
    pub card: Card,
}

/// Every scheduled question of the steps that are passed now (not
/// outdated): `steps` gives each step's id, fingerprint and question count,
/// in content order.
pub fn scheduled<'a>(
    progress: &Progress,
    steps: impl IntoIterator<Item = (&'a str, &'a Fingerprint, usize)>,
) -> Vec<Scheduled> {
    let mut out = Vec::new();
    for (position, (id, fingerprint, questions)) in steps.into_iter().enumerate() {
        if progress.status_of(id, fingerprint) != Status::Passed {
            continue;
        }
        let Some(record) = progress.steps.get(id) else {
            continue;
        };
        for (question, card) in record.cards(questions).into_iter().enumerate() {
            out.push(Scheduled {
                step: position,
                id: id.to_string(),
                question,
                card,
            });
        }
    }
    out
}

/// How many questions are due on `day`, and the first later day on which
/// some are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outlook {
    pub due: usize,
    pub next: Option<Date>,
}

pub fn outlook(all: &[Scheduled], day: Date) -> Outlook {
    Outlook {
        due: all.iter().filter(|s| s.card.is_due(day)).count(),
        next: all
            .iter()
            .map(|s| s.card.due.0)
            .filter(|due| *due > day)
            .min(),
    }
}

/// The questions to ask on `day`, at most `max`: the steps whose oldest
/// due question is oldest come first, and the session takes one question
/// from each step in turn, so that it mixes steps.
pub fn session(all: &[Scheduled], day: Date, max: usize) -> Vec<Scheduled> {
    let mut by_step: BTreeMap<usize, Vec<&Scheduled>> = BTreeMap::new();
    for s in all.iter().filter(|s| s.card.is_due(day)) {
        by_step.entry(s.step).or_default().push(s);
    }
    let mut queues: Vec<Vec<&Scheduled>> = by_step.into_values().collect();
    for queue in &mut queues {
        queue.sort_by_key(|s| (s.card.due, s.question));
    }
    queues.sort_by_key(|q| (q[0].card.due, q[0].step));
    let mut out = Vec::new();
    let mut round = 0;
    while out.len() < max {
        let before = out.len();
        for queue in &queues {
            if let Some(s) = queue.get(round)
                && out.len() < max
            {
                out.push((*s).clone());
            }
        }
        if out.len() == before {
            break;
        }
        round += 1;
    }
    out
}

impl Progress {
    /// Records a review answer to question `question` of the step `id`,
    /// which has `questions` questions and the fingerprint `fingerprint`
    /// now. Ignored unless the step is still passed on the same content
    /// (another run may have changed it meanwhile). Returns the new card.
    pub fn record_review(
        &mut self,
        id: &str,
        fingerprint: &Fingerprint,
        questions: usize,
        question: usize,
        right: bool,
        day: Date,
    ) -> Option<Card> {
        if self.status_of(id, fingerprint) != Status::Passed || question >= questions {
            return None;
        }
        let record = self.steps.get_mut(id)?;
        let mut cards = record.cards(questions);
        let card = cards.get(question)?.answered(right, day);
        cards[question] = card;
        record.review = cards;
        Some(card)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn card(level: u8, due: Date) -> Card {
        Card {
            level,
            due: Due(due),
        }
    }

    #[test]
    fn a_right_answer_moves_up_a_box_and_a_miss_goes_back_to_box_1_tomorrow() {
        let day = date(2026, 12, 1);
        let c = card(1, day).answered(true, day);
        assert_eq!(c, card(2, date(2026, 12, 8)));
        let c = c.answered(true, date(2026, 12, 8));
        assert_eq!(c, card(3, date(2027, 1, 7)));
        let missed = c.answered(false, date(2027, 1, 7));
        assert_eq!(missed, card(1, date(2027, 1, 8)));
        // A miss comes back sooner than any right answer would.
        assert!(
            missed.due
                < card(1, date(2027, 1, 7))
                    .answered(true, date(2027, 1, 7))
                    .due
        );
        // The top box stays the top box.
        let top = card(TOP_BOX, day).answered(true, day);
        assert_eq!(top, card(TOP_BOX, date(2027, 5, 30)));
        // A box out of range in a hand-edited file is brought back in.
        assert_eq!(card(0, day).answered(true, day).level, 2);
        assert_eq!(card(200, day).answered(true, day).level, TOP_BOX);
        // The calendar's ends: still a date TOML can write.
        let first = fresh(1, date(-5, 1, 1))[0].due.0;
        assert_eq!(first, date(0, 1, 1));
        let last = card(1, date(9999, 12, 30)).answered(true, date(9999, 12, 30));
        assert_eq!(last.due.0, date(9999, 12, 30));
    }

    #[test]
    fn a_date_is_written_as_a_toml_date_and_read_back_from_a_date_or_datetime() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct File {
            review: Vec<Card>,
        }
        let file = File {
            review: vec![card(1, date(2026, 12, 3)), card(4, date(2027, 2, 28))],
        };
        let text = toml::to_string(&file).unwrap();
        assert!(text.contains("due = 2026-12-03"), "{text}");
        assert!(!text.contains("\"2026"), "{text}");
        let table: toml::Table = toml::from_str(&text).unwrap();
        let first = &table["review"].as_array().unwrap()[0];
        assert!(first["due"].as_datetime().is_some(), "{first:?}");
        assert_eq!(toml::from_str::<File>(&text).unwrap(), file);
        // Through a toml::Value too (the careful parse path).
        assert_eq!(table.try_into::<File>().unwrap(), file);

        for written in [
            "2026-12-03",
            "2026-12-03T09:30:00",
            "2026-12-03T09:30:00+01:00",
            "\"2026-12-03\"",
        ] {
            let text = format!("review = [{{ box = 1, due = {written} }}]");
            let back: File = toml::from_str(&text).unwrap();
            assert_eq!(back.review[0].due, Due(date(2026, 12, 3)), "{written}");
        }
        for wrong in ["09:30:00", "\"demain\"", "3"] {
            let text = format!("review = [{{ box = 1, due = {wrong} }}]");
            assert!(toml::from_str::<File>(&text).is_err(), "{wrong}");
        }
    }

    fn scheduled(step: usize, question: usize, due: Date) -> Scheduled {
        Scheduled {
            step,
            id: format!("s{step}"),
            question,
            card: card(1, due),
        }
    }

    #[test]
    fn a_session_takes_the_oldest_first_mixes_steps_and_stops_at_the_limit() {
        let day = date(2026, 12, 10);
        let all = vec![
            scheduled(0, 0, date(2026, 12, 9)),
            scheduled(0, 1, date(2026, 12, 9)),
            scheduled(0, 2, date(2026, 12, 9)),
            scheduled(1, 0, date(2026, 12, 2)),
            scheduled(1, 1, date(2026, 12, 5)),
            scheduled(2, 0, date(2026, 12, 20)), // not due
            scheduled(3, 0, date(2026, 12, 10)),
            scheduled(3, 1, date(2026, 12, 10)),
        ];
        let picked: Vec<(usize, usize)> = session(&all, day, SESSION)
            .iter()
            .map(|s| (s.step, s.question))
            .collect();
        assert_eq!(picked, vec![(1, 0), (0, 0), (3, 0), (1, 1), (0, 1)]);
        assert_eq!(
            outlook(&all, day),
            Outlook {
                due: 7,
                next: Some(date(2026, 12, 20))
            }
        );
        assert!(session(&all, date(2026, 12, 1), SESSION).is_empty());
        assert_eq!(session(&all, day, 100).len(), 7);
    }
}
