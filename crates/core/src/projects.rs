//! Rules for paid work: the rate the person sets (with the income-needed calculation as a helper), projects
//! quoted from that rate against an estimate in hours, and how far estimates have been from the hours a
//! project really took, by kind of deliverable, so the next quote is better.
//!
//! Money is kept in minor units (cents, pence) of one currency, so sums never round; hours are kept in minutes.

use crate::portfolio::{line, text, Deliverable, MAX_NOTES_CHARS, MAX_TITLE_CHARS};
use crate::time::parse_date;
use crate::{Error, Id, Result};
use jiff::civil::Date;
use serde::Deserialize;

/// More than anyone bills for one piece of CME writing; a typo guard, not a business rule.
pub const MAX_ESTIMATE_HOURS: f64 = 2_000.0;
/// Typo guards for an hourly rate and a yearly sum, in whole currency units (they also keep every amount, as
/// minor units, within what the window's numbers hold exactly).
pub const MAX_RATE: f64 = 10_000.0;
pub const MAX_YEARLY: f64 = 10_000_000.0;

crate::choices! {
    /// Where a project stands, from the quote to the payment.
    pub enum ProjectStatus {
        Quoted = ("quoted", "Quoted"),
        Accepted = ("accepted", "Accepted, in progress"),
        Delivered = ("delivered", "Delivered"),
        Paid = ("paid", "Paid"),
        Declined = ("declined", "Declined"),
    }
}

impl ProjectStatus {
    /// Quoted or under way: time can still be logged against it (the timer and the log-time form offer it).
    pub fn open(self) -> bool {
        matches!(self, ProjectStatus::Quoted | ProjectStatus::Accepted)
    }
}

/// An amount typed in whole units (`45.5`) as minor units (`4550`), refused at `field` unless it is a number
/// from `min` to `max` with at most two decimals' worth of meaning.
fn minor_units(field: &str, amount: f64, min: f64, max: f64) -> Result<i64> {
    if !amount.is_finite() || amount < min || amount > max {
        return Err(Error::invalid(
            field,
            format!("Give an amount from {min} to {max}."),
        ));
    }
    Ok((amount * 100.0).round() as i64)
}

/// A three-letter currency code (ISO 4217 shape: GBP, USD, EUR), upper-cased.
pub fn currency_code(text: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Error::invalid(
            "currency",
            "Use the three-letter code of the currency you invoice in, such as GBP, USD or EUR.",
        ))
    }
}

/// The rate the person charges, and the figures the income-needed helper worked it out from.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatePlanInput {
    pub currency: String,
    /// The income they need in a year, before tax, in whole units.
    pub yearly_income: f64,
    /// What the business costs in a year (insurance, software, equipment, accounting, pension), whole units.
    pub yearly_costs: f64,
    /// Weeks worked in a year, after holidays, sickness and training.
    pub working_weeks: u32,
    /// Hours a week that can be billed: writing for clients, not marketing, admin or learning.
    pub billable_hours_per_week: f64,
    /// The hourly rate they decided on, in whole units; empty to charge what the income needs.
    #[serde(default)]
    pub hourly_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRatePlan {
    pub currency: String,
    pub yearly_income_minor: i64,
    pub yearly_costs_minor: i64,
    pub working_weeks: u32,
    pub billable_minutes_per_week: i64,
    pub hourly_rate_minor: i64,
}

impl RatePlanInput {
    pub fn validate(&self) -> Result<ValidRatePlan> {
        if !(1..=52).contains(&self.working_weeks) {
            return Err(Error::invalid(
                "workingWeeks",
                "Give the weeks you will work in a year, from 1 to 52.",
            ));
        }
        let hours = self.billable_hours_per_week;
        if !hours.is_finite() || hours <= 0.0 || hours > 80.0 {
            return Err(Error::invalid(
                "billableHoursPerWeek",
                "Give the hours you can bill in a week, more than 0 and at most 80.",
            ));
        }
        let yearly_income_minor = minor_units("yearlyIncome", self.yearly_income, 0.0, MAX_YEARLY)?;
        let yearly_costs_minor = minor_units("yearlyCosts", self.yearly_costs, 0.0, MAX_YEARLY)?;
        let billable_minutes_per_week = (hours * 60.0).round() as i64;
        let hourly_rate_minor = match self.hourly_rate {
            Some(rate) => minor_units("hourlyRate", rate, 0.0, MAX_RATE)?,
            None => income_needed_rate(
                yearly_income_minor,
                yearly_costs_minor,
                self.working_weeks,
                billable_minutes_per_week,
            )
            .unwrap_or(0),
        };
        if hourly_rate_minor == 0 {
            return Err(Error::invalid(
                "hourlyRate",
                "Set a rate above zero, or give the income you need to work one out.",
            ));
        }
        if hourly_rate_minor > (MAX_RATE * 100.0) as i64 {
            return Err(Error::invalid(
                "hourlyRate",
                format!("That comes to more than {MAX_RATE} an hour; check the figures."),
            ));
        }
        Ok(ValidRatePlan {
            currency: currency_code(&self.currency)?,
            yearly_income_minor,
            yearly_costs_minor,
            working_weeks: self.working_weeks,
            billable_minutes_per_week,
            hourly_rate_minor,
        })
    }
}

/// The income-needed rate: what the year must bring in (income plus costs) over the hours that can be billed in
/// it, rounded up to the next minor unit. `None` when no hours are billable.
pub fn income_needed_rate(
    yearly_income_minor: i64,
    yearly_costs_minor: i64,
    working_weeks: u32,
    billable_minutes_per_week: i64,
) -> Option<i64> {
    let minutes = i128::from(working_weeks) * i128::from(billable_minutes_per_week);
    if minutes <= 0 {
        return None;
    }
    let needed = (i128::from(yearly_income_minor) + i128::from(yearly_costs_minor)) * 60;
    i64::try_from((needed + minutes - 1) / minutes).ok()
}

/// The fee for `estimate_minutes` at `hourly_rate_minor`, to the nearest minor unit.
pub fn fee_minor(estimate_minutes: i64, hourly_rate_minor: i64) -> i64 {
    let exact = i128::from(estimate_minutes) * i128::from(hourly_rate_minor);
    i64::try_from((exact + 30) / 60).unwrap_or(i64::MAX)
}

/// A project for an organisation in the pipeline, quoted from an estimate and a rate.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectInput {
    pub organisation_id: Id,
    pub title: String,
    pub deliverable: Deliverable,
    pub status: ProjectStatus,
    pub estimate_hours: f64,
    /// Whole units an hour; the rate plan's rate to start with.
    pub hourly_rate: f64,
    pub currency: String,
    pub quoted_on: String,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProject {
    pub organisation_id: Id,
    pub title: String,
    pub deliverable: Deliverable,
    pub status: ProjectStatus,
    pub estimate_minutes: i64,
    pub hourly_rate_minor: i64,
    pub fee_minor: i64,
    pub currency: String,
    pub quoted_on: Date,
    pub due_on: Option<Date>,
    pub notes: String,
}

impl ProjectInput {
    pub fn validate(&self, today: Date) -> Result<ValidProject> {
        let hours = self.estimate_hours;
        if !hours.is_finite() || hours <= 0.0 || hours > MAX_ESTIMATE_HOURS {
            return Err(Error::invalid(
                "estimateHours",
                format!("Estimate the hours it will take: more than 0, at most {MAX_ESTIMATE_HOURS}."),
            ));
        }
        let estimate_minutes = (hours * 60.0).round().max(1.0) as i64;
        let hourly_rate_minor = minor_units("hourlyRate", self.hourly_rate, 0.0, MAX_RATE)?;
        if hourly_rate_minor == 0 {
            return Err(Error::invalid("hourlyRate", "Quote at a rate above zero."));
        }
        let quoted_on = parse_date("quotedOn", &self.quoted_on)?;
        if quoted_on > today {
            return Err(Error::invalid(
                "quotedOn",
                "That day has not come yet; give the day you sent the quote.",
            ));
        }
        let due_on = self
            .due_on
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_date("dueOn", t))
            .transpose()?;
        if due_on.is_some_and(|due| due < quoted_on) {
            return Err(Error::invalid("dueOn", "The deadline comes before the quote."));
        }
        Ok(ValidProject {
            organisation_id: self.organisation_id,
            title: line("title", &self.title, MAX_TITLE_CHARS, true)?,
            deliverable: self.deliverable,
            status: self.status,
            estimate_minutes,
            hourly_rate_minor,
            fee_minor: fee_minor(estimate_minutes, hourly_rate_minor),
            currency: currency_code(&self.currency)?,
            quoted_on,
            due_on,
            notes: text("notes", &self.notes, MAX_NOTES_CHARS)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn field(result: Result<impl Sized>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn the_income_needed_rate_spreads_the_year_over_the_billable_hours_rounding_up() {
        // 60,000 income + 6,000 costs over 44 weeks of 25 billable hours = 66,000 / 1,100 h = 60.00 an hour.
        assert_eq!(income_needed_rate(6_000_000, 600_000, 44, 25 * 60), Some(6_000));
        // 50,000 over 46 × 20 h = 920 h: 54.3478… rounds up to 54.35.
        assert_eq!(income_needed_rate(5_000_000, 0, 46, 20 * 60), Some(5_435));
        assert_eq!(income_needed_rate(5_000_000, 0, 46, 0), None);
    }

    #[test]
    fn a_fee_is_the_estimate_at_the_rate_to_the_nearest_minor_unit() {
        assert_eq!(fee_minor(12 * 60, 7_500), 90_000);
        assert_eq!(fee_minor(90, 6_001), 9_002, "1.5 h at 60.01 is 90.015, so 90.02");
        assert_eq!(fee_minor(1, 100), 2, "a minute at 1.00 is 0.0166…, so 0.02");
    }

    #[test]
    fn a_project_needs_a_title_hours_a_rate_and_a_quote_day_not_in_the_future() {
        let today = date(2026, 12, 3);
        let input = ProjectInput {
            organisation_id: Id(1),
            title: "Needs assessment: heart failure update".into(),
            deliverable: Deliverable::NeedsAssessment,
            status: ProjectStatus::Quoted,
            estimate_hours: 12.5,
            hourly_rate: 80.0,
            currency: "gbp".into(),
            quoted_on: "2026-12-01".into(),
            due_on: Some("2027-01-15".into()),
            notes: String::new(),
        };
        let valid = input.validate(today).expect("valid");
        assert_eq!(
            (valid.estimate_minutes, valid.fee_minor, valid.currency.as_str()),
            (750, 100_000, "GBP")
        );
        let with = |change: &dyn Fn(&mut ProjectInput)| {
            let mut changed = input.clone();
            change(&mut changed);
            field(changed.validate(today))
        };
        assert_eq!(with(&|p| p.title = " ".into()), Some("title".into()));
        assert_eq!(with(&|p| p.estimate_hours = 0.0), Some("estimateHours".into()));
        assert_eq!(
            with(&|p| p.estimate_hours = f64::NAN),
            Some("estimateHours".into())
        );
        assert_eq!(with(&|p| p.hourly_rate = -5.0), Some("hourlyRate".into()));
        assert_eq!(with(&|p| p.hourly_rate = 0.001), Some("hourlyRate".into()));
        assert_eq!(with(&|p| p.currency = "pounds".into()), Some("currency".into()));
        assert_eq!(
            with(&|p| p.quoted_on = "2026-12-04".into()),
            Some("quotedOn".into())
        );
        assert_eq!(
            with(&|p| p.due_on = Some("2026-11-30".into())),
            Some("dueOn".into())
        );
    }

    #[test]
    fn a_rate_plan_keeps_its_figures_in_minor_units_and_refuses_impossible_weeks() {
        let plan = RatePlanInput {
            currency: "USD".into(),
            yearly_income: 90_000.0,
            yearly_costs: 7_500.5,
            working_weeks: 46,
            billable_hours_per_week: 22.5,
            hourly_rate: Some(95.0),
        };
        let valid = plan.validate().expect("valid");
        assert_eq!(
            (
                valid.yearly_costs_minor,
                valid.billable_minutes_per_week,
                valid.hourly_rate_minor
            ),
            (750_050, 1_350, 9_500)
        );
        let with = |change: &dyn Fn(&mut RatePlanInput)| {
            let mut changed = plan.clone();
            change(&mut changed);
            field(changed.validate())
        };
        assert_eq!(with(&|p| p.working_weeks = 53), Some("workingWeeks".into()));
        assert_eq!(
            with(&|p| p.billable_hours_per_week = 0.0),
            Some("billableHoursPerWeek".into())
        );
        assert_eq!(
            with(&|p| p.yearly_income = f64::INFINITY),
            Some("yearlyIncome".into())
        );
        assert_eq!(with(&|p| p.hourly_rate = Some(0.0)), Some("hourlyRate".into()));
        // Left empty, the rate is what the income needs: 97,500.50 over 46 × 22.5 h = 94.20… rounds up to 94.21.
        let needed = RatePlanInput {
            hourly_rate: None,
            ..plan.clone()
        }
        .validate()
        .map(|p| p.hourly_rate_minor);
        assert_eq!(needed.ok(), Some(9_421));
        let nothing = RatePlanInput {
            hourly_rate: None,
            yearly_income: 0.0,
            yearly_costs: 0.0,
            ..plan
        };
        assert_eq!(field(nothing.validate()), Some("hourlyRate".into()));
    }
}
