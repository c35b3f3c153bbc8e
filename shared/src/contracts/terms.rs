//! A project's terms as a contract writes them, in French: the values of the template
//! variables (`super::markup::VARIABLES`).

use crate::dates;
use crate::projects::model::Project;

const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `YYYY-MM-DD` as « mardi 14 mars 2027 » (the day as is when it does not parse).
pub fn long_date(value: &str) -> String {
    match value.parse::<jiff::civil::Date>() {
        Ok(d) => {
            let weekday = DAYS[usize::from(d.weekday().to_monday_zero_offset() as u8)];
            let month = MONTHS[usize::from(d.month() as u8) - 1];
            let day = if d.day() == 1 {
                "1er".to_owned()
            } else {
                d.day().to_string()
            };
            format!("{weekday} {day}\u{a0}{month} {}", d.year())
        }
        Err(_) => value.to_owned(),
    }
}

/// Cents as « 1 800,00 € » (no-break spaces between thousands and before the sign).
pub fn price(cents: u64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}\u{a0}€", cents % 100)
}

/// The value of the variable `name` for `project`, written on `now`.
pub fn value(project: &Project, name: &str, now: i64) -> String {
    match name {
        "client.name" => project.client_name.clone(),
        "provider.name" => project.provider_name.clone(),
        "service.name" => project.title.clone(),
        "event.name" => project
            .event_name
            .as_ref()
            .map(|n| format!("l'événement «\u{a0}{n}\u{a0}»"))
            .unwrap_or_else(|| "le client".to_owned()),
        "date" => long_date(&project.date),
        "time" => match (&project.start, &project.end) {
            (Some(start), Some(end)) => format!("de {start} à {end}"),
            (Some(start), None) => format!("à partir de {start}"),
            _ => "toute la journée".to_owned(),
        },
        "place" => project
            .place
            .clone()
            .unwrap_or_else(|| "à convenir entre les parties".to_owned()),
        "price" => project
            .price_cents
            .map(price)
            .unwrap_or_else(|| "à convenir entre les parties".to_owned()),
        "today" => long_date(&dates::today(now).to_string()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates_and_prices() {
        assert_eq!(long_date("2027-03-01"), "lundi 1er\u{a0}mars 2027");
        assert_eq!(price(180_000), "1\u{a0}800,00\u{a0}€");
        assert_eq!(price(35_050), "350,50\u{a0}€");
        assert_eq!(price(123_456_789), "1\u{a0}234\u{a0}567,89\u{a0}€");
    }
}
